"""What moderators read: for every registered kind, the queue of flagged items and the hidden
ones (from the engine, peers.community.queries), and the decision log."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peers.community import queries as community
from peers.community.kinds import Kind, kinds
from peers.core import plain_row
from peers.extensions import db
from peers.moderation.models import ModerationDecision
from peers.pagination import Page


def flagged(kind: Kind, page: int, per_page: int) -> Page:
    """Items of the kind with open flags, longest waiting first; extra: their open flags."""
    return community.flagged(kind, page, per_page)


def hidden(kind: Kind, page: int, per_page: int) -> Page:
    """Hidden items of the kind, most recently changed first; extra: the decision that hid each."""
    result = community.hidden(kind, page, per_page)
    result.extra = _hiding_decisions(kind, [item.id for item in result.items])
    return result


def _hiding_decisions(kind: Kind, ids: list[int]) -> dict[int, ModerationDecision]:
    """The latest "hide" decision about each of these items, keyed by item id."""
    if not ids:
        return {}
    column = getattr(ModerationDecision, kind.decision_column)
    decisions = db.session.scalars(
        sa.select(ModerationDecision)
        .where(column.in_(ids), ModerationDecision.action == "hide")
        .options(joinedload(ModerationDecision.moderator))  # the page names who hid it
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    return {getattr(d, kind.decision_column): d for d in decisions}  # the latest one wins


def decision_log(page: int, per_page: int) -> Page:
    """Every decision, newest first; extra: (kind, item) each concerns, keyed by decision id."""
    stmt = (
        sa.select(ModerationDecision)
        .options(joinedload(ModerationDecision.moderator))  # the log names the moderator
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
    )
    count = sa.select(sa.func.count(ModerationDecision.id))
    page = max(page, 1)
    total = db.session.scalar(count) or 0
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    result = Page(items, page, per_page, total)
    for kind in kinds():  # one query per kind, whatever the number of decisions
        ids = {getattr(d, kind.decision_column) for d in items} - {None}
        found = community.by_ids(kind, ids)
        for decision in items:
            item = found.get(getattr(decision, kind.decision_column))
            if item is not None:
                result.extra[decision.id] = (kind, item)
    return result


def for_decision(kind: Kind, item_id: int) -> Any:
    """The item a moderator is deciding about, locked against a simultaneous decision."""
    return community.for_decision(kind, item_id)


def export_for_user(user_id: int) -> dict[str, Any]:
    """The decisions this account made as a moderator, JSON-ready (for /account/export)."""
    decisions = db.session.scalars(
        sa.select(ModerationDecision).where(ModerationDecision.moderator_id == user_id)
        .order_by(ModerationDecision.id)
    )
    return {"moderation_decisions": [
        plain_row(d, ("review_id", "vendor_review_id", "action", "reason", "created_at"))
        for d in decisions]}
