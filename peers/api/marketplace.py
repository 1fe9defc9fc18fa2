"""JSON routes of the support marketplace: offers (the page's filters) and vendors.

peers.api.views adds these routes to the /api/v1 blueprint. Withdrawn offers are
never listed; disclosures come with every offer; nothing about payments changes an order.
"""

from typing import Any

from flask import abort, current_app, request, url_for

from peers.api.serializers import page_json
from peers.errors import json_error
from peers.marketplace import queries, search
from peers.marketplace.forms import OfferSearchForm
from peers.marketplace.models import OFFER_CATEGORIES, Offer, Vendor
from peers.marketplace.reviews import queries as review_queries
from peers.pagination import int_arg

MAX_PER_PAGE = 100


def _areas(areas) -> list[dict[str, str]]:
    return [{"name": a.name, "country_code": a.country_code, "kind": a.kind} for a in areas]


def offer_json(offer: Offer) -> dict[str, Any]:
    """One offer with its price, platforms, how to get it and its disclosures."""
    on_quote = offer.price_on_quote or offer.price_amount is None
    return {
        "id": offer.id,
        "title": offer.title,
        "description": offer.description,
        "category": offer.category,
        "category_label": OFFER_CATEGORIES.get(offer.category, offer.category),
        "price": {"amount": None if on_quote else float(offer.price_amount),
                  "currency": None if on_quote else offer.price_currency,
                  "on_quote": on_quote},
        "member_discount": offer.member_discount or None,
        "serves": _areas(offer.areas),
        "platforms": [p.slug for p in offer.platforms],
        "how_to_get": offer.how_to_get,
        "disclosures": {"pays_referral_fee": offer.pays_referral_fee,
                        "platform_tie": offer.platform_tie or None,
                        "is_sponsored": offer.is_sponsored},
        "vendor": {"id": offer.vendor.id, "name": offer.vendor.name,
                   "url": url_for("api.vendor", vendor_id=offer.vendor.id, _external=True)},
        "page": url_for("marketplace.offer", offer_id=offer.id, _external=True),
        "created_at": offer.created_at.isoformat() + "Z",
        "updated_at": offer.updated_at.isoformat() + "Z",
    }


def vendor_json(vendor: Vendor, offers: list[Offer], rating) -> dict[str, Any]:
    """A vendor's profile, where it works, its active offers and its rating (no reviewer)."""
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    return {
        "id": vendor.id,
        "name": vendor.name,
        "description": vendor.description,
        "website": vendor.website or None,
        "remote": vendor.serves_remotely,
        "areas": _areas(vendor.areas),
        "rating": {"review_count": rating.count, "min_reviews": minimum,
                   "average": round(rating.average, 2)
                   if rating.count >= minimum and rating.average is not None else None},
        "offers": [offer_json(o) for o in offers],
        "page": url_for("marketplace.vendor", vendor_id=vendor.id, _external=True),
    }


def offers():
    form = OfferSearchForm(request.args)
    if not form.validate():
        field, message = form.first_error()
        return json_error("invalid_parameter", message, 400, field)
    per_page = int_arg("per_page", 20, maximum=MAX_PER_PAGE)
    filters = form.filters()
    if filters.words.strip():  # a search: a write first, if one is due (it only reads)
        search.catch_up_if_due()
    page = queries.find_offers(filters, form.page.data or 1, per_page)
    return page_json("offers", page, offer_json)


def vendor(vendor_id: int):
    found = queries.vendor_by_id(vendor_id)
    if found is None:
        abort(404, description=f"No vendor with id {vendor_id}.")
    return vendor_json(found, queries.offers_of_vendor(found.id),
                       review_queries.vendor_rating(found.id))
