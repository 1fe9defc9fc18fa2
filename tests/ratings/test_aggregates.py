"""Summary rows: kept in the review's own transaction, equal to a count from scratch after any
sequence of writes, medians per currency, hidden reviews out, one round of queries to read."""

import os
import random
import statistics
import threading
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.passwords import hash_password
from peers.accounts.signals import email_confirmed
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings import aggregates, queries, services
from peers.ratings.models import (
    DIMENSIONS,
    ISSUE_TAGS,
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
)
from peers.ratings.services import ReviewData

CENT = Decimal("0.01")
PG_URL = os.environ.get("PEERS_TEST_POSTGRES_URL", "")


def data(overall=4, net=None, currency="USD", issues=(), recommend=True, **changes):
    earnings = {}
    if net is not None:  # 40 hours of `net` an hour, no expenses
        earnings = dict(gross_pay=Decimal(net) * 40, currency=currency, period="week",
                        hours_worked=Decimal(40))
    fields = dict(overall=overall, pay=overall, flexibility=5, support=1, fairness=3,
                  safety=overall, would_recommend=recommend, tenure="lt3m", still_active=True,
                  issues=tuple(issues), **earnings)
    return ReviewData(**{**fields, **changes})


def platform_id(slug="rover") -> int:
    return db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))


def new_users(n: int, confirmed=True) -> list[User]:
    """Many accounts at once (hashing one password, not n)."""
    password = hash_password("plum-violin-harbour-42")
    users = [User(email=f"bulk{i}-{random.random()}@example.org", password_hash=password,
                  email_confirmed_at=utcnow() if confirmed else None) for i in range(n)]
    db.session.add_all(users)
    db.session.flush()
    return users


def write(user, slug="rover", **changes) -> Review:
    platform = db.session.get(Platform, platform_id(slug))
    return services.save_review(user, platform, data(**changes))


def summary_row(slug="rover"):
    return db.session.execute(
        sa.select(PlatformRatingSummary.__table__).where(
            PlatformRatingSummary.platform_id == platform_id(slug))
    ).first()


# -- from scratch: what the summary rows must equal ---------------------------------------------

def expected_from_reviews(pid: int, weight: float, mean: float) -> dict:
    counted = db.session.scalars(
        sa.select(Review).where(Review.platform_id == pid, Review.is_counted)
    ).all()
    n = len(counted)
    expected = {
        "review_count": n, "overall_sum": sum(r.overall for r in counted),
        **{f"stars_{s}": sum(r.overall == s for r in counted) for s in range(1, 6)},
        **{f"{d}_sum": sum(getattr(r, d) for r in counted) for d in DIMENSIONS},
        "recommend_count": sum(r.would_recommend for r in counted),
    }
    expected["bayesian_average"] = (
        round((weight * mean + expected["overall_sum"]) / (weight + n), 6) if n else None)
    expected["issues"] = Counter(t for r in counted for t in r.issue_tags)
    by_currency: dict[str, list[Decimal]] = {}
    for r in counted:
        if r.net_hourly is not None:
            by_currency.setdefault(r.currency, []).append(r.net_hourly)
    expected["earnings"] = {
        c: (len(v), Decimal(statistics.median(v)).quantize(CENT, ROUND_HALF_UP))
        for c, v in by_currency.items()
    }
    return expected


def stored(pid: int) -> dict:
    row = db.session.execute(sa.select(PlatformRatingSummary.__table__).where(
        PlatformRatingSummary.platform_id == pid)).mappings().first()
    found = {k: v for k, v in (row or {}).items()
             if k not in ("platform_id", "updated_at", "bayesian_average")}
    if row is None:
        found = {"review_count": 0, "overall_sum": 0, "recommend_count": 0,
                 **{f"stars_{s}": 0 for s in range(1, 6)}, **{f"{d}_sum": 0 for d in DIMENSIONS}}
    found["bayesian_average"] = (round(row["bayesian_average"], 6)
                                 if row and row["bayesian_average"] is not None else None)
    found["issues"] = Counter({t: c for t, c in db.session.execute(
        sa.select(PlatformIssueCount.tag, PlatformIssueCount.count)
        .where(PlatformIssueCount.platform_id == pid, PlatformIssueCount.count > 0))})
    found["earnings"] = {c: (n, m) for c, n, m in db.session.execute(
        sa.select(PlatformEarnings.currency, PlatformEarnings.report_count,
                  PlatformEarnings.median_net_hourly)
        .where(PlatformEarnings.platform_id == pid))}
    return found


