"""Moderators' decisions: hide, keep or restore a review, resolving its flags, with an audit
trail. Writes only: flush, never commit."""

import sqlalchemy as sa

from peers.accounts.models import User
from peers.discovery.models import utcnow
from peers.extensions import db
from peers.moderation.models import ACTIONS, ModerationDecision
from peers.ratings import services as ratings_services
from peers.ratings.models import Review, ReviewFlag

MAX_REASON = 1000


class ModerationError(Exception):
    """A decision that cannot be made, in words for the moderator."""


class NotAModerator(ModerationError):
    """Only moderators and admins decide about reviews."""


def decide(moderator: User, review: Review, action: str, reason: str) -> ModerationDecision:
    """Hide, keep or restore a review; resolve its open flags; record who did it and why.

    The review's stars play no part: a glowing review and a scathing one take the same path.
    """
    if not getattr(moderator, "is_moderator", False):
        raise NotAModerator("Only moderators can hide, keep or restore reviews.")
    if action not in ACTIONS:
        raise ModerationError("Choose Hide, Keep or Restore.")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason: it goes into the moderation log.")
    if len(reason) > MAX_REASON:
        raise ModerationError(f"Keep the reason under {MAX_REASON} characters.")
    if action == "hide":
        if review.status == "hidden":
            raise ModerationError("This review is already hidden.")
        # Takes the review out of every aggregate in this same transaction.
        ratings_services.set_review_status(review, "hidden")
    elif action == "restore":
        if review.status != "hidden":
            raise ModerationError("This review is not hidden; there is nothing to restore.")
        ratings_services.set_review_status(review, "visible")
    elif review.status == "hidden":
        raise ModerationError("This review is hidden; restore it instead of keeping it.")
    resolve_flags(review)
    decision = ModerationDecision(
        review_id=review.id, moderator_id=moderator.id, action=action, reason=reason
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def resolve_flags(review: Review) -> int:
    """Mark every open flag of the review as dealt with; how many there were."""
    result = db.session.execute(
        sa.update(ReviewFlag)
        .where(ReviewFlag.review_id == review.id, ReviewFlag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
