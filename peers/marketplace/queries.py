"""Reads of offers and vendors for pages, the API and other features (never one query per row).

Only active offers are ever listed or searched. Browsing orders by newest, a search by
relevance then newest; nothing about payments (referral fees, sponsorship) takes part.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.discovery import queries as discovery_queries
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace import needs
from peers.marketplace.models import OFFER_CATEGORIES, Offer, OfferArea, Vendor, offer_platform
from peers.marketplace.search import OfferFilters, find_offer_ids, get_offer_index
from peers.pagination import Page


def _for_cards(stmt: sa.Select) -> sa.Select:
    # Every offer card names its vendor and where the offer applies, and lists its platforms.
    return stmt.options(
        joinedload(Offer.vendor).selectinload(Vendor.areas),
        selectinload(Offer.areas),
        selectinload(Offer.platforms),
    )


def _active() -> sa.ColumnElement[bool]:
    return Offer.status == "active"


def _serving(country_code: str, place_name: str | None) -> sa.Select:
    """Offers that serve a worker there (peers.marketplace.search.place_terms, in SQL): any
    offer in the country named; for a city or region, offers for the whole country, or for
    the place or a region it lies in."""
    code = country_code.upper()
    where: sa.ColumnElement[bool] = OfferArea.country_code == code
    if place_name:
        parts = [part.strip() for part in place_name.split(",")]
        within = [", ".join(parts[i:]) for i in range(len(parts) - 1)]
        where = sa.and_(where, sa.or_(OfferArea.kind == "country", OfferArea.name.in_(within)))
    return sa.select(OfferArea.offer_id).where(where)


def _where(stmt: sa.Select, filters: OfferFilters) -> sa.Select:
    """The same filters as the index applies (peers.marketplace.search._filter), in SQL."""
    if filters.category:
        stmt = stmt.where(Offer.category == filters.category)
    if filters.platform:
        stmt = stmt.where(Offer.id.in_(
            sa.select(offer_platform.c.offer_id)
            .join(Platform, Platform.id == offer_platform.c.platform_id)
            .where(Platform.slug == filters.platform.lower())))
    if filters.country_code:
        stmt = stmt.where(Offer.id.in_(_serving(filters.country_code, filters.place_name)))
    if filters.currency:
        stmt = stmt.where(Offer.price_currency == filters.currency)
    if filters.has_price:
        stmt = stmt.where(Offer.price_on_quote.is_(False), Offer.price_amount.is_not(None))
        if filters.min_price is not None:
            stmt = stmt.where(Offer.price_amount >= filters.min_price)
        if filters.max_price is not None:
            stmt = stmt.where(Offer.price_amount <= filters.max_price)
    return stmt


def browse_offers(filters: OfferFilters, page: int, per_page: int) -> Page:
    """A page of active offers, newest first."""
    page = max(page, 1)
    base = _where(sa.select(Offer).join(Offer.vendor).where(_active()), filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    stmt = _for_cards(base).order_by(Offer.created_at.desc(), Offer.id.desc())
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def search_offers(filters: OfferFilters, page: int, per_page: int) -> Page:
    """A page of active offers matching the words, by relevance then newest.

    Reads only: the views bring the index level with the database first, when it is due
    (peers.marketplace.search.catch_up_if_due)."""
    page = max(page, 1)
    ids, total = find_offer_ids(get_offer_index(), filters, page, per_page)
    found = offers_by_id(ids)
    return Page([found[i] for i in ids if i in found], page, per_page, total)


def find_offers(filters: OfferFilters, page: int, per_page: int) -> Page:
    """Search when there are words, otherwise browse."""
    if filters.words.strip():
        return search_offers(filters, page, per_page)
    return browse_offers(filters, page, per_page)


def offers_by_id(ids: Iterable[int]) -> dict[int, Offer]:
    """The active offers with these ids, in one round of queries."""
    ids = list(ids)
    if not ids:
        return {}
    stmt = _for_cards(sa.select(Offer).where(Offer.id.in_(ids), _active()))
    return {offer.id: offer for offer in db.session.scalars(stmt)}


def active_offer(offer_id: int) -> Offer | None:
    """An offer people may see: withdrawn offers are gone for everyone but their vendor."""
    return offers_by_id([offer_id]).get(offer_id)


def vendor_by_id(vendor_id: int) -> Vendor | None:
    return db.session.scalars(
        sa.select(Vendor).where(Vendor.id == vendor_id).options(selectinload(Vendor.areas))
    ).first()


def vendor_of_owner(owner_id: int) -> Vendor | None:
    """The vendor profile an account owns, with its areas."""
    return db.session.scalars(
        sa.select(Vendor).where(Vendor.owner_id == owner_id).options(selectinload(Vendor.areas))
    ).first()


def profile_gaps(vendor: Vendor | None) -> list[str]:
    """What a vendor profile still lacks before its offers may be listed, in words."""
    if vendor is None:
        return ["create your vendor profile"]
    gaps = []
    if not (vendor.description or "").strip():
        gaps.append("say what you do (the description workers read with every offer)")
    if not vendor.areas and not vendor.serves_remotely:
        gaps.append("say where you work")
    return gaps


def offers_of_vendor(vendor_id: int, include_withdrawn: bool = False) -> list[Offer]:
    """A vendor's offers, newest first; withdrawn ones only for the vendor's own page."""
    stmt = _for_cards(sa.select(Offer).where(Offer.vendor_id == vendor_id))
    if not include_withdrawn:
        stmt = stmt.where(_active())
    return list(db.session.scalars(stmt.order_by(Offer.created_at.desc(), Offer.id.desc())))


def platform_by_slug(slug: str) -> Platform | None:
    """A platform to filter offers by (its category names its workers: "hosts")."""
    return discovery_queries.platform_by_slug(slug)


def platform_choices() -> list[tuple[str, str]]:
    """(slug, name) of every active platform, by name: what an offer may be for."""
    return discovery_queries.platform_names(active_only=True)


# -- on platform pages and discovery results ---------------------------------------------------
def offers_for_platform(platform_id: int, limit: int) -> list[Offer]:
    """The newest active offers made for workers on this platform."""
    stmt = _for_cards(
        sa.select(Offer).join(offer_platform, offer_platform.c.offer_id == Offer.id)
        .where(offer_platform.c.platform_id == platform_id, _active())
        .order_by(Offer.created_at.desc(), Offer.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


# Built once, ids as a parameter: discovery results count offers on every search, and building
# the statement (and its cache key) costs more than running it.
_OFFER_COUNTS = (
    sa.select(offer_platform.c.platform_id, Offer.category, sa.func.count())
    .join(Offer, Offer.id == offer_platform.c.offer_id)
    .where(offer_platform.c.platform_id.in_(sa.bindparam("ids", expanding=True)), _active())
    .group_by(offer_platform.c.platform_id, Offer.category)
)
_CATEGORY_RANK = {category: i for i, category in enumerate(OFFER_CATEGORIES)}


def offer_counts_for_platforms(platform_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Active offers per platform and category, for a whole page in one query."""
    ids = list(platform_ids)
    if not ids:
        return {}
    rank = _CATEGORY_RANK
    rows = sorted(db.session.execute(_OFFER_COUNTS, {"ids": ids}),
                  key=lambda r: (r[0], rank.get(r[1], len(rank))))
    counts: dict[int, dict[str, int]] = {}
    for platform_id, category, count in rows:
        counts.setdefault(platform_id, {})[category] = count
    return counts


