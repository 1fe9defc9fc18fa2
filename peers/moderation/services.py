"""Moderators' decisions: hide, keep or restore a review (of a platform or of a vendor),
resolving its flags, with an audit trail. Writes only: flush, never commit."""

import sqlalchemy as sa

from peers.accounts.models import User
from peers.discovery.models import utcnow
from peers.extensions import db
from peers.marketplace import reviews as vendor_reviews
from peers.marketplace.models import VendorReview
from peers.moderation.models import ACTIONS, ModerationDecision
from peers.ratings import services as ratings_services
from peers.ratings.models import Review, ReviewFlag

MAX_REASON = 1000


class ModerationError(Exception):
    """A decision that cannot be made, in words for the moderator."""


class NotAModerator(ModerationError):
    """Only moderators and admins decide about reviews."""


def _checked(moderator: User, status: str, action: str, reason: str) -> tuple[str, str | None]:
    """The cleaned reason and the review's new status (None: unchanged), or ModerationError."""
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
        if status == "hidden":
            raise ModerationError("This review is already hidden.")
        return reason, "hidden"
    if action == "restore":
        if status != "hidden":
            raise ModerationError("This review is not hidden; there is nothing to restore.")
        return reason, "visible"
    if status == "hidden":
        raise ModerationError("This review is hidden; restore it instead of keeping it.")
    return reason, None


def _record(moderator: User, action: str, reason: str, **target: int) -> ModerationDecision:
    decision = ModerationDecision(moderator_id=moderator.id, action=action, reason=reason,
                                  **target)
    db.session.add(decision)
    db.session.flush()
    return decision


def decide(moderator: User, review: Review, action: str, reason: str) -> ModerationDecision:
    """Hide, keep or restore a review; resolve its open flags; record who did it and why.

    The review's stars play no part: a glowing review and a scathing one take the same path.
    """
    reason, status = _checked(moderator, review.status, action, reason)
    if status is not None:
        # Takes the review out of (or back into) every aggregate in this same transaction.
        ratings_services.set_review_status(review, status)
    resolve_flags(review)
    return _record(moderator, action, reason, review_id=review.id)


def decide_vendor_review(
    moderator: User, review: VendorReview, action: str, reason: str
) -> ModerationDecision:
    """The same decision about a review of a vendor, through the marketplace's services."""
    reason, status = _checked(moderator, review.status, action, reason)
    if status is not None:
        # A hidden review leaves the vendor's page and average (computed from visible ones).
        vendor_reviews.set_vendor_review_status(review, status)
    vendor_reviews.resolve_vendor_review_flags(review)
    return _record(moderator, action, reason, vendor_review_id=review.id)


def resolve_flags(review: Review) -> int:
    """Mark every open flag of the review as dealt with; how many there were."""
    result = db.session.execute(
        sa.update(ReviewFlag)
        .where(ReviewFlag.review_id == review.id, ReviewFlag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
