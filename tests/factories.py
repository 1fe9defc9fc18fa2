"""Test data written through the site's own services, so that every aggregate and index is what
the site itself would have: people, platform reviews, vendors, offers and vendor reviews."""

from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace import services
from peers.marketplace.models import Offer, Vendor, VendorReview
from peers.marketplace.reviews import services as reviews
from peers.marketplace.search import get_offer_index
from peers.marketplace.services import OfferData, VendorData
from peers.ratings.models import Review
from peers.ratings.queries import platform_summary
from peers.ratings.services import ReviewData, save_review


# -- people ----------------------------------------------------------------------------------------
def many_users(app, count: int, role: str = "worker", prefix: str = "crowd") -> list[User]:
    """Confirmed users without a usable password (fast: no password hashing)."""
    from peers.core import utcnow

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


# -- rows as stored --------------------------------------------------------------------------------
def row(app, model, ident):
    """A row as stored now (detached), or None."""
    with app.app_context():
        found = db.session.get(model, ident)
        if found is not None:
            db.session.expunge(found)
        return found


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


# -- platform reviews ------------------------------------------------------------------------------
REVIEW = {
    "overall": 4, "pay": 4, "flexibility": 5, "support": 3, "fairness": 4, "safety": 4,
    "would_recommend": True, "tenure": "1-3y", "still_active": True,
    "pros": "You choose your hours.", "cons": "Support is slow.", "city": "Austin",
}


def earnings(gross: str, hours: str, currency: str = "USD", expenses: str = "0") -> dict:
    """The fields of an earnings report for one week."""
    return {"gross_pay": Decimal(gross), "hours_worked": Decimal(hours), "currency": currency,
            "period": "week", "expenses": Decimal(expenses)}


def write_platform_review(app, user, slug: str, **fields) -> int:
    """The user's review of the platform, saved through ratings.services; its id."""
    with app.app_context():
        author = db.session.get(User, user.id)
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        review = save_review(author, platform, ReviewData(**{**REVIEW, **fields}))
        db.session.commit()
        return review.id


def platform_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))


def summary_of(app, slug: str):
    """The platform's RatingSummary as pages read it."""
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform.id).where(Platform.slug == slug))
        return platform_summary(platform)


def rename_summary(app, slug: str, summary: str) -> None:
    """Change a platform's summary and commit, as an editor would."""
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        platform.summary = summary
        db.session.commit()


def platform_review_row(app, review_id: int) -> Review:
    """The platform review as stored now (detached)."""
    return row(app, Review, review_id)


# -- vendors, offers and vendor reviews ------------------------------------------------------------
OFFER = {
    "category": "tax", "title": "Tax returns for hosts", "description": "We file your return.",
    "how_to_get": "https://example.org/tax", "price_amount": Decimal("49.00"),
    "price_currency": "USD", "platform_slugs": ("airbnb",),
}


def offer_data(**fields) -> OfferData:
    return OfferData(**{**OFFER, **fields})


def make_vendor(app, owner, name="Harbour Tax", remote=True, places=("United States",),
                **fields) -> int:
    """The owner's vendor profile, finished (its offers may be listed); its id."""
    fields.setdefault("description", "We help gig workers.")
    with app.app_context():
        user = db.session.get(User, owner.id)
        vendor = services.save_vendor(user, VendorData(name=name, serves_remotely=remote,
                                                       places=tuple(places), **fields))
        db.session.commit()
        return vendor.id


def make_offer(app, owner, **fields) -> int:
    """A new offer of the owner's vendor; its id."""
    with app.app_context():
        offer = services.create_offer(db.session.get(User, owner.id), offer_data(**fields))
        db.session.commit()
        return offer.id


def update_offer(app, offer_id: int, **columns) -> None:
    """Change an offer's columns directly, as a commit from anywhere would."""
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        for name, value in columns.items():
            setattr(offer, name, value)
        db.session.commit()


def build_offer_index(app) -> None:
    """What `flask peers reindex` does for offers (the shared template site has none yet)."""
    with app.app_context():
        get_offer_index().rebuild(db.session)


def write_vendor_review(app, author, vendor_id: int, stars: int = 4, body: str = "Clear.") -> int:
    """The author's review of the vendor, through the service; its id."""
    with app.app_context():
        review = reviews.save_vendor_review(db.session.get(User, author.id),
                                            db.session.get(Vendor, vendor_id), stars, body)
        db.session.commit()
        return review.id


def vendor_review_row(app, review_id: int) -> VendorReview | None:
    """The vendor review as stored now (detached), or None."""
    return row(app, VendorReview, review_id)
