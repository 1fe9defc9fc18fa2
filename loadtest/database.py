"""What the run's database holds, read straight from the tables (not through the site)."""

from collections import defaultdict

import sqlalchemy as sa

from loadtest.checks import ReviewRow, Tally
from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.ratings.models import PlatformRatingSummary, Review

USER, PLATFORM = User.__table__, Platform.__table__
REVIEW, SUMMARY = Review.__table__, PlatformRatingSummary.__table__


def active_platforms(engine: sa.Engine) -> dict[str, str]:
    """slug -> name of the platforms people can review and vendors can name."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(PLATFORM.c.slug, PLATFORM.c.name)
                            .where(PLATFORM.c.status == "active").order_by(PLATFORM.c.slug))
        return dict(rows.all())


def reviews_by(engine: sa.Engine, email_prefix: str) -> list[ReviewRow]:
    """Every review whose author's email starts with the run's prefix."""
    stmt = (sa.select(USER.c.email, PLATFORM.c.slug, REVIEW.c.overall, REVIEW.c.is_counted,
                      USER.c.email_confirmed_at.is_not(None))
            .join(USER, USER.c.id == REVIEW.c.user_id)
            .join(PLATFORM, PLATFORM.c.id == REVIEW.c.platform_id)
            .where(USER.c.email.startswith(email_prefix, autoescape=True)))
    with engine.connect() as conn:
        return [ReviewRow(*row) for row in conn.execute(stmt)]


def stored_summaries(engine: sa.Engine) -> dict[str, Tally]:
    """Each platform's summary row, as the pages and the API read it."""
    stars = [SUMMARY.c[f"stars_{n}"] for n in range(1, 6)]
    stmt = (sa.select(PLATFORM.c.slug, SUMMARY.c.review_count, SUMMARY.c.overall_sum, *stars)
            .join(PLATFORM, PLATFORM.c.id == SUMMARY.c.platform_id)
            .where(SUMMARY.c.review_count > 0))
    with engine.connect() as conn:
        return {slug: Tally(count, total, tuple(dist))
                for slug, count, total, *dist in conn.execute(stmt)}


def counted_reviews(engine: sa.Engine) -> dict[str, Tally]:
    """Each platform's counted review rows, added up here from scratch."""
    stmt = (sa.select(PLATFORM.c.slug, REVIEW.c.overall)
            .join(PLATFORM, PLATFORM.c.id == REVIEW.c.platform_id)
            .where(REVIEW.c.is_counted))
    stars = defaultdict(list)
    with engine.connect() as conn:
        for slug, overall in conn.execute(stmt):
            stars[slug].append(overall)
    return {slug: Tally.of(values) for slug, values in stars.items()}