def assert_consistent(app, slugs=("rover", "airbnb")):
    weight, mean = app.config["BAYES_PRIOR_WEIGHT"], app.config["BAYES_PRIOR_MEAN"]
    for slug in slugs:
        pid = platform_id(slug)
        assert stored(pid) == expected_from_reviews(pid, weight, mean), slug


def test_any_sequence_of_writes_leaves_the_aggregates_equal_to_a_fresh_count(any_db_app):
    rng = random.Random(20240607)
    with any_db_app.app_context():
        users = new_users(12) + new_users(4, confirmed=False)
        db.session.commit()
        for step in range(160):
            user = rng.choice(users)
            slug = rng.choice(["rover", "airbnb"])
            action = rng.random()
            mine = db.session.scalars(sa.select(Review).where(Review.user_id == user.id)).all()
            if action < 0.55 or not mine:
                write(user, slug, overall=rng.randint(1, 5),
                      net=rng.choice([None, rng.randint(5, 30)]),
                      currency=rng.choice(["USD", "EUR"]), recommend=rng.random() < .5,
                      issues=rng.sample(sorted(ISSUE_TAGS), rng.randint(0, 3)))
            elif action < 0.7:
                services.set_review_status(rng.choice(mine), rng.choice(["hidden", "visible"]))
            elif action < 0.8:
                services.delete_review(user, rng.choice(mine).id)
            elif action < 0.9 and not user.is_confirmed:
                user.email_confirmed_at = utcnow()
                email_confirmed.send(user)
            else:
                review = rng.choice(mine)
                services.edit_review(user, review.id, data(overall=rng.randint(1, 5)))
            db.session.commit()
            if step % 20 == 19:
                assert_consistent(any_db_app)
        assert_consistent(any_db_app)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) > 5


def test_the_summary_sums_stars_dimensions_and_recommendations(small_app):
    with small_app.app_context():
        a, b, c = new_users(3)
        write(a, overall=5, recommend=True)
        write(b, overall=4, recommend=True)
        write(c, overall=3, recommend=False)
        db.session.commit()
        summary = queries.platform_summary(platform_id())
    assert (summary.count, summary.average, summary.enough) == (3, 4.0, True)
    assert summary.distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert summary.dimensions == {"pay": 4.0, "flexibility": 5.0, "support": 1.0,
                                  "fairness": 3.0, "safety": 4.0}
    assert summary.recommend_share == pytest.approx(2 / 3)
    # Prior of 5 reviews at 3 stars: (5 * 3 + 12) / (5 + 3)
    assert summary.bayesian_average == pytest.approx(3.375)


def test_the_bayesian_average_uses_the_configured_prior(make_app):
    app = make_app("small", BAYES_PRIOR_WEIGHT=10, BAYES_PRIOR_MEAN=2.0)
    with app.app_context():
        [a] = new_users(1)
        write(a, overall=5)
        db.session.commit()
        assert queries.platform_summary(platform_id()).bayesian_average == pytest.approx(25 / 11)


def test_below_the_minimum_the_summary_says_not_enough(small_app):
    with small_app.app_context():
        a, b = new_users(2)
        write(a)
        write(b)
        db.session.commit()
        summary = queries.platform_summary(platform_id())
        assert summary.count == 2 and not summary.enough
        assert queries.platform_summary(platform_id("airbnb")).count == 0


