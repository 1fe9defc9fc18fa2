"""Writes of vendor profiles and offers. Flush, never commit: the view or command commits once.

Every rule is checked here, whoever calls (page, command, demo data): a vendor edits and
withdraws only their own offers, and bad input raises peers.errors.Refused before anything changes.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

import pycountry
import sqlalchemy as sa

from peers.accounts.models import User
from peers.core import utcnow
from peers.discovery import queries as discovery_queries
from peers.discovery.models import Platform
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.errors import Forbidden, NotFound, Refused
from peers.extensions import db
from peers.marketplace.models import OFFER_CATEGORIES, Offer, OfferArea, Vendor, VendorArea
from peers.marketplace.queries import profile_gaps

MAX_NAME = 120
MAX_TITLE = 120
MAX_DESCRIPTION = 4000
MAX_URL = 500
MAX_HOW_TO_GET = 500
MAX_DISCOUNT = 200
MAX_TIE = 300
MAX_PLACES = 20
MAX_PLATFORMS = 20
MAX_PRICE = Decimal("9999999999.99")  # what Numeric(12, 2) holds
# ISO 4217 codes that are not money anyone pays with (test code, metals, accounting units).
NOT_MONEY = {"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU",
             "XUA"}
WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


@dataclass(frozen=True)
class VendorData:
    """A vendor profile as typed; places are resolved like the discovery place."""

    name: str
    description: str = ""
    website: str = ""
    serves_remotely: bool = False
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfferData:
    """An offer as typed. A price is an amount with its currency, or "on quote"."""

    category: str
    title: str
    description: str
    how_to_get: str
    price_amount: Decimal | None = None
    price_currency: str | None = None
    price_on_quote: bool = False
    member_discount: str = ""
    platform_slugs: tuple[str, ...] = ()
    pays_referral_fee: bool = False
    platform_tie: str = ""
    is_sponsored: bool = False
    # Countries and regions whose workers it serves; none given: where the vendor works.
    places: tuple[str, ...] = ()


def is_currency(code: str | None) -> bool:
    """An ISO 4217 code people pay with ("USD", "EUR"), not a metal or a test code."""
    return bool(code) and code not in NOT_MONEY and (
        pycountry.currencies.get(alpha_3=code) is not None)


def _text(value: str, field: str, label: str, maximum: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Refused(f"Enter {label}.", field)
    if len(value) > maximum:
        raise Refused(f"Keep {label} under {maximum:,} characters.", field)
    return value


# -- vendor profiles ---------------------------------------------------------------------------
def vendor_of(owner: User) -> Vendor | None:
    """The vendor profile this account owns, if any."""
    return db.session.scalar(sa.select(Vendor).where(Vendor.owner_id == owner.id))


def _resolve_places(places: tuple[str, ...], area=VendorArea) -> list:
    """The places as rows of `area` (VendorArea or OfferArea), once each; Refused when one
    is unknown."""
    places = tuple(p.strip() for p in places if p and p.strip())
    if len(places) > MAX_PLACES:
        raise Refused(f"List at most {MAX_PLACES} places.", "places")
    areas: dict[str, VendorArea | OfferArea] = {}
    for text in places:
        try:
            place = resolve_place(text)
        except PlaceNotFound as exc:
            raise Refused(str(exc), "places") from exc
        areas.setdefault(place.name, area(name=place.name, kind=place.kind,
                                          country_code=place.country_code))
    return list(areas.values())


def check_may_publish(vendor: Vendor | None) -> Vendor:
    """The vendor, when its profile is finished; Refused saying what is missing otherwise."""
    gaps = profile_gaps(vendor)
    if gaps:
        raise Refused("Finish your vendor profile before you list an offer: "
                      f"{'; '.join(gaps)}.", "vendor")
    return vendor


def save_vendor(owner: User, data: VendorData) -> Vendor:
    """Create the owner's one vendor profile, or edit it when there is one."""
    if owner.role != "vendor":
        raise Forbidden("Only vendor accounts have a vendor profile.")
    name = _text(data.name, "name", "your business name", MAX_NAME)
    description = _text(data.description, "description", "the description", MAX_DESCRIPTION,
                        required=False)
    website = _text(data.website, "website", "the web address", MAX_URL, required=False)
    if website and not WEB_ADDRESS.fullmatch(website):
        raise Refused("Enter a web address starting with https://", "website")
    areas = _resolve_places(data.places)
    if not areas and not data.serves_remotely:
        raise Refused("Say where you work: tick “Remote”, or list at least one place.",
                      "places")
    vendor = vendor_of(owner) or Vendor(owner_id=owner.id)
    vendor.name, vendor.description, vendor.website = name, description, website
    vendor.serves_remotely = data.serves_remotely
    kept = {area.name: area for area in vendor.areas}
    vendor.areas = [kept.get(area.name, area) for area in areas]
    vendor.updated_at = utcnow()  # its offers' documents read the name and the areas
    db.session.add(vendor)
    db.session.flush()
    return vendor


