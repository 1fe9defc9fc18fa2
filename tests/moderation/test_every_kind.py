"""The engine works the same for every kind of contribution (platform reviews and vendor
reviews): counts stay right when people leave, refusals change nothing, one moderation."""

import pytest
import sqlalchemy as sa

from peers.accounts import services as accounts
from peers.accounts.models import User
from peers.community import services as community
from peers.community.kinds import kinds
from peers.errors import Forbidden, Refused
from peers.extensions import db
from peers.marketplace.models import VendorReview, VendorReviewFlag, VendorReviewVote
from peers.moderation import services as moderation
from peers.ratings.models import Review, ReviewFlag, ReviewVote
from tests.factories import make_vendor, write_platform_review, write_vendor_review
from tests.helpers import PASSWORD

KINDS = {"platform": (Review, ReviewVote, ReviewFlag),
         "vendor": (VendorReview, VendorReviewVote, VendorReviewFlag)}


@pytest.fixture
def site(make_app):
    return make_app("small", MIN_REVIEWS_TO_SHOW=1, INDEX_CATCHUP_SECONDS=0)


def write(site, make_user, kind: str, author) -> int:
    if kind == "platform":
        return write_platform_review(site, author, "rover")
    vendor_id = make_vendor(site, make_user(site, role="vendor"), name="Harbour Tax")
    return write_vendor_review(site, author, vendor_id, 2, "Slow and rude.")


def vote(site, voter, model, item_id) -> bool:
    with site.app_context():
        counted = community.vote_helpful(db.session.get(User, voter.id),
                                         db.session.get(model, item_id))
        db.session.commit()
        return counted


def helpful_count(site, model, item_id) -> int | None:
    with site.app_context():
        item = db.session.get(model, item_id)
        return None if item is None else item.helpful_count


def rows(site, model) -> int:
    with site.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def leave(site, user, keep_reviews: bool) -> None:
    with site.app_context():
        accounts.delete_account(db.session.get(User, user.id), PASSWORD,
                                keep_reviews=keep_reviews)
        db.session.commit()


def test_both_kinds_are_registered_with_the_app(site):
    with site.app_context():
        names = [kind.name for kind in kinds()]
    assert names[:2] == ["review", "vendor_review"]
    assert {"campaign", "campaign_update"} <= set(names)


@pytest.mark.parametrize("kind", KINDS)
def test_a_leaving_voters_votes_stop_counting(site, make_user, kind):
    model, votes, _ = KINDS[kind]
    item_id = write(site, make_user, kind, make_user(site))
    stays, leaves = make_user(site), make_user(site)
    assert vote(site, stays, model, item_id) and vote(site, leaves, model, item_id)
    assert helpful_count(site, model, item_id) == 2
    leave(site, leaves, keep_reviews=True)
    assert helpful_count(site, model, item_id) == 1 and rows(site, votes) == 1


def test_one_voter_leaving_corrects_every_kind_at_once(site, make_user):
    platform_review = write(site, make_user, "platform", make_user(site))
    vendor_review = write(site, make_user, "vendor", make_user(site))
    voter = make_user(site)
    vote(site, voter, Review, platform_review)
    vote(site, voter, VendorReview, vendor_review)
    leave(site, voter, keep_reviews=False)
    assert helpful_count(site, Review, platform_review) == 0
    assert helpful_count(site, VendorReview, vendor_review) == 0
    assert rows(site, ReviewVote) == rows(site, VendorReviewVote) == 0


@pytest.mark.parametrize("keep", [True, False])
@pytest.mark.parametrize("kind", KINDS)
def test_a_leaving_author_keeps_the_counts_or_takes_them_along(site, make_user, kind, keep):
    model, votes, flags = KINDS[kind]
    author, voter, reporter = make_user(site), make_user(site), make_user(site)
    item_id = write(site, make_user, kind, author)
    vote(site, voter, model, item_id)
    with site.app_context():
        community.flag(db.session.get(User, reporter.id), db.session.get(model, item_id),
                       "Off topic.")
        db.session.commit()
    leave(site, author, keep_reviews=keep)
    if keep:  # now "a former member's" review, with its vote and its report
        assert helpful_count(site, model, item_id) == 1
        assert rows(site, votes) == rows(site, flags) == 1
        with site.app_context():
            assert db.session.get(model, item_id).user_id is None
    else:
        assert helpful_count(site, model, item_id) is None
        assert rows(site, votes) == rows(site, flags) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_refusals_change_nothing(site, make_user, kind):
    model, votes, flags = KINDS[kind]
    author = make_user(site)
    item_id = write(site, make_user, kind, author)
    reporter = make_user(site)
    with site.app_context():
        item = db.session.get(model, item_id)
        with pytest.raises(Forbidden, match="your own review"):
            community.vote_helpful(db.session.get(User, author.id), item)
        with pytest.raises(Refused, match="Say what is wrong") as empty:
            community.flag(db.session.get(User, reporter.id), item, "   ")
        assert empty.value.field == "reason" and empty.value.http_status == 400
        db.session.rollback()
    assert rows(site, votes) == rows(site, flags) == 0
    assert helpful_count(site, model, item_id) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_one_decision_service_hides_and_restores_every_kind(site, make_user, kind):
    model, _, flags = KINDS[kind]
    item_id = write(site, make_user, kind, make_user(site))
    moderator, reporter = make_user(site, role="moderator"), make_user(site)
    with site.app_context():
        item = db.session.get(model, item_id)
        community.flag(db.session.get(User, reporter.id), item, "Spam.")
        who = db.session.get(User, moderator.id)
        decision = moderation.decide(who, item, "hide", "Spam indeed.")
        assert item.status == "hidden" and decision.action == "hide"
        with pytest.raises(Refused, match="already hidden"):
            moderation.decide(who, item, "hide", "Again.")
        moderation.decide(who, item, "restore", "On second thoughts.")
        db.session.commit()
        assert db.session.get(model, item_id).status == "visible"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(flags)
                                 .where(flags.resolved_at.is_(None))) == 0
