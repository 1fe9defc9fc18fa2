"""Marketplace test data, written through the marketplace's own services."""

import html
import re
from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.extensions import db
from peers.marketplace import services
from peers.marketplace.models import Offer, Vendor, VendorReview
from peers.marketplace.reviews import services as reviews
from peers.marketplace.services import OfferData, VendorData

OFFER = {
    "category": "tax", "title": "Tax returns for hosts", "description": "We file your return.",
    "how_to_get": "https://example.org/tax", "price_amount": Decimal("49.00"),
    "price_currency": "USD", "platform_slugs": ("airbnb",),
}


def offer_data(**fields) -> OfferData:
    return OfferData(**{**OFFER, **fields})


def make_vendor(app, owner, name="Harbour Tax", remote=True, places=(), **fields) -> int:
    """The owner's vendor profile; its id."""
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


def write_review(app, author, vendor_id: int, stars: int = 4, body: str = "Clear.") -> int:
    """The author's review of the vendor, through the service; its id."""
    with app.app_context():
        review = reviews.save_vendor_review(db.session.get(User, author.id),
                                            db.session.get(Vendor, vendor_id), stars, body)
        db.session.commit()
        return review.id


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


def review_row(app, review_id: int) -> VendorReview | None:
    return row(app, VendorReview, review_id)


def text_of(response) -> str:
    """The page as a person reads it: tags dropped, entities decoded, whitespace folded."""
    page = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(page))


def titles(response) -> list[str]:
    """Offer titles in the order a page lists them."""
    return [html.unescape(t) for t in re.findall(
        r'<h[23] class="card-title"><a href="/marketplace/offers/\d+">([^<]*)</a>',
        response.get_data(as_text=True))]
