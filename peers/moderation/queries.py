"""What moderators read: the queue of flagged reviews, hidden reviews, and the decision log."""

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peers.extensions import db
from peers.moderation.models import ModerationDecision
from peers.ratings.models import Review, ReviewFlag


@dataclass
class Page:
    """One page of a listing, and enough to link to the others."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    extra: dict[int, Any] = field(default_factory=dict)  # details keyed by review id

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def _with_people(stmt: sa.Select) -> sa.Select:
    # Each queue entry names its platform and author.
    return stmt.options(joinedload(Review.platform), joinedload(Review.author))


def _page(stmt: sa.Select, count_stmt: sa.Select, page: int, per_page: int) -> Page:
    page = max(page, 1)
    total = db.session.scalar(count_stmt) or 0
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def flagged_reviews(page: int, per_page: int) -> Page:
    """Reviews with open flags, longest waiting first; extra: each review's open flags."""
    open_flags = (
        sa.select(ReviewFlag.review_id, sa.func.min(ReviewFlag.created_at).label("since"))
        .where(ReviewFlag.resolved_at.is_(None))
        .group_by(ReviewFlag.review_id)
        .subquery()
    )
    stmt = _with_people(
        sa.select(Review).join(open_flags, open_flags.c.review_id == Review.id)
        .order_by(open_flags.c.since, Review.id)
    )
    count = sa.select(sa.func.count()).select_from(open_flags)
    result = _page(stmt, count, page, per_page)
    flags = db.session.scalars(
        sa.select(ReviewFlag)
        .where(ReviewFlag.review_id.in_([r.id for r in result.items]),
               ReviewFlag.resolved_at.is_(None))
        .order_by(ReviewFlag.created_at, ReviewFlag.id)
    )
    for flag in flags:
        result.extra.setdefault(flag.review_id, []).append(flag)
    return result


def hidden_reviews(page: int, per_page: int) -> Page:
    """Hidden reviews, most recently changed first; extra: the decision that hid each."""
    stmt = _with_people(
        sa.select(Review).where(Review.status == "hidden")
        .order_by(Review.updated_at.desc(), Review.id.desc())
    )
    count = sa.select(sa.func.count(Review.id)).where(Review.status == "hidden")
    result = _page(stmt, count, page, per_page)
    decisions = db.session.scalars(
        sa.select(ModerationDecision)
        .where(ModerationDecision.review_id.in_([r.id for r in result.items]),
               ModerationDecision.action == "hide")
        .options(joinedload(ModerationDecision.moderator))  # the page names who hid it
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    for decision in decisions:
        result.extra[decision.review_id] = decision  # the latest one wins
    return result


def decision_log(page: int, per_page: int) -> Page:
    """Every decision, newest first; extra: the reviews they concern, with their platform."""
    stmt = (
        sa.select(ModerationDecision)
        .options(joinedload(ModerationDecision.moderator))  # the log names the moderator
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
    )
    count = sa.select(sa.func.count(ModerationDecision.id))
    result = _page(stmt, count, page, per_page)
    review_ids = {d.review_id for d in result.items if d.review_id is not None}
    if review_ids:
        reviews = db.session.scalars(
            sa.select(Review).where(Review.id.in_(review_ids))
            .options(joinedload(Review.platform))  # each entry links to the platform
        )
        result.extra = {r.id: r for r in reviews}
    return result


def review_for_decision(review_id: int) -> Review | None:
    """The review a moderator is deciding about, locked against a simultaneous decision."""
    stmt = (
        sa.select(Review).where(Review.id == review_id)
        .with_for_update(of=Review)
    )
    return db.session.scalars(stmt).first()

