"""Reads for comparing platforms and for the issue map, and the order of discovery results by
rating or reported earnings. Only summary rows are read: the cost does not grow with the number
of reviews."""

from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app

from peers.discovery import queries as discovery_queries
from peers.extensions import db
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS, PlatformIssueCount, PlatformRatingSummary

MIN_COMPARE = 2
MAX_COMPARE = 4
HOT_SHARE = 0.5  # an issue reported by at least half of a platform's reviewers stands out
HEAT_STEPS = (0.1, 0.25, HOT_SHARE)


class CompareError(ValueError):
    """The platforms asked for cannot be compared; the message says why."""


def compare_slugs(values: list[str]) -> list[str]:
    """The slugs named by ?p=a,b,c (or repeated ?p=), in order, checked for count."""
    slugs: list[str] = []
    for value in values:
        for slug in value.split(","):
            slug = slug.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
    if len(slugs) < MIN_COMPARE:
        raise CompareError(f"Choose at least {MIN_COMPARE} different platforms to compare.")
    if len(slugs) > MAX_COMPARE:
        raise CompareError(f"Compare at most {MAX_COMPARE} platforms at a time "
                           f"(you chose {len(slugs)}).")
    return slugs


def platform_choices() -> list[tuple[str, str]]:
    """(slug, name) of every platform, by name, for the compare form."""
    return sorted(discovery_queries.platform_names(), key=lambda row: row[1].casefold())


@dataclass(frozen=True)
class Cell:
    count: int
    share: float

    @property
    def heat(self) -> int:
        """0 to 3: how strongly the cell is highlighted (3: at least HOT_SHARE)."""
        return sum(self.share >= step for step in HEAT_STEPS)


@dataclass(frozen=True)
class TagTotal:
    tag: str
    label: str
    count: int
    share: float
    hot_platforms: int  # platforms (with enough reviews) where at least HOT_SHARE report it


@dataclass
class PlatformRow:
    slug: str
    name: str
    status: str
    review_count: int
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class IssueMap:
    total_reviews: int
    tags: list[TagTotal]
    platforms: list[PlatformRow]
    too_few: int  # platforms with some counted reviews, but fewer than the minimum
    min_reviews: int


def _issue_counts() -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        sa.select(PlatformIssueCount.platform_id, PlatformIssueCount.tag, PlatformIssueCount.count)
        .where(PlatformIssueCount.count > 0)
    )
    counts: dict[int, dict[str, int]] = {}
    for platform_id, tag, count in rows:
        if tag in ISSUE_TAGS:
            counts.setdefault(platform_id, {})[tag] = count
    return counts


class _Reviewed(NamedTuple):
    id: int
    slug: str
    name: str
    status: str
    review_count: int


def issue_map() -> IssueMap:
    """Each issue tag across all platforms, and per platform as a share of its reviews."""
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    summaries = db.session.execute(
        sa.select(PlatformRatingSummary.platform_id, PlatformRatingSummary.review_count)
        .where(PlatformRatingSummary.review_count > 0)
    ).all()
    labels = discovery_queries.earning_platform_labels(platform_id for platform_id, _n in summaries)
    reviewed = [_Reviewed(platform_id, *labels[platform_id], count)
                for platform_id, count in summaries if platform_id in labels]
    reviewed.sort(key=lambda row: row.name.casefold())  # "eBay" among the E's
    counts = _issue_counts()
    total_reviews = sum(row.review_count for row in reviewed)
    rows = []
    for row in reviewed:
        if row.review_count < minimum:
            continue
        tags = counts.get(row.id, {})
        cells = {tag: Cell(n, n / row.review_count) for tag, n in tags.items()}
        rows.append(PlatformRow(row.slug, row.name, row.status, row.review_count, cells))
    totals = []
    for tag, label in ISSUE_TAGS.items():
        count = sum(tags.get(tag, 0) for tags in counts.values())
        hot = sum(1 for r in rows if tag in r.cells and r.cells[tag].share >= HOT_SHARE)
        share = count / total_reviews if total_reviews else 0.0
        totals.append(TagTotal(tag, label, count, share, hot))
    totals.sort(key=lambda t: (-t.count, t.label))
    return IssueMap(total_reviews, totals, rows, len(reviewed) - len(rows), minimum)


# The compared numbers and how they are shown: "best" is judged on the shown value, so two
# platforms that both read 75% are both the best.
SHOWN_AS = {"average": 1, "bayesian_average": 2, **dict.fromkeys(DIMENSIONS, 1)}


def _shown(summary, name: str) -> float | None:
    if name == "recommend_share":
        share = summary.recommend_share
        return None if share is None else round(100 * share)
    value = summary.dimensions.get(name) if name in DIMENSIONS else getattr(summary, name)
    return None if value is None else round(value, SHOWN_AS[name])


def best_by_metric(summaries: list) -> dict[str, set[int]]:
    """For each compared number, the platform ids with the highest value (enough reviews only)."""
    best: dict[str, set[int]] = {}
    shown = [s for s in summaries if s.enough]
    for name in (*SHOWN_AS, "recommend_share"):
        values = [(_shown(s, name), s.platform_id) for s in shown
                  if _shown(s, name) is not None]
        if len(values) > 1:
            top = max(v for v, _ in values)
            best[name] = {pid for v, pid in values if v == top}
    return best


SORTS = {"match": "Best match", "rating": "Rating", "earnings": "Reported earnings"}


def shown_earnings(summary, minimum: int) -> list[tuple]:
    """(currency, median, reports) with enough reports to show a median."""
    return [e for e in (summary.earnings if summary else ()) if e[2] >= minimum]


def _reference_currency(summaries: list, minimum: int) -> str | None:
    """The currency most reports on the page are in: earnings are compared only within it."""
    reports: dict[str, int] = {}
    for summary in summaries:
        for currency, _median, count in shown_earnings(summary, minimum):
            reports[currency] = reports.get(currency, 0) + count
    return min(reports, key=lambda c: (-reports[c], c)) if reports else None


def sort_matches(matches: list, platform_ids: dict[str, int], summaries: dict, sort: str,
                 minimum: int) -> tuple[list, str | None]:
    """Matches in the order asked for, and the currency earnings were compared in.

    Active platforms always come before closed and merged ones; platforms without enough
    reviews (or earnings reports) come after those with; ties keep the match order.
    """
    if sort not in ("rating", "earnings"):
        return list(matches), None

    def summary(match):
        return summaries.get(platform_ids.get(match.slug))

    if sort == "rating":
        def key(item):
            rank, match = item
            s = summary(match)
            enough = bool(s and s.enough and s.bayesian_average is not None)
            return (match.status != "active", not enough,
                    -(s.bayesian_average if enough else 0), rank)
        return [m for _, m in sorted(enumerate(matches), key=key)], None

    currency = _reference_currency([summary(m) for m in matches], minimum)

    def earnings_key(item):
        rank, match = item
        shown = dict((c, median) for c, median, _ in shown_earnings(summary(match), minimum))
        tier = 0 if currency in shown else (1 if shown else 2)
        return (match.status != "active", tier, -(shown.get(currency) or 0), rank)
    return [m for _, m in sorted(enumerate(matches), key=earnings_key)], currency
