"""Issue 3: the platform page with 100,000 reviews against the same page with 10.

One temporary site (the real catalog). Reviews, their authors and their issue tags are
inserted in bulk with SQLAlchemy Core; the summary rows are then computed once with SQL
aggregates (earnings medians by `aggregates.recompute_earnings`) and checked against
`queries.platform_summary`. GET /platforms/<slug> is timed with the Flask test client.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from bench.measure import Timing
from bench.site import build_site
from peers import keyset
from peers.accounts.models import User
from peers.core import utcnow
from peers.discovery.catalog import Catalog
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings import aggregates, queries
from peers.ratings.models import (
    DIMENSIONS,
    ISSUE_TAGS,
    TENURES,
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewIssue,
)
from peers.ratings.queries import platform_summary

SEED = 20241121
SMALL, LARGE = 10, 100_000
CHUNK = 10_000
USERS = User.__table__
REVIEWS = Review.__table__
ISSUES = ReviewIssue.__table__
SUMMARY = PlatformRatingSummary.__table__
ISSUE_COUNTS = PlatformIssueCount.__table__
EARNINGS = PlatformEarnings.__table__

PROS = ("Flexible hours, I pick my own shifts.", "Pay arrives every week without fail.",
        "The app is easy to use.", "Good demand in my city most evenings.",
        "Support answered within a day.", "Tips make up for the base rate.")
CONS = ("Fees went up twice this year.", "Deactivation came with no explanation.",
        "Support is a chatbot that never escalates.", "Quiet weeks pay very little.",
        "Ratings from customers feel arbitrary.", "Expenses eat a third of the pay.")
CITIES = ("Lyon", "Austin", "Manchester", "Berlin", "Toronto", "Madrid", "", "")
CURRENCIES = (("USD", 0.5), ("EUR", 0.3), ("GBP", 0.2))
HOURS = {"week": (10, 50), "month": (40, 200), "year": (400, 2000)}
OTHER_SORTS = ("helpful", "lowest", "highest")


@dataclass(frozen=True)
class PageTiming(Timing):
    label: str
    reviews: int
    url: str
    queries: int  # SQL statements per request


@dataclass(frozen=True)
class RatingsResult:
    build_s: float
    rows: dict[str, int]  # what was inserted
    pages: list[PageTiming]
    checks: list[str]  # what was verified


def _users(n: int) -> list[dict]:
    now = utcnow()
    return [{"id": i, "email": f"worker{i}@bench.invalid", "password_hash": "x",
             "display_name": f"Worker {i}", "role": "worker", "email_confirmed_at": now,
             "session_version": 1, "created_at": now} for i in range(1, n + 1)]


def _review(rng: random.Random, review_id: int, platform_id: int, user_id: int,
            now) -> tuple[dict, list[str]]:
    overall = rng.choices((1, 2, 3, 4, 5), (8, 10, 20, 35, 27))[0]
    row = {
        "id": review_id, "platform_id": platform_id, "user_id": user_id, "overall": overall,
        **{d: min(5, max(1, overall + rng.choice((-1, 0, 0, 1)))) for d in DIMENSIONS},
        "would_recommend": overall >= 4 or (overall == 3 and rng.random() < 0.4),
        "pros": rng.choice(PROS), "cons": rng.choice(CONS), "city": rng.choice(CITIES),
        "tenure": rng.choice(tuple(TENURES)), "still_active": rng.random() < 0.7,
        "gross_pay": None, "currency": None, "period": None, "hours_worked": None,
        "expenses": None, "net_hourly": None, "status": "visible", "is_counted": True,
        "helpful_count": rng.choice((0, 0, 0, 1, 2, 5)), "version": 1,
    }
    created = now - timedelta(seconds=rng.randrange(2 * 365 * 86400))
    row["created_at"] = row["updated_at"] = created
    if rng.random() < 0.4:  # an earnings report
        period = rng.choice(tuple(HOURS))
        hours = Decimal(rng.randint(*HOURS[period]))
        gross = (hours * Decimal(rng.uniform(8, 35))).quantize(Decimal("0.01"))
        expenses = (gross * Decimal(rng.uniform(0, 0.35))).quantize(Decimal("0.01"))
        currency = rng.choices([c for c, _ in CURRENCIES], [w for _, w in CURRENCIES])[0]
        row.update(gross_pay=gross, currency=currency, period=period, hours_worked=hours,
                   expenses=expenses,
                   net_hourly=((gross - expenses) / hours).quantize(Decimal("0.01"),
                                                                    ROUND_HALF_UP))
    tags = rng.sample(sorted(ISSUE_TAGS), rng.choice((0, 0, 0, 1, 1, 2)))
    return row, tags


def _insert_reviews(rng: random.Random, platform_id: int, count: int, first_id: int) -> int:
    now, rows, issues = utcnow(), [], []
    for n in range(count):
        row, tags = _review(rng, first_id + n, platform_id, n + 1, now)
        rows.append(row)
        issues += [{"review_id": row["id"], "tag": t} for t in tags]
        if len(rows) == CHUNK or n == count - 1:
            db.session.execute(sa.insert(REVIEWS), rows)
            if issues:
                db.session.execute(sa.insert(ISSUES), issues)
            rows, issues = [], []
    return first_id + count


def _summarise(app: Flask, platform_ids: list[int]) -> None:
    """The summary rows from the reviews with SQL aggregates, as the running totals would be."""
    counted = sa.and_(REVIEWS.c.platform_id.in_(platform_ids), REVIEWS.c.is_counted)
    count, total = sa.func.count(), sa.func.sum(REVIEWS.c.overall)
    weight = float(app.config["BAYES_PRIOR_WEIGHT"])
    mean = float(app.config["BAYES_PRIOR_MEAN"])
    columns = [REVIEWS.c.platform_id, count, total,
               *(sa.func.sum(sa.case((REVIEWS.c.overall == s, 1), else_=0)) for s in range(1, 6)),
               *(sa.func.sum(REVIEWS.c[d]) for d in DIMENSIONS),
               sa.func.sum(sa.case((REVIEWS.c.would_recommend, 1), else_=0)),
               (weight * mean + total) / (weight + count), sa.func.max(REVIEWS.c.updated_at)]
    names = ["platform_id", "review_count", "overall_sum", *(f"stars_{s}" for s in range(1, 6)),
             *(f"{d}_sum" for d in DIMENSIONS), "recommend_count", "bayesian_average",
             "updated_at"]
    db.session.execute(sa.insert(SUMMARY).from_select(
        names, sa.select(*columns).where(counted).group_by(REVIEWS.c.platform_id)))
    db.session.execute(sa.insert(ISSUE_COUNTS).from_select(
        ["platform_id", "tag", "count"],
        sa.select(REVIEWS.c.platform_id, ISSUES.c.tag, sa.func.count())
        .join(REVIEWS, REVIEWS.c.id == ISSUES.c.review_id).where(counted)
        .group_by(REVIEWS.c.platform_id, ISSUES.c.tag)))
    pairs = db.session.execute(
        sa.select(REVIEWS.c.platform_id, REVIEWS.c.currency).distinct()
        .where(counted, REVIEWS.c.net_hourly.is_not(None))).all()
    for platform_id, currency in sorted(pairs):
        aggregates.recompute_earnings(platform_id, currency)  # the app's own median


def _check(platform_id: int, expected: int) -> str:
    """platform_summary against counts taken from the review rows themselves."""
    summary = platform_summary(platform_id)
    counted = sa.and_(REVIEWS.c.platform_id == platform_id, REVIEWS.c.is_counted)
    stars = dict(db.session.execute(sa.select(REVIEWS.c.overall, sa.func.count())
                                    .where(counted).group_by(REVIEWS.c.overall)).all())
    issues = dict(db.session.execute(
        sa.select(ISSUES.c.tag, sa.func.count()).join(REVIEWS, REVIEWS.c.id == ISSUES.c.review_id)
        .where(counted).group_by(ISSUES.c.tag)).all())
    reports = dict(db.session.execute(
        sa.select(REVIEWS.c.currency, sa.func.count())
        .where(counted, REVIEWS.c.net_hourly.is_not(None)).group_by(REVIEWS.c.currency)).all())
    problems = []
    if summary.count != expected:
        problems.append(f"count {summary.count} != {expected}")
    if summary.distribution != {s: stars.get(s, 0) for s in range(1, 6)}:
        problems.append(f"distribution {summary.distribution} != {stars}")
    if any(issues.get(tag) != n for tag, _label, n in summary.top_issues):
        problems.append(f"top issues {summary.top_issues} != {issues}")
    if {c: n for c, _median, n in summary.earnings} != reports:
        problems.append(f"earnings {summary.earnings} != {reports}")
    if problems:
        raise AssertionError(f"platform {platform_id}: " + "; ".join(problems))
    return (f"{expected:,} reviews: count, star distribution, {len(summary.top_issues)} top "
            f"issues and {len(summary.earnings)} currencies match the rows "
            f"(average {summary.average}, bayesian {summary.bayesian_average})")


def build(root: Path, catalog: Catalog, catalog_path: Path | None,
          large: int = LARGE) -> tuple[Flask, list[tuple[str, int]], dict[str, int], list[str]]:
    """The site, with SMALL reviews on one platform and `large` on another."""
    app = build_site(root, catalog, catalog_path)
    rng = random.Random(SEED)
    with app.app_context():
        slugs = db.session.execute(sa.select(Platform.slug, Platform.id)
                                   .where(Platform.status == "active")
                                   .order_by(Platform.slug).limit(2)).all()
        (small_slug, small_id), (large_slug, large_id) = slugs
        db.session.execute(sa.insert(USERS), _users(large))
        next_id = _insert_reviews(rng, small_id, SMALL, 1)
        _insert_reviews(rng, large_id, large, next_id)
        _summarise(app, [small_id, large_id])
        db.session.commit()
        checks = [_check(small_id, SMALL), _check(large_id, large)]
        rows = {"users": db.session.scalar(sa.select(sa.func.count()).select_from(USERS)),
                "reviews": db.session.scalar(sa.select(sa.func.count()).select_from(REVIEWS)),
                "issue tags": db.session.scalar(sa.select(sa.func.count()).select_from(ISSUES))}
        db.session.remove()
    return app, [(small_slug, SMALL), (large_slug, large)], rows, checks


class _Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, *_args, **_kwargs):
        self.n += 1


def _statements(app: Flask, url: str) -> int:
    counter = _Counter()
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    try:
        app.test_client().get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", counter)
    return counter.n


def time_pages(app: Flask, pages: list[tuple[str, int, str, int]],
               warmup: int = 10) -> list[PageTiming]:
    """p50/p95 of each URL over its number of requests; the URLs take turns (while each has
    requests left) so that load changes hit them alike."""
    client = app.test_client()
    for _label, _n, url, wanted in pages:
        for _ in range(min(warmup, wanted)):
            response = client.get(url)
            if response.status_code != 200:
                raise AssertionError(f"GET {url}: {response.status_code}")
    ms: dict[str, list[float]] = {url: [] for _label, _n, url, _r in pages}
    for i in range(max(wanted for *_rest, wanted in pages)):
        for _label, _n, url, wanted in pages:
            if i >= wanted:
                continue
            started = time.perf_counter()
            client.get(url)
            ms[url].append((time.perf_counter() - started) * 1000)
    return [PageTiming.of(ms[url], label=label, reviews=n, url=url,
                          queries=_statements(app, url)) for label, n, url, _r in pages]


def deep_cursor(app: Flask, slug: str, position: int, sort_name: str = "newest") -> str:
    """The "older than" cursor that opens the page starting at review `position` (0-based,
    in that sort), as the page before it links to: found once, untimed, with OFFSET."""
    sort = queries.REVIEW_SORTS[sort_name]
    with app.test_request_context():
        platform_id = db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))
        before = db.session.scalars(
            sa.select(Review).where(Review.platform_id == platform_id, Review.is_counted)
            .order_by(*sort.order_by()).limit(1).offset(position - 1)).one()
        cursor = keyset.encode(sort, platform_id, keyset.OLDER, sort.values_of(before))
        db.session.remove()
    return cursor


def run(root: Path, catalog: Catalog, catalog_path: Path | None, requests: int,
        large: int = LARGE) -> tuple[RatingsResult, Flask]:
    started = time.perf_counter()
    app, (small, big), rows, checks = build(root, catalog, catalog_path, large)
    build_s = time.perf_counter() - started
    per_page = app.config.get("REVIEWS_PER_PAGE", 10)
    last = -(-big[1] // per_page)
    cursor = deep_cursor(app, big[0], (last - 1) * per_page)
    deep = app.test_client().get(f"/platforms/{big[0]}?cursor={cursor}").get_data(as_text=True)
    if 'rel="next"' in deep or 'rel="prev"' not in deep or 'class="review card"' not in deep:
        raise AssertionError(f"page {last:,} of {big[0]} is not the last page of its reviews")
    checks.append(f"page {last:,} (cursor) is the last: reviews, a Newer link, no Older link")
    pages = [(f"{small[1]:,} reviews", small[1], f"/platforms/{small[0]}", requests),
             (f"{big[1]:,} reviews", big[1], f"/platforms/{big[0]}", requests),
             # Page `last` is reached by following "Older" links: the same walk as page 1.
             (f"{big[1]:,} reviews, page {last:,}", big[1],
              f"/platforms/{big[0]}?cursor={cursor}", requests)]
    for sort in OTHER_SORTS:  # every order is a keyset walk: its last page against its first
        sorted_cursor = deep_cursor(app, big[0], (last - 1) * per_page, sort)
        pages += [(f"{big[1]:,} reviews, {sort}", big[1], f"/platforms/{big[0]}?sort={sort}",
                   requests),
                  (f"{big[1]:,} reviews, {sort}, page {last:,}", big[1],
                   f"/platforms/{big[0]}?sort={sort}&cursor={sorted_cursor}", requests)]
    return RatingsResult(build_s, rows, time_pages(app, pages), checks), app
