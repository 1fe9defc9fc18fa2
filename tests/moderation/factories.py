"""Test data for community, moderation and insights tests: reviews written through the
ratings service, so that every aggregate is what the site itself would have."""

from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings.models import Review
from peers.ratings.queries import platform_summary
from peers.ratings.services import ReviewData, save_review

DEFAULTS = {
    "overall": 4, "pay": 4, "flexibility": 5, "support": 3, "fairness": 4, "safety": 4,
    "would_recommend": True, "tenure": "1-3y", "still_active": True,
    "pros": "You choose your hours.", "cons": "Support is slow.", "city": "Austin",
}


def earnings(gross: str, hours: str, currency: str = "USD", expenses: str = "0") -> dict:
    """The fields of an earnings report for one week."""
    return {"gross_pay": Decimal(gross), "hours_worked": Decimal(hours), "currency": currency,
            "period": "week", "expenses": Decimal(expenses)}


def write_review(app, user, slug: str, **fields) -> int:
    """The user's review of the platform, saved through ratings.services; its id."""
    with app.app_context():
        author = db.session.get(User, user.id)
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        review = save_review(author, platform, ReviewData(**{**DEFAULTS, **fields}))
        db.session.commit()
        return review.id


def summary_of(app, slug: str):
    """The platform's RatingSummary as pages read it."""
    with app.app_context():
        platform_id = db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))
        return platform_summary(platform_id)


def review_row(app, review_id: int) -> Review:
    """The review as stored now (detached)."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        db.session.expunge(review)
        return review


def platform_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))


def many_users(app, count: int, role: str = "worker", prefix: str = "crowd") -> list[User]:
    """Confirmed users without a usable password (fast: no password hashing)."""
    from peers.discovery.models import utcnow

    with app.app_context():
        users = [User(email=f"{prefix}{i}@example.org", password_hash="!", role=role,
                      display_name=f"{prefix} {i}", email_confirmed_at=utcnow())
                 for i in range(count)]
        db.session.add_all(users)
        db.session.commit()
        for user in users:
            db.session.refresh(user)
            db.session.expunge(user)
        return users
