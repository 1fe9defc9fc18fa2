"""Campaigns and their updates are reported and moderated like reviews; a tied moderator is
refused; the account export holds them and account deletion keeps or removes them."""

import json

import pytest
import sqlalchemy as sa

from peers.accounts import services as accounts
from peers.accounts.models import User
from peers.campaigns import services
from peers.campaigns.models import Campaign, CampaignFlag, CampaignSupport, CampaignUpdate
from peers.errors import Forbidden
from peers.extensions import db
from peers.moderation import services as moderation
from tests.factories import count, platform_id
from tests.helpers import PASSWORD, login, post, text_of


def make_campaign(app, organizer, slugs=("rover",)) -> int:
    with app.app_context():
        ids = tuple(platform_id(app, slug) for slug in slugs)
        campaign = services.start(db.session.get(User, organizer.id), services.CampaignData(
            title="Fair deactivation appeals", problem="Accounts are closed without a word.",
            ask="A human review within 7 days.", platform_ids=ids, tags=("deactivation",)))
        db.session.commit()
        return campaign.id


def support(app, user, campaign_id) -> None:
    with app.app_context():
        services.support(db.session.get(User, user.id), db.session.get(Campaign, campaign_id),
                         None, "FR", True)
        db.session.commit()


def test_a_reported_campaign_reaches_the_queue_and_a_moderator_hides_it(small_app, small_client,
                                                                       make_user):
    campaign = make_campaign(small_app, make_user(small_app))
    page = f"/campaigns/{campaign}"
    login(small_client, make_user(small_app))
    flagged = post(small_client, f"{page}/flag", page, reason="This is an advert.")
    assert flagged.status_code == 302 and count(small_app, CampaignFlag) == 1
    login(small_client, make_user(small_app, role="moderator"))
    queue = text_of(small_client.get("/moderation"))
    assert "Fair deactivation appeals" in queue and "This is an advert." in queue
    hidden = post(small_client, f"/moderation/campaigns/{campaign}/decide", "/moderation",
                  action="hide", reason="Advertising.")
    assert hidden.status_code == 302
    assert small_client.get(page).status_code == 404
    assert "Fair deactivation appeals" not in text_of(small_client.get("/campaigns"))
    assert "Advertising." in text_of(small_client.get("/moderation/log"))


def test_an_organizer_update_can_be_reported_and_hidden(small_app, small_client, make_user):
    organizer = make_user(small_app)
    campaign = make_campaign(small_app, organizer)
    with small_app.app_context():
        update = services.post_update(db.session.get(User, organizer.id),
                                      db.session.get(Campaign, campaign), "Rude words here.")
        db.session.commit()
        update_id = update.id
    page = f"/campaigns/{campaign}"
    login(small_client, make_user(small_app))
    assert post(small_client, f"/campaigns/updates/{update_id}/flag", page,
                reason="Insulting.").status_code == 302
    login(small_client, make_user(small_app, role="moderator"))
    assert post(small_client, f"/moderation/campaign-updates/{update_id}/decide", "/moderation",
                action="hide", reason="Insults.").status_code == 302
    assert "Rude words here." not in text_of(small_client.get(page))


def test_a_moderator_tied_to_the_platform_cannot_decide_about_it(small_app, make_user):
    campaign = make_campaign(small_app, make_user(small_app))
    tied = make_user(small_app, role="moderator",
                     represents_platform_id=platform_id(small_app, "rover"))
    with small_app.app_context():
        item = db.session.get(Campaign, campaign)
        with pytest.raises(Forbidden, match="tied to a platform"):
            moderation.decide(db.session.get(User, tied.id), item, "hide", "Bad for business.")
        db.session.rollback()
        assert db.session.get(Campaign, campaign).status == "visible"


def test_the_export_holds_campaigns_supports_and_updates(small_app, small_client, make_user):
    organizer = make_user(small_app)
    campaign = make_campaign(small_app, organizer)
    other = make_campaign(small_app, make_user(small_app), ("airbnb",))
    support(small_app, organizer, other)
    login(small_client, organizer)
    data = json.loads(small_client.get("/account/export").get_data(as_text=True))
    assert [c["id"] for c in data["campaigns_started"]] == [campaign]
    assert data["campaigns_started"][0]["platforms"] == ["rover"]
    assert [s["campaign_id"] for s in data["campaigns_supported"]] == [other]


@pytest.mark.parametrize("keep", [True, False])
def test_deleting_an_account_recounts_support_and_keeps_or_removes_campaigns(small_app,
                                                                             make_user, keep):
    organizer, supporter, stays = make_user(small_app), make_user(small_app), make_user(small_app)
    mine = make_campaign(small_app, organizer)
    theirs = make_campaign(small_app, stays, ("airbnb",))
    support(small_app, supporter, theirs)
    support(small_app, organizer, theirs)
    with small_app.app_context():
        services.post_update(db.session.get(User, organizer.id),
                             db.session.get(Campaign, mine), "News.")
        db.session.commit()
        accounts.delete_account(db.session.get(User, organizer.id), PASSWORD, keep_reviews=keep)
        db.session.commit()
        assert db.session.get(Campaign, theirs).support_count == 1
        kept = db.session.get(Campaign, mine)
        if keep:
            assert kept is not None and kept.user_id is None
            assert db.session.scalar(sa.select(CampaignUpdate.user_id)) is None
        else:
            assert kept is None and count(small_app, CampaignUpdate) == 0
    assert count(small_app, CampaignSupport) == 1
