"""What people do with others' contributions, for every kind: helpful votes, flags, replies,
and the status a moderator's decision sets. Writes only: each function flushes; the view (or
the moderation queue, or the account deletion) commits once."""

from typing import Any

import sqlalchemy as sa

from peers.accounts.signals import account_deleting
from peers.community.kinds import Kind, kind_of, kinds
from peers.core import utcnow
from peers.errors import Forbidden, Refused
from peers.extensions import db

STATUSES = ("visible", "hidden")
MAX_FLAG_REASON = 1000
MAX_REPLY = 2000
ALREADY_FLAGGED = "You have already reported this review; the moderators have it."
ALREADY_REPLIED = "This review already has the platform's reply; there is only one."


def _exists(model: type, item_id: int, user_id: int) -> bool:
    return bool(db.session.scalar(sa.select(sa.literal(True)).where(
        model.review_id == item_id, model.user_id == user_id)))


def require_published(item: Any) -> Kind:
    """The item's kind, when people may act on the item; Refused otherwise."""
    kind = kind_of(item)
    if not kind.is_published(item):
        raise Refused(kind.unpublished)
    return kind


def vote_helpful(voter: Any, item: Any) -> bool:
    """Count the voter's helpful vote once; False when they had already voted."""
    kind = require_published(item)
    if kind.vote_model is None:
        raise Forbidden(f"People do not vote on {kind.plural}.")
    if item.user_id == voter.id:
        raise Forbidden("You cannot vote on your own review.")
    refusal = kind.may_vote(voter, item) if kind.may_vote else None
    if refusal:
        raise Forbidden(refusal)
    if _exists(kind.vote_model, item.id, voter.id):
        return False
    # The primary key (item, user) refuses a second vote from a concurrent request at flush.
    db.session.add(kind.vote_model(review_id=item.id, user_id=voter.id))
    db.session.flush()
    # In SQL, so two voters at once both count; then refresh the loaded item.
    db.session.execute(
        sa.update(kind.model).where(kind.model.id == item.id)
        .values(helpful_count=kind.model.helpful_count + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(item, ["helpful_count"])
    return True


def flag(user: Any, item: Any, reason: str) -> Any:
    """Report an item to the moderators, once per person. It stays up until they decide."""
    kind = require_published(item)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(f"Say what is wrong with this {kind.noun}.", "reason")
    if len(reason) > MAX_FLAG_REASON:
        raise Refused(f"Keep the reason under {MAX_FLAG_REASON} characters.", "reason")
    if _exists(kind.flag_model, item.id, user.id):
        raise Refused(ALREADY_FLAGGED)
    row = kind.flag_model(review_id=item.id, user_id=user.id, reason=reason)
    db.session.add(row)
    db.session.flush()
    return row


def can_reply(user: Any, item: Any) -> bool:
    """True when the item's kind takes replies and this user may give one."""
    kind = kind_of(item)
    return (kind.reply_model is not None and kind.may_reply is not None
            and bool(getattr(user, "is_authenticated", False)) and kind.may_reply(user, item))


def reply(user: Any, item: Any, body: str) -> Any:
    """The one reply under an item, by the person its kind allows (a platform's representative)."""
    kind = require_published(item)
    if not can_reply(user, item):
        raise Forbidden(kind.reply_refusal)
    body = (body or "").strip()
    if not body:
        raise Refused("Write your reply.", "body")
    if len(body) > MAX_REPLY:
        raise Refused(f"Keep the reply under {MAX_REPLY} characters.", "body")
    model = kind.reply_model
    if db.session.scalar(sa.select(sa.literal(True)).where(model.review_id == item.id)):
        raise Refused(ALREADY_REPLIED)
    row = model(review_id=item.id, user_id=user.id, body=body, created_at=utcnow())
    db.session.add(row)
    db.session.flush()
    return row


def set_status(item: Any, status: str) -> None:
    """Show ("visible") or hide ("hidden") an item; what its kind counts follows."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    kind = kind_of(item)
    if kind.set_status is not None:
        kind.set_status(item, status)
        return
    item.status = status
    db.session.flush()


def resolve_flags(item: Any) -> int:
    """Mark every open flag of the item as dealt with; how many there were."""
    model = kind_of(item).flag_model
    result = db.session.execute(
        sa.update(model)
        .where(model.review_id == item.id, model.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def voted_ids(kind: Kind, user: Any, item_ids: list[int]) -> set[int]:
    """Which of these items the user already found helpful (one query for a whole list)."""
    if (not item_ids or kind.vote_model is None
            or not getattr(user, "is_authenticated", False)):
        return set()
    model = kind.vote_model
    return set(db.session.scalars(sa.select(model.review_id).where(
        model.user_id == user.id, model.review_id.in_(item_ids))))


def forget_voter(user: Any, **_extra) -> None:
    """A leaving account's votes go, and every count they were in is counted again."""
    for kind in kinds():
        votes, model = kind.vote_model, kind.model
        if votes is None:
            continue
        voted = list(db.session.scalars(
            sa.select(votes.review_id).where(votes.user_id == user.id)))
        if not voted:
            continue
        db.session.execute(sa.delete(votes).where(votes.user_id == user.id))
        # Counted from the votes that remain, so a count that had drifted is right again too.
        remaining = (sa.select(sa.func.count()).select_from(votes)
                     .where(votes.review_id == model.id).scalar_subquery())
        db.session.execute(
            sa.update(model).where(model.id.in_(voted)).values(helpful_count=remaining)
            .execution_options(synchronize_session=False)
        )
    db.session.flush()


def connect_signals() -> None:
    """Run forget_voter in the deleting request's transaction, before the account row goes."""
    account_deleting.connect(forget_voter)