def category_counts() -> dict[str, int]:
    """Active offers per category, in the categories' order (browse by category)."""
    counts = dict(db.session.execute(
        sa.select(Offer.category, sa.func.count()).where(_active()).group_by(Offer.category)
    ).all())
    return {category: counts.get(category, 0) for category in OFFER_CATEGORIES}


def platform_help(platform_id: int, limit: int = 3) -> dict[str, Any]:
    """The variables templates/marketplace/_platform_offers.html expects, in two queries."""
    return {
        "platform_offers": offers_for_platform(platform_id, limit),
        "platform_offer_counts": offer_counts_for_platforms([platform_id]).get(platform_id, {}),
    }


# -- when nothing matches ----------------------------------------------------------------------
@dataclass(frozen=True)
class Broader:
    """A wider search than the one that found nothing: what it leaves out, and its filters."""

    what: str  # "the same search without the price"
    drop: tuple[str, ...]  # the search form's fields it leaves out
    filters: OfferFilters
    category: str | None = None  # a category it adds (the need the words named)


def _broader_searches(filters: OfferFilters) -> list[Broader]:
    """Wider searches, nearest first: leave out the price, the place, the platform, the
    category, then the words (keeping the category of the need they name)."""
    steps: list[Broader] = []
    current, dropped = filters, ()

    def widen(what: str, fields: tuple[str, ...], **changes) -> None:
        nonlocal current, dropped
        current, dropped = replace(current, **changes), (*dropped, *fields)
        steps.append(Broader(what, dropped, current))

    if filters.has_price or filters.currency:
        widen("the same search without the price", ("currency", "min_price", "max_price"),
              currency=None, min_price=None, max_price=None)
    if filters.country_code:
        widen("the same search in any place", ("place",), country_code=None, place_name=None)
    if filters.platform:
        widen("the same search for any platform", ("platform",), platform=None)
    if filters.category:
        widen("the same search in every category", ("category",), category=None)
    if filters.words.strip():
        named = needs.load_needs().named_in(filters.words)
        if named:
            steps.append(Broader(f"every offer in {OFFER_CATEGORIES[named[0].category]}",
                                 (*dropped, "q", "category"),
                                 OfferFilters(category=named[0].category),
                                 category=named[0].category))
        steps.append(Broader("every offer, without the words", (*dropped, "q", "category"),
                             OfferFilters()))
    return steps


def nearest_broader(filters: OfferFilters) -> tuple[Broader, int] | None:
    """The nearest wider search that finds something, and how many offers it finds."""
    for broader in _broader_searches(filters):
        total = find_offers(broader.filters, 1, 1).total
        if total:
            return broader, total
    return None


def any_active_offer() -> bool:
    return db.session.scalar(sa.select(Offer.id).where(_active()).limit(1)) is not None
