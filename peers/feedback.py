"""Helpful votes and flags on any kind of review, each stored once per person.

Platform reviews (peers.ratings.community) and vendor reviews (peers.marketplace.reviews)
apply their own rules about who may vote or flag, then record it through these functions.
"""

import sqlalchemy as sa

from peers.extensions import db

MAX_FLAG_REASON = 1000
ALREADY_FLAGGED = "You have already reported this review; the moderators have it."


def _exists(model, review_id: int, user_id: int) -> bool:
    return bool(db.session.scalar(sa.select(sa.literal(True)).where(
        model.review_id == review_id, model.user_id == user_id)))


def record_helpful_vote(vote_model, review, voter) -> bool:
    """Count the voter's helpful vote once; False when they had already voted."""
    if _exists(vote_model, review.id, voter.id):
        return False
    # The primary key (review, user) refuses a second vote from a concurrent request at flush.
    db.session.add(vote_model(review_id=review.id, user_id=voter.id))
    db.session.flush()
    # In SQL, so two voters at once both count; then refresh the loaded review.
    review_model = type(review)
    db.session.execute(
        sa.update(review_model)
        .where(review_model.id == review.id)
        .values(helpful_count=review_model.helpful_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(review, ["helpful_count"])
    return True


def forget_helpful_votes(vote_model, review_model, voter) -> None:
    """A leaving voter's helpful votes stop counting; their vote rows go (before the account)."""
    voted = sa.select(vote_model.review_id).where(vote_model.user_id == voter.id)
    db.session.execute(
        sa.update(review_model)
        .where(review_model.id.in_(voted))
        .values(helpful_count=review_model.helpful_count - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(sa.delete(vote_model).where(vote_model.user_id == voter.id))


def record_flag(flag_model, review, user, reason: str, error: type[Exception]):
    """Store one person's report with its reason; `error(message, field)` for bad input."""
    reason = (reason or "").strip()
    if not reason:
        raise error("Say what is wrong with this review.", "reason")
    if len(reason) > MAX_FLAG_REASON:
        raise error(f"Keep the reason under {MAX_FLAG_REASON} characters.", "reason")
    if _exists(flag_model, review.id, user.id):
        raise error(ALREADY_FLAGGED)
    flag = flag_model(review_id=review.id, user_id=user.id, reason=reason)
    db.session.add(flag)
    db.session.flush()
    return flag
