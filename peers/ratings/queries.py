"""Reads of ratings for pages, the API and other features (one round of queries per page).

Aggregates come from the summary rows, never from the reviews: a platform's numbers cost
the same with 10 reviews or 100,000.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from peers import keyset
from peers.discovery import queries as discovery_queries
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings.models import (
    DIMENSIONS,
    ISSUE_TAGS,
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewVersion,
)

TOP_ISSUES = 5
SUMMARY = PlatformRatingSummary.__table__
ISSUES = PlatformIssueCount.__table__
EARNINGS = PlatformEarnings.__table__


def _empty_distribution() -> dict[int, int]:
    return dict.fromkeys(range(1, 6), 0)


def _empty_dimensions() -> dict[str, float | None]:
    return dict.fromkeys(DIMENSIONS)


@dataclass
class RatingSummary:
    """A platform's aggregates. Show averages only when `enough` (count >= the minimum)."""

    platform_id: int
    count: int = 0
    average: float | None = None
    bayesian_average: float | None = None
    distribution: dict[int, int] = field(default_factory=_empty_distribution)
    dimensions: dict[str, float | None] = field(default_factory=_empty_dimensions)
    recommend_share: float | None = None  # 0..1
    top_issues: list[tuple[str, str, int]] = field(default_factory=list)  # (tag, label, count)
    earnings: list[tuple[str, Decimal, int]] = field(default_factory=list)  # (cur, median, n)
    enough: bool = False


def _summary_from_row(row, minimum: int) -> RatingSummary:
    count = row.review_count
    summary = RatingSummary(platform_id=row.platform_id, count=count, enough=count >= minimum)
    if count > 0:
        # Unrounded: each page or API rounds once, to what it shows (3.0526 reads "3.1";
        # rounded first to 3.05, it would read "3.0").
        summary.average = row.overall_sum / count
        summary.bayesian_average = row.bayesian_average
        summary.distribution = {n: row._mapping[f"stars_{n}"] for n in range(1, 6)}
        summary.dimensions = {d: row._mapping[f"{d}_sum"] / count for d in DIMENSIONS}
        summary.recommend_share = row.recommend_count / count
    return summary


def summaries_for(platform_ids: Iterable[int], *,
                  top_issues: bool = True) -> dict[int, RatingSummary]:
    """Every listed platform's RatingSummary, in three queries whatever the number of ids.

    Pages that show no issues (the discovery results) pass top_issues=False: two queries.
    """
    ids = sorted(set(platform_ids))
    if not ids:
        return {}
    return _summaries(ids, top_issues)


def _reads(listed: bool) -> dict[str, sa.Select]:
    """The summary, issue and earnings reads: of the platforms in the "ids" parameter, or all."""

    def where(table) -> sa.ColumnElement[bool]:
        return table.c.platform_id.in_(sa.bindparam("ids", expanding=True)) if listed else sa.true()

    return {
        "summary": sa.select(SUMMARY).where(where(SUMMARY)),
        "issues": sa.select(ISSUES.c.platform_id, ISSUES.c.tag, ISSUES.c.count)
        .where(where(ISSUES), ISSUES.c.count > 0)
        .order_by(ISSUES.c.platform_id, ISSUES.c.count.desc(), ISSUES.c.tag),
        "earnings": sa.select(EARNINGS.c.platform_id, EARNINGS.c.currency,
                              EARNINGS.c.median_net_hourly, EARNINGS.c.report_count)
        .where(where(EARNINGS), EARNINGS.c.report_count > 0)
        .order_by(EARNINGS.c.platform_id, EARNINGS.c.report_count.desc(), EARNINGS.c.currency),
    }


# Built once: pages read summaries on every request, and building a statement (and its cache
# key) costs more than running it.
_READS = {True: _reads(listed=True), False: _reads(listed=False)}