def test_hiding_a_review_takes_it_out_of_every_aggregate_and_restoring_brings_it_back(small_app):
    with small_app.app_context():
        a, b = new_users(2)
        write(a, overall=5, net=10, issues=["late-pay"])
        review = write(b, overall=1, net=30, issues=["late-pay", "unsafe"])
        db.session.commit()
        services.set_review_status(review, "hidden")
        db.session.commit()
        summary = queries.platform_summary(platform_id())
        assert (summary.count, summary.average) == (1, 5.0)
        assert summary.top_issues == [("late-pay", ISSUE_TAGS["late-pay"], 1)]
        assert summary.earnings == [("USD", Decimal("10.00"), 1)]
        services.set_review_status(review, "visible")
        db.session.commit()
        summary = queries.platform_summary(platform_id())
        assert (summary.count, summary.average) == (2, 3.0)
        assert summary.earnings == [("USD", Decimal("20.00"), 2)]
        assert_consistent(small_app)


def test_set_review_status_subtracts_what_the_database_holds(small_app):
    """A caller that changed the review in memory first cannot skew the aggregates."""
    with small_app.app_context():
        [a] = new_users(1)
        review = write(a, overall=5)
        db.session.commit()
        review.overall = 1  # changed in memory only: the row still says 5
        services.set_review_status(review, "hidden")
        db.session.commit()
        assert summary_row().review_count == 0 and summary_row().overall_sum == 0
        assert summary_row().stars_5 == 0 and summary_row().stars_1 == 0
        review.overall = 2
        services.set_review_status(review, "visible")
        db.session.commit()
        assert (summary_row().review_count, summary_row().stars_2) == (1, 1)
        assert_consistent(small_app, ("rover",))


def test_median_net_hourly_per_currency(any_db_app):
    with any_db_app.app_context():
        users = new_users(7)
        for user, net in zip(users[:4], (10, 40, 20, 30), strict=True):
            write(user, net=net)
        write(users[4], net=7, currency="EUR")
        write(users[5], net=9, currency="EUR")
        write(users[6], net=50, currency="EUR")
        db.session.commit()
        earnings = queries.platform_summary(platform_id()).earnings
    assert earnings == [("USD", Decimal("25.00"), 4), ("EUR", Decimal("9.00"), 3)]


def test_changing_an_earnings_reports_currency_recomputes_both(small_app):
    with small_app.app_context():
        a, b = new_users(2)
        write(a, net=10)
        write(b, net=20)
        db.session.commit()
        write(b, net=20, currency="GBP")
        db.session.commit()
        assert queries.platform_summary(platform_id()).earnings == [
            ("GBP", Decimal("20.00"), 1), ("USD", Decimal("10.00"), 1)]
        write(a, net=None)
        db.session.commit()
        assert queries.platform_summary(platform_id()).earnings == [
            ("GBP", Decimal("20.00"), 1)]
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PlatformEarnings)) == 1


def test_the_median_is_read_in_sql_not_by_loading_every_report(small_app, count_queries):
    with small_app.app_context():
        users = new_users(30)
        for i, user in enumerate(users):
            write(user, net=i + 1)
        db.session.commit()
        with count_queries(small_app) as statements:
            write(users[0], net=100)
        db.session.commit()
    medians = [s for s in statements if "net_hourly" in s and "LIMIT" in s.upper()]
    assert len(medians) == 1 and "ORDER BY" in medians[0].upper()


def test_issue_counts_follow_edits(small_app):
    with small_app.app_context():
        a, b = new_users(2)
        write(a, issues=["late-pay", "unsafe"])
        write(b, issues=["late-pay"])
        db.session.commit()
        write(a, issues=["hidden-fees"])
        db.session.commit()
        top = queries.platform_summary(platform_id()).top_issues
    assert top == [("hidden-fees", ISSUE_TAGS["hidden-fees"], 1),
                   ("late-pay", ISSUE_TAGS["late-pay"], 1)]


