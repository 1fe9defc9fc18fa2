"""Per-platform summary rows, kept in step with counted reviews inside the review's transaction.

Every writer follows the same protocol: `lock_platform(id)` first, then change the review
rows, then `apply_change(id, before, after)` with the review's counted contribution as it was
in the database before the change and as it is now. Sums move by `col = col + :delta` in SQL,
so no update is lost to a read-modify-write race; medians are recomputed in SQL.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from peers.core import utcnow
from peers.extensions import db
from peers.ratings.models import (
    DIMENSIONS,
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewIssue,
)

CENT = Decimal("0.01")
SUMMARY = PlatformRatingSummary.__table__
ISSUES = PlatformIssueCount.__table__
EARNINGS = PlatformEarnings.__table__
REVIEW = Review.__table__
REVIEW_ISSUES = ReviewIssue.__table__
CONTRIBUTING = ("is_counted", "overall", *DIMENSIONS, "would_recommend", "currency", "net_hourly")


@dataclass(frozen=True)
class Contribution:
    """What one counted review adds to its platform's aggregates."""

    overall: int
    dimensions: tuple[int, ...]
    recommend: bool
    issues: frozenset[str]
    currency: str | None = None
    net_hourly: Decimal | None = None

    @property
    def earning(self) -> tuple[str, Decimal] | None:
        if self.currency is None or self.net_hourly is None:
            return None
        return self.currency, self.net_hourly


def _contribution(values: Mapping[str, Any], tags: Iterable[str]) -> Contribution | None:
    if not values["is_counted"]:
        return None
    earning = values["net_hourly"] is not None and bool(values["currency"])
    return Contribution(
        overall=values["overall"],
        dimensions=tuple(values[d] for d in DIMENSIONS),
        recommend=bool(values["would_recommend"]),
        issues=frozenset(tags),
        currency=values["currency"] if earning else None,
        net_hourly=Decimal(values["net_hourly"]) if earning else None,
    )


def contribution(review: Review) -> Contribution | None:
    """The review's share of the aggregates as its attributes stand; None when not counted."""
    values = {name: getattr(review, name) for name in CONTRIBUTING}
    return _contribution(values, review.issue_tags)


def stored_contribution(review_id: int) -> Contribution | None:
    """The review's share as its row stands in the database, read under the row's lock.

    Call it inside `db.session.no_autoflush`: a change the caller made in memory must not
    reach the row before it is read.
    """
    row = db.session.execute(
        sa.select(*(REVIEW.c[name] for name in CONTRIBUTING))
        .where(REVIEW.c.id == review_id).with_for_update()
    ).mappings().first()
    if row is None or not row["is_counted"]:
        return None
    tags = db.session.scalars(sa.select(REVIEW_ISSUES.c.tag)
                              .where(REVIEW_ISSUES.c.review_id == review_id))
    return _contribution(row, tags)


def lock_platform(platform_id: int) -> None:
    """Serialise writers of one platform's aggregates until commit, creating its summary row.

    The UPDATE takes the summary row's lock on PostgreSQL and the write lock on SQLite; being
    a DML statement, it also makes pysqlite open the transaction before any SAVEPOINT.
    """
    if _touch(platform_id):
        return
    try:
        with db.session.begin_nested():
            db.session.execute(sa.insert(SUMMARY).values(platform_id=platform_id))
    except IntegrityError:
        pass  # another transaction created it first; its lock is ours once it commits
    _touch(platform_id)


def _touch(platform_id: int) -> bool:
    result = db.session.execute(
        sa.update(SUMMARY).where(SUMMARY.c.platform_id == platform_id)
        .values(updated_at=utcnow())
    )
    return result.rowcount > 0


def apply_change(platform_id: int, before: Contribution | None,
                 after: Contribution | None) -> None:
    """Move a platform's aggregates from one contribution of a review to another."""
    if before == after:
        return
    _update_summary(platform_id, before, after)
    _update_issues(platform_id, before, after)
    old, new = (c.earning if c else None for c in (before, after))
    if old != new:
        for currency in sorted({e[0] for e in (old, new) if e}):
            recompute_earnings(platform_id, currency)


def _deltas(before: Contribution | None, after: Contribution | None) -> Counter:
    deltas: Counter = Counter()
    for part, sign in ((before, -1), (after, 1)):
        if part is None:
            continue
        deltas["review_count"] += sign
        deltas["overall_sum"] += sign * part.overall
        deltas[f"stars_{part.overall}"] += sign
        for name, stars in zip(DIMENSIONS, part.dimensions, strict=True):
            deltas[f"{name}_sum"] += sign * stars
        deltas["recommend_count"] += sign * int(part.recommend)
    return deltas


def _update_summary(platform_id: int, before, after) -> None:
    deltas = _deltas(before, after)
    values = {name: SUMMARY.c[name] + delta for name, delta in deltas.items() if delta}
    if not values:
        return
    weight = float(current_app.config["BAYES_PRIOR_WEIGHT"])
    mean = float(current_app.config["BAYES_PRIOR_MEAN"])
    count = SUMMARY.c.review_count + deltas["review_count"]
    total = SUMMARY.c.overall_sum + deltas["overall_sum"]
    # SET expressions read the row's old values on every database, so this is the new average.
    prior_sum, prior_count = sa.literal(weight * mean, sa.Float), sa.literal(weight, sa.Float)
    values["bayesian_average"] = sa.case(
        (count <= 0, sa.null()), else_=(prior_sum + total) / (prior_count + count)
    )
    db.session.execute(
        sa.update(SUMMARY).where(SUMMARY.c.platform_id == platform_id).values(values)
    )


def _update_issues(platform_id: int, before, after) -> None:
    deltas: Counter = Counter()
    for part, sign in ((before, -1), (after, 1)):
        for tag in part.issues if part else ():
            deltas[tag] += sign
    for tag, delta in sorted(deltas.items()):
        if not delta:
            continue
        where = sa.and_(ISSUES.c.platform_id == platform_id, ISSUES.c.tag == tag)
        result = db.session.execute(
            sa.update(ISSUES).where(where).values(count=ISSUES.c.count + delta)
        )
        if result.rowcount == 0:  # the first report of this issue; the platform lock is held
            db.session.execute(
                sa.insert(ISSUES).values(platform_id=platform_id, tag=tag, count=delta)
            )


def recompute_earnings(platform_id: int, currency: str) -> None:
    """Median net hourly pay of the platform's counted reports in one currency, in SQL."""
    counted = sa.and_(
        Review.platform_id == platform_id, Review.currency == currency,
        Review.is_counted, Review.net_hourly.is_not(None),
    )
    where = sa.and_(EARNINGS.c.platform_id == platform_id, EARNINGS.c.currency == currency)
    n = db.session.scalar(sa.select(sa.func.count()).select_from(Review).where(counted))
    if not n:
        db.session.execute(sa.delete(EARNINGS).where(where))
        return
    # The middle one or two values, without percentile functions that only some databases have.
    middle = db.session.scalars(
        sa.select(Review.net_hourly).where(counted)
        .order_by(Review.net_hourly).limit(2).offset((n - 1) // 2)
    ).all()
    median = Decimal(middle[0]) if n % 2 else (Decimal(middle[0]) + Decimal(middle[1])) / 2
    values = {"report_count": n, "median_net_hourly": median.quantize(CENT, ROUND_HALF_UP)}
    if db.session.execute(sa.update(EARNINGS).where(where).values(values)).rowcount == 0:
        db.session.execute(
            sa.insert(EARNINGS).values(platform_id=platform_id, currency=currency, **values)
        )