def _summaries(ids: list[int] | None, top_issues: bool = True) -> dict[int, RatingSummary]:
    """Summaries of these platforms (of all that have any, when ids is None)."""
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    reads, params = _READS[ids is not None], {"ids": ids}
    found = {row.platform_id: _summary_from_row(row, minimum)
             for row in db.session.execute(reads["summary"], params)}
    summaries = {pid: found.get(pid) or RatingSummary(platform_id=pid) for pid in ids or ()}
    summaries.update(found)
    if top_issues:
        for platform_id, tag, count in db.session.execute(reads["issues"], params):
            top = summaries.setdefault(platform_id, RatingSummary(platform_id)).top_issues
            if len(top) < TOP_ISSUES:
                top.append((tag, ISSUE_TAGS.get(tag, tag), count))
    for platform_id, currency, median, count in db.session.execute(reads["earnings"], params):
        summaries.setdefault(platform_id, RatingSummary(platform_id)).earnings.append(
            (currency, median, count))
    return summaries


def platform_summary(platform_id: int) -> RatingSummary:
    """One platform's RatingSummary."""
    return summaries_for([platform_id])[platform_id]


def all_summaries_for_csv() -> list[tuple[Platform, RatingSummary]]:
    """Every platform, by slug, with its RatingSummary (for the researchers' CSV)."""
    platforms = discovery_queries.platforms_in_slug_order()
    summaries = _summaries(None)
    return [(p, summaries.get(p.id) or RatingSummary(platform_id=p.id)) for p in platforms]


# The orders a platform's reviews can be listed in. Each ends with the id, so that every
# review has one place and a cursor one position; another order (most helpful, lowest,
# highest) is one more entry here, and wants an index on (platform_id, is_counted, its keys).
REVIEW_SORTS = {
    "newest": keyset.KeysetSort("newest", ((Review.created_at, True), (Review.id, True))),
    "helpful": keyset.KeysetSort("helpful", ((Review.helpful_count, True), (Review.id, True))),
    "lowest": keyset.KeysetSort("lowest", ((Review.overall, False), (Review.id, False))),
    "highest": keyset.KeysetSort("highest", ((Review.overall, True), (Review.id, True))),
}


def reviews_for_platform(platform_id: int, cursor: str | None, per_page: int, total: int,
                         sort: str = "newest",
                         filters: Iterable[sa.ColumnElement[bool]] = ()) -> keyset.KeysetPage:
    """A page of the platform's counted reviews, in `sort` order, from `cursor` (None: the
    first page). A cursor that is malformed, forged or of another sort or platform is a 400.

    Counted means visible and by a confirmed account or a former member: what the aggregates
    are made of, so that "a verified worker" is true of every review shown. `total` is the
    summary row's count, so no query counts the reviews; and pages continue from the last
    review shown ("older than"), never from an offset: every page is a walk of the index on
    (platform, counted, date, id), as cheap at the 10,000th page as at the first, and its
    links stay right while reviews are written. `filters` are further conditions on Review.
    """
    stmt = (
        sa.select(Review)
        .where(Review.platform_id == platform_id, Review.is_counted, *filters)
        # The page shows each review's author name, the platform's reply and the issue tags:
        # load them with the page, not one query per review.
        .options(joinedload(Review.author), joinedload(Review.reply),
                 selectinload(Review.issues))
    )
    return keyset.page(stmt, REVIEW_SORTS[sort], platform_id, cursor, per_page, total,
                       db.session.scalars)


def own_review(user_id: int, platform_id: int) -> Review | None:
    """The user's review of the platform, whatever its status."""
    return db.session.scalars(
        sa.select(Review).where(Review.user_id == user_id, Review.platform_id == platform_id)
        .options(selectinload(Review.issues))
    ).first()


def review_versions(review_id: int) -> list[ReviewVersion]:
    """The earlier versions of a review, newest first."""
    return list(db.session.scalars(
        sa.select(ReviewVersion).where(ReviewVersion.review_id == review_id)
        .order_by(ReviewVersion.version.desc())
    ))
