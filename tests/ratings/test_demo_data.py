"""`flask peers demo-data`: labelled synthetic reviews, written through the ratings service."""

from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings.models import (
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewIssue,
)


def run(app, *args):
    return app.test_cli_runner().invoke(args=["peers", "demo-data", *args])


def test_demo_data_writes_labelled_reviews_by_labelled_workers(small_app):
    result = run(small_app, "--reviews", "40", "--seed", "7")
    assert result.exit_code == 0, result.output
    assert "Added 40 demo reviews" in result.output
    assert "demo offers from sample vendors labelled [Demo]" in result.output
    with small_app.app_context():
        reviews = db.session.scalars(sa.select(Review)).all()
        assert len(reviews) == 40
        assert all(r.pros.startswith("[Demo data] ") for r in reviews)
        assert all(r.is_counted and r.status == "visible" for r in reviews)
        users = db.session.scalars(sa.select(User).where(User.role == "worker")).all()
        assert users and all(
            u.email == f"demo-worker-{u.display_name.split()[-1]}@example.invalid"
            and u.display_name.startswith("Demo worker ") and u.role == "worker"
            for u in users)
        assert {r.user_id for r in reviews} <= {u.id for u in users}
        assert db.session.scalar(sa.select(sa.func.count(ReviewIssue.tag))) > 0
        reports = [r for r in reviews if r.net_hourly is not None]
        assert reports and all(r.currency in ("USD", "GBP", "CAD", "EUR") for r in reports)
        platforms = {r.platform.slug for r in reviews}
        assert platforms <= {"rover", "airbnb", "blablacar", "hourly-walkers"}  # active only


def test_demo_reviews_are_in_the_aggregates(small_app):
    run(small_app, "--reviews", "60", "--seed", "3")
    with small_app.app_context():
        per_platform = dict(db.session.execute(
            sa.select(Review.platform_id, sa.func.count(Review.id)).group_by(Review.platform_id)
        ).all())
        summaries = dict(db.session.execute(
            sa.select(PlatformRatingSummary.platform_id, PlatformRatingSummary.review_count)
        ).all())
        assert {k: v for k, v in summaries.items() if v} == per_platform
        stars = dict(db.session.execute(
            sa.select(Review.platform_id, sa.func.sum(Review.overall)).group_by(Review.platform_id)
        ).all())
        sums = dict(db.session.execute(
            sa.select(PlatformRatingSummary.platform_id, PlatformRatingSummary.overall_sum)
        ).all())
        assert {k: v for k, v in sums.items() if v} == stars
        issues = db.session.scalar(sa.select(sa.func.sum(PlatformIssueCount.count)))
        assert issues == db.session.scalar(sa.select(sa.func.count(ReviewIssue.tag)))
        reported = db.session.scalar(
            sa.select(sa.func.count(Review.id)).where(Review.net_hourly.is_not(None)))
        assert db.session.scalar(sa.select(sa.func.sum(PlatformEarnings.report_count))) == reported
    page = small_app.test_client().get("/issues").get_data(as_text=True)
    assert "counted reviews" in page


def test_the_same_seed_writes_the_same_reviews(make_app):
    def reviews_of(app):
        run(app, "--reviews", "25", "--seed", "11")
        with app.app_context():
            return db.session.execute(sa.select(
                Review.platform_id, Review.overall, Review.pros, Review.net_hourly
            ).order_by(Review.id)).all()

    assert reviews_of(make_app("small")) == reviews_of(make_app("small"))


def test_demo_data_runs_once(small_app):
    run(small_app, "--reviews", "10")
    again = run(small_app, "--reviews", "10")
    assert again.exit_code != 0
    assert "Demo data is already on this site; nothing was added." in again.output
    with small_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Review.id))) == 10


def test_demo_data_needs_the_catalog(make_app):
    result = run(make_app("empty"), "--reviews", "10")
    assert result.exit_code != 0
    assert "The catalog is empty" in result.output


def test_demo_reviews_show_their_label_on_the_platform_page(small_app):
    run(small_app, "--reviews", "30", "--seed", "2")
    page = small_app.test_client().get("/platforms/rover").get_data(as_text=True)
    assert "[Demo data]" in page and "Demo worker " in page


def test_a_bad_count_is_refused(small_app):
    result = run(small_app, "--reviews", "0")
    assert result.exit_code == 2 and "--reviews" in result.output


def test_demo_data_looks_like_the_real_thing_where_visitors_look_first(app):
    """Default demo data on the real catalog: the well-known platforms have enough reviews to
    show aggregates, words and issues fit the kind of work, earnings are in the currency of
    the platform's countries with plausible hours and costs; offers fit their vendors."""
    from peers.marketplace.models import Offer
    from peers.ratings.cli import BIG_MARKETS, CURRENCIES, EURO, TEXTS, WELL_KNOWN, WORK

    assert run(app, "--reviews", "150", "--seed", "5").exit_code == 0
    with app.app_context():
        counts = dict(db.session.execute(
            sa.select(Platform.slug, sa.func.count(Review.id)).join(Review.platform)
            .group_by(Platform.slug)).all())
        active = set(db.session.scalars(sa.select(Platform.slug)
                                        .where(Platform.status == "active")))
        minimum = app.config["MIN_REVIEWS_TO_SHOW"]
        assert {slug: counts.get(slug, 0) for slug in WELL_KNOWN & active
                if counts.get(slug, 0) < minimum} == {}
        # No small platform gets more reviews than a well-known one.
        assert max(n for s, n in counts.items() if s not in WELL_KNOWN) <= min(
            counts[s] for s in WELL_KNOWN & active)
        reviews = db.session.scalars(sa.select(Review)).all()
        for review in reviews:
            kind = review.platform.category.slug
            if kind in TEXTS:
                pros, cons, issues = TEXTS[kind]
                assert review.pros.removeprefix("[Demo data] ") in pros, review.pros
                assert review.cons in cons and set(review.issue_tags) <= set(issues)
            if review.gross_pay is not None:
                regions = set(review.platform.regions) - {"worldwide"} or set(BIG_MARKETS)
                assert review.currency in {"EUR" if c in EURO else CURRENCIES.get(c, "USD")
                                           for c in regions}, review.platform.slug
                (low, high), _, (_, cost_high) = WORK.get(kind, ((5, 40), 1, (0, 0.3)))
                assert low <= review.hours_worked <= high
                assert review.expenses <= review.gross_pay * Decimal(str(cost_high)) + 1
        care = [r for r in reviews if r.platform.slug == "care-com"]
        assert care and not any("customer" in (r.pros + r.cons).lower() for r in care)
        # Offers: prices as businesses set them, platforms that operate where the offer does.
        for offer in db.session.scalars(sa.select(Offer)):
            assert offer.title.startswith("[Demo] ") and offer.vendor.name.startswith("[Demo] ")
            if offer.price_amount is not None:
                assert offer.price_amount >= 15 and offer.price_amount % Decimal("0.5") == 0
            countries = {area.country_code for area in offer.areas}
            for platform in offer.platforms:
                assert "worldwide" in platform.regions or countries & set(platform.regions), (
                    offer.title, platform.slug)
