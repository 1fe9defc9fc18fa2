"""Independence, shown and enforced: who funds Peers is on a page from a checked file, and a
person tied to a platform (its representative, or a vendor disclosing a tie) cannot moderate
anything about it."""

import pytest

from peers.accounts.models import User
from peers.campaigns import services as campaigns
from peers.errors import Forbidden
from peers.extensions import db
from peers.independence.funders import FundersError, parse
from peers.independence.ties import tied_platform_ids
from peers.moderation import services as moderation
from peers.ratings.models import Review
from tests.factories import make_offer, make_vendor, platform_id, write_platform_review
from tests.helpers import text_of


def test_the_page_says_who_funds_peers_and_the_rules(small_client):
    page = text_of(small_client.get("/about/independence"))
    assert "Peers has received no outside money so far" in page
    assert "No one decides about their own platform." in page
    assert "/about/independence" in small_client.get("/").get_data(as_text=True)


def test_a_funder_entry_is_checked():
    good = parse("as_of: 2026-12-01\nstatement: Funded by members.\nfunders:\n"
                 "  - {name: A Foundation, kind: foundation, amount: '10,000-25,000 EUR', "
                 "period: '2026', source: 'https://example.org/grant'}\n")
    assert good.funders[0].name == "A Foundation"
    for broken, message in [
        ("as_of: 2026-12-01\nstatement: x\nfunders:\n  - {name: A, kind: oil, amount: '1', "
         "period: '1', source: 'https://e.org'}\n", "'kind'"),
        ("as_of: 2026-12-01\nstatement: x\nfunders:\n  - {name: A, kind: other, amount: '1', "
         "period: '1', source: 'http://e.org'}\n", "https URL"),
        ("as_of: 2026-12-01\nstatement: x\nfunders:\n  - {name: A, kind: other, period: '1', "
         "source: 'https://e.org'}\n", "'amount' is required"),
        ("statement: x\n", "'as_of'"),
    ]:
        with pytest.raises(FundersError, match=message):
            parse(broken)


def test_a_representative_who_moderates_cannot_decide_about_their_platform(small_app,
                                                                           make_user):
    review_id = write_platform_review(small_app, make_user(small_app), "rover")
    tied = make_user(small_app, role="moderator",
                     represents_platform_id=platform_id(small_app, "rover"))
    with small_app.app_context():
        with pytest.raises(Forbidden, match="tied to a platform"):
            moderation.decide(db.session.get(User, tied.id), db.session.get(Review, review_id),
                              "hide", "Too harsh.")
        db.session.rollback()
        assert db.session.get(Review, review_id).status == "visible"


def test_a_vendor_disclosing_a_tie_cannot_start_a_campaign_about_that_platform(small_app,
                                                                              make_user):
    vendor = make_user(small_app, role="vendor")
    make_vendor(small_app, vendor, name="Paws Insurance")
    make_offer(small_app, vendor, platform_slugs=("rover",),
               platform_tie="Rover's partner insurer")
    with small_app.app_context():
        owner = db.session.get(User, vendor.id)
        assert tied_platform_ids(owner) == {platform_id(small_app, "rover")}
        with pytest.raises(Forbidden, match="You are tied to Rover"):
            campaigns.start(owner, campaigns.CampaignData(
                title="Lower fees", problem="Fees.", ask="Lower them.", tags=(),
                platform_ids=(platform_id(small_app, "rover"),)))