def test_a_review_and_its_aggregates_are_one_transaction(any_db_app, monkeypatch):
    """If the aggregates fail, the review is not saved either (SAVEPOINT inside, not outside)."""
    with any_db_app.app_context():
        [a] = new_users(1)
        db.session.commit()

        def broken(*_args):
            raise RuntimeError("disk full")

        monkeypatch.setattr(aggregates, "apply_change", broken)
        with pytest.raises(RuntimeError):
            write(a)
        db.session.rollback()
        db.session.remove()
    with any_db_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0


def test_concurrent_writers_on_one_platform_lose_no_update(any_db_app):
    with any_db_app.app_context():
        users = new_users(6)
        db.session.commit()
        rover = db.session.get(Platform, platform_id())
        for row in (*users, rover):
            db.session.refresh(row)
            db.session.expunge(row)
    start = threading.Barrier(len(users))
    errors = []

    def submit(user, stars):
        try:
            with any_db_app.app_context():
                start.wait(timeout=10)
                services.save_review(user, rover, data(overall=stars, net=stars * 5))
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(u, i % 5 + 1))
               for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    with any_db_app.app_context():
        assert summary_row().review_count == 6
        assert summary_row().overall_sum == 1 + 2 + 3 + 4 + 5 + 1
        assert_consistent(any_db_app, ("rover",))


def test_summaries_for_a_whole_page_cost_three_queries(small_app, count_queries):
    with small_app.app_context():
        a, b = new_users(2)
        write(a, "rover", net=12, issues=["unsafe"])
        write(b, "airbnb")
        db.session.commit()
        ids = list(db.session.scalars(sa.select(Platform.id)))
        rover = platform_id("rover")
        with count_queries(small_app) as statements:
            summaries = queries.summaries_for(ids)
    assert len(statements) == 3
    assert set(summaries) == set(ids)
    assert summaries[rover].top_issues[0][0] == "unsafe"
    assert summaries[rover].earnings == [("USD", Decimal("12.00"), 1)]
    empty = [s for s in summaries.values() if s.count == 0]
    assert empty and all(s.average is None and not s.enough for s in empty)
    assert queries.summaries_for([]) == {}


def test_two_simultaneous_first_submissions_make_one_review(any_db_app):
    """Two threads, two sessions, one database: the second submission edits the first."""
    app = any_db_app
    with app.app_context():
        [author] = new_users(1)
        db.session.commit()
        rover = db.session.get(Platform, platform_id())
        for row in (author, rover):
            db.session.refresh(row)
            db.session.expunge(row)
    start = threading.Barrier(2)
    errors = []

    def submit(overall):
        try:
            with app.app_context():
                start.wait(timeout=10)
                services.save_review(author, rover, data(overall=overall))
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(n,)) for n in (2, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    with app.app_context():
        [review] = db.session.scalars(sa.select(Review)).all()
        assert review.version == 2 and review.overall in (2, 5)
        assert summary_row().review_count == 1
        assert summary_row().overall_sum == review.overall
        assert_consistent(app, ("rover",))


def test_a_lost_insert_race_becomes_an_edit_of_the_winner(any_db_app, monkeypatch):
    """Between looking for the review and inserting it, another insert won: the unique
    constraint refuses ours inside a SAVEPOINT and the transaction goes on as an edit."""
    with any_db_app.app_context():
        [author] = new_users(1)
        winner = write(author, overall=2).id
        db.session.commit()
        real_find = services._find_own_review
        calls = []

        def missed_once(user_id, pid):
            calls.append(1)
            return None if len(calls) == 1 else real_find(user_id, pid)

        monkeypatch.setattr(services, "_find_own_review", missed_once)
        assert write(author, overall=5).id == winner
        db.session.commit()
        [review] = db.session.scalars(sa.select(Review)).all()
        assert (review.overall, review.version) == (5, 2)
        assert (summary_row().review_count, summary_row().stars_2, summary_row().stars_5) == (
            1, 0, 1)