# -- offers ------------------------------------------------------------------------------------
def _check_price(data: OfferData) -> None:
    if data.price_on_quote:
        if data.price_amount is not None:
            raise Refused("Leave the price empty when it is given on quote, "
                          "or choose “A price”.", "price_amount")
        return
    amount = data.price_amount
    if amount is None:
        raise Refused("Enter the price, or choose “Ask for a quote”.", "price_amount")
    if not amount.is_finite() or amount < 0:
        raise Refused("Enter the price as a number, 0 or more.", "price_amount")
    if amount > MAX_PRICE:
        raise Refused(f"Enter a price of at most {MAX_PRICE:,}.", "price_amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise Refused("Use at most 2 decimals.", "price_amount")
    if not is_currency(data.price_currency):
        raise Refused("Enter a currency code such as USD, EUR or GBP.",
                      "price_currency")


def _platforms(slugs: tuple[str, ...]) -> list[Platform]:
    slugs = tuple(dict.fromkeys(s.strip().lower() for s in slugs if s and s.strip()))
    if len(slugs) > MAX_PLATFORMS:
        raise Refused(f"Choose at most {MAX_PLATFORMS} platforms.", "platforms")
    found = discovery_queries.platforms_by_slug(list(slugs))
    for slug in slugs:
        if slug not in found:
            raise Refused(f"Unknown platform “{slug[:64]}”.", "platforms")
        if not found[slug].is_active:
            raise Refused(f"{found[slug].name} is no longer active.", "platforms")
    return [found[slug] for slug in slugs]


def _offer_areas(vendor: Vendor, places: tuple[str, ...]) -> list[OfferArea]:
    """Where the offer applies: the places given, else those its vendor works in."""
    if not any(p.strip() for p in places if p):
        places = tuple(area.name for area in vendor.areas)
    areas = _resolve_places(places, OfferArea)
    if not areas:
        raise Refused("Say where workers can use this offer: list the countries or regions "
                      "it serves, even when you work remotely.", "places")
    return areas


def _apply(offer: Offer, data: OfferData, vendor: Vendor) -> None:
    """Check everything, then write: a refused offer changes nothing."""
    if data.category not in OFFER_CATEGORIES:
        raise Refused("Choose a category from the list.", "category")
    title = _text(data.title, "title", "a title", MAX_TITLE)
    description = _text(data.description, "description", "a description", MAX_DESCRIPTION)
    _check_price(data)
    discount = _text(data.member_discount, "member_discount", "the discount", MAX_DISCOUNT,
                     required=False)
    how = _text(data.how_to_get, "how_to_get", "how workers get it", MAX_HOW_TO_GET)
    tie = _text(data.platform_tie, "platform_tie", "the tie", MAX_TIE, required=False)
    platforms = _platforms(data.platform_slugs)
    areas = _offer_areas(vendor, data.places)
    offer.category, offer.title, offer.description = data.category, title, description
    offer.price_on_quote = data.price_on_quote
    offer.price_amount = None if data.price_on_quote else data.price_amount
    offer.price_currency = None if data.price_on_quote else data.price_currency
    offer.member_discount, offer.how_to_get, offer.platform_tie = discount, how, tie
    offer.pays_referral_fee, offer.is_sponsored = data.pays_referral_fee, data.is_sponsored
    offer.platforms = platforms
    kept = {area.name: area for area in offer.areas}
    offer.areas = [kept.get(area.name, area) for area in areas]
    offer.updated_at = utcnow()  # also when only its platforms or places changed


def create_offer(owner: User, data: OfferData) -> Offer:
    """List a new offer under the owner's vendor profile."""
    if owner.role != "vendor":
        raise Forbidden("Only vendor accounts list offers.")
    vendor = check_may_publish(vendor_of(owner))
    offer = Offer(status="active")
    _apply(offer, data, vendor)  # checks everything first: a refused offer is never added
    offer.vendor = vendor
    offer.created_at = offer.updated_at
    db.session.add(offer)
    db.session.flush()
    return offer


def owned_offer(owner: User | None, offer_id: int) -> Offer:
    """The offer, when the owner's vendor listed it; NotFound or Forbidden otherwise."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        raise NotFound("There is no such offer.")
    if owner is None or offer.vendor.owner_id != owner.id:
        raise Forbidden("Only the vendor who listed an offer can change it.")
    return offer


def edit_offer(owner: User, offer_id: int, data: OfferData) -> Offer:
    """Change the owner's own offer."""
    offer = owned_offer(owner, offer_id)
    with db.session.no_autoflush:  # a refused edit must not reach the database half done
        _apply(offer, data, offer.vendor)
    db.session.flush()
    return offer


def set_offer_status(owner: User, offer_id: int, status: str) -> Offer:
    """Withdraw ("withdrawn") or list again ("active") the owner's own offer."""
    offer = owned_offer(owner, offer_id)
    if status not in ("active", "withdrawn"):
        raise ValueError(f"unknown offer status {status!r}")
    if status == "active":
        check_may_publish(offer.vendor)
    offer.status = status
    db.session.flush()
    return offer
