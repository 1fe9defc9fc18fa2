"""Reads the engine does the same way for every kind: what moderators have to decide about,
what they hid, and the items a decision concerns."""

from typing import Any

import sqlalchemy as sa

from peers.community.kinds import Kind
from peers.extensions import db
from peers.pagination import Page


def _page(stmt: sa.Select, count_stmt: sa.Select, page: int, per_page: int) -> Page:
    page = max(page, 1)
    total = db.session.scalar(count_stmt) or 0
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def flagged(kind: Kind, page: int, per_page: int) -> Page:
    """Items with open flags, longest waiting first; extra: each item's open flags."""
    flags, model = kind.flag_model, kind.model
    open_flags = (
        sa.select(flags.review_id, sa.func.min(flags.created_at).label("since"))
        .where(flags.resolved_at.is_(None)).group_by(flags.review_id).subquery()
    )
    stmt = (sa.select(model).join(open_flags, open_flags.c.review_id == model.id)
            .options(*kind.load_options()).order_by(open_flags.c.since, model.id))
    result = _page(stmt, sa.select(sa.func.count()).select_from(open_flags), page, per_page)
    if result.items:
        for row in db.session.scalars(
            sa.select(flags)
            .where(flags.review_id.in_([item.id for item in result.items]),
                   flags.resolved_at.is_(None))
            .order_by(flags.created_at, flags.id)
        ):
            result.extra.setdefault(row.review_id, []).append(row)
    return result


def hidden(kind: Kind, page: int, per_page: int) -> Page:
    """Hidden items, most recently changed first."""
    model = kind.model
    stmt = (sa.select(model).where(model.status == "hidden").options(*kind.load_options())
            .order_by(model.updated_at.desc(), model.id.desc()))
    count = sa.select(sa.func.count(model.id)).where(model.status == "hidden")
    return _page(stmt, count, page, per_page)


def for_decision(kind: Kind, item_id: int) -> Any:
    """The item a moderator is deciding about, locked against a simultaneous decision."""
    model = kind.model
    return db.session.scalars(
        sa.select(model).where(model.id == item_id).options(*kind.load_options())
        .with_for_update(of=model)
    ).first()


def by_ids(kind: Kind, item_ids: set[int]) -> dict[int, Any]:
    """These items by id, with what their pages name (one query)."""
    if not item_ids:
        return {}
    model = kind.model
    return {item.id: item for item in db.session.scalars(
        sa.select(model).where(model.id.in_(item_ids)).options(*kind.load_options()))}
