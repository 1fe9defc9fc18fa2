"""What moderators read: the queue of flagged reviews, hidden reviews, and the decision log.

Reviews of vendors come from peers.marketplace.review_queries; the log reads the vendor_review
table (read-only) to name what each decision was about.
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peers.extensions import db
from peers.marketplace import review_queries
from peers.marketplace.models import VendorReview
from peers.moderation.models import ModerationDecision
from peers.pagination import Page
from peers.ratings.models import Review, ReviewFlag


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
    result.extra = _hiding_decisions(ModerationDecision.review_id, [r.id for r in result.items])
    return result


def _hiding_decisions(column: Any, ids: list[int]) -> dict[int, ModerationDecision]:
    """The latest "hide" decision about each of these reviews, keyed by review id."""
    if not ids:
        return {}
    decisions = db.session.scalars(
        sa.select(ModerationDecision)
        .where(column.in_(ids), ModerationDecision.action == "hide")
        .options(joinedload(ModerationDecision.moderator))  # the page names who hid it
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    )
    return {getattr(d, column.key): d for d in decisions}  # the latest one wins


def flagged_vendor_reviews(page: int, per_page: int) -> Any:
    """Reviews of vendors with open flags, longest waiting first; extra: their open flags."""
    return review_queries.flagged_vendor_reviews(page, per_page)


def hidden_vendor_reviews(page: int, per_page: int) -> Any:
    """Hidden reviews of vendors, most recently changed first; extra: the decision that hid each."""
    result = review_queries.hidden_vendor_reviews(page, per_page)
    result.extra = _hiding_decisions(ModerationDecision.vendor_review_id,
                                     [r.id for r in result.items])
    return result


def decision_log(page: int, per_page: int) -> Page:
    """Every decision, newest first; extra: the review each concerns, keyed by decision id."""
    stmt = (
        sa.select(ModerationDecision)
        .options(joinedload(ModerationDecision.moderator))  # the log names the moderator
        .order_by(ModerationDecision.created_at.desc(), ModerationDecision.id.desc())
    )
    count = sa.select(sa.func.count(ModerationDecision.id))
    result = _page(stmt, count, page, per_page)
    review_ids = {d.review_id for d in result.items if d.review_id is not None}
    vendor_review_ids = {d.vendor_review_id for d in result.items
                         if d.vendor_review_id is not None}
    reviews = {r.id: r for r in db.session.scalars(
        sa.select(Review).where(Review.id.in_(review_ids))
        .options(joinedload(Review.platform))  # each entry links to the platform
    )} if review_ids else {}
    vendor_reviews = {r.id: r for r in db.session.scalars(
        sa.select(VendorReview).where(VendorReview.id.in_(vendor_review_ids))
        .options(joinedload(VendorReview.vendor))  # each entry links to the vendor
    )} if vendor_review_ids else {}
    for decision in result.items:
        found = (vendor_reviews.get(decision.vendor_review_id)
                 if decision.vendor_review_id is not None
                 else reviews.get(decision.review_id))
        if found is not None:
            result.extra[decision.id] = found
    return result


def vendor_review_for_decision(review_id: int) -> VendorReview | None:
    """The review of a vendor a moderator is deciding about, locked (vendor loaded)."""
    return review_queries.vendor_review_for_decision(review_id)


def review_for_decision(review_id: int) -> Review | None:
    """The review a moderator is deciding about, locked against a simultaneous decision."""
    stmt = (
        sa.select(Review).where(Review.id == review_id)
        .with_for_update(of=Review)
    )
    return db.session.scalars(stmt).first()

