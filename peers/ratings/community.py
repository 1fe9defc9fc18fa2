"""What people do with others' reviews: helpful votes, flags for the moderators, and the
platform's one reply. Writes only: each function flushes; the view commits."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peers.accounts.models import User
from peers.accounts.signals import account_deleting
from peers.discovery.models import utcnow
from peers.extensions import db
from peers.feedback import forget_helpful_votes, record_flag, record_helpful_vote
from peers.ratings.models import Review, ReviewFlag, ReviewReply, ReviewVote

MAX_REPLY = 2000
ALREADY_REPLIED = "This review already has the platform's reply; there is only one."


class CommunityError(Exception):
    """A refused action, with a message for the person and the form field it concerns."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def get_review(review_id: int) -> Review | None:
    """The review people act on, with its platform (pages and messages name it)."""
    stmt = sa.select(Review).where(Review.id == review_id).options(joinedload(Review.platform))
    return db.session.scalars(stmt).first()


def is_published(review: Review) -> bool:
    """Shown to everyone: visible, and counted (its author confirmed their email)."""
    return review.status == "visible" and review.is_counted


def _require_published(review: Review) -> None:
    if not is_published(review):
        raise CommunityError("This review is not published.")


def vote_helpful(voter: User, review: Review) -> bool:
    """Count the voter's helpful vote once; False when they had already voted."""
    _require_published(review)
    if review.user_id == voter.id:
        raise CommunityError("You cannot vote on your own review.")
    if can_reply(voter, review):
        raise CommunityError("You represent this platform, so you cannot vote on its reviews.")
    return record_helpful_vote(ReviewVote, review, voter)


def flag_review(user: User, review: Review, reason: str) -> ReviewFlag:
    """Report a review to the moderators, once per person. It stays visible until they decide."""
    _require_published(review)
    return record_flag(ReviewFlag, review, user, reason, CommunityError)


def can_reply(user: User, review: Review) -> bool:
    """True when this user is the verified representative of the review's platform."""
    return (
        getattr(user, "represents_platform_id", None) is not None
        and user.represents_platform_id == review.platform_id
    )


def reply_to_review(user: User, review: Review, body: str) -> ReviewReply:
    """The platform's representative answers a review of that platform, once."""
    _require_published(review)
    if not can_reply(user, review):
        raise CommunityError("Only a verified representative of this platform can reply.")
    body = (body or "").strip()
    if not body:
        raise CommunityError("Write your reply.", "body")
    if len(body) > MAX_REPLY:
        raise CommunityError(f"Keep the reply under {MAX_REPLY} characters.", "body")
    already = db.session.scalar(
        sa.select(sa.literal(True)).where(ReviewReply.review_id == review.id)
    )
    if already:
        raise CommunityError(ALREADY_REPLIED)
    reply = ReviewReply(review_id=review.id, user_id=user.id, body=body, created_at=utcnow())
    db.session.add(reply)
    db.session.flush()
    return reply


def voted_review_ids(user: User, review_ids: list[int]) -> set[int]:
    """Which of these reviews the user already found helpful (one query for a whole list)."""
    if not review_ids or not getattr(user, "is_authenticated", False):
        return set()
    stmt = sa.select(ReviewVote.review_id).where(
        ReviewVote.user_id == user.id, ReviewVote.review_id.in_(review_ids)
    )
    return set(db.session.scalars(stmt))


def forget_votes(user: User, **_extra) -> None:
    """A leaving account's helpful votes stop counting (its vote rows go with the account)."""
    forget_helpful_votes(ReviewVote, Review, user)


# In the deleting request's transaction, before the account row goes.
account_deleting.connect(forget_votes)
