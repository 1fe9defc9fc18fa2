"""The offer index: one `DerivedIndex` (peers.search) of active offers, in INDEX_DIR/offers.

A document holds what a worker searches by (title, description, category, vendor, platform
names) and what pages filter by (category, platforms, places, price). It holds no disclosure:
whether a vendor pays a referral fee or sponsors a listing is not in the index, so it cannot
change an order. Withdrawn offers are not in it at all.

Relevance is the sum of the weights of the fields each searched word is found in (title 3,
category, platforms and vendor 2, description 1); among equals the newest offer comes first.
It depends on the offer and the words only: repeating a word gains nothing, and neither other
offers nor re-indexing an offer whose text did not change (a vendor ticking "sponsored") can
move it. (BM25, whose statistics shift with every re-indexed document, could swap two close
offers when only a disclosure changed.) The weights are summed when an offer is indexed, into
one field of weighted stems, so a search reads one posting list per word.

`find_offer_ids` works on the index alone, so a benchmark can build an index from generated
rows (`OfferIndex(folder).rebuild_from(documents_for(rows))`) and time it.
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh import query as wq
from whoosh import scoring
from whoosh.analysis import DelimitedAttributeFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from peers import search
from peers.discovery.models import Platform
from peers.marketplace import needs
from peers.marketplace.labels import SHORT_LABELS
from peers.marketplace.models import (
    OFFER_CATEGORIES,
    Offer,
    OfferArea,
    Vendor,
    VendorArea,
    offer_platform,
)

# Raise when the schema or the documents change shape: an index of another version is rebuilt.
SCHEMA_VERSION = 2
FOLDER = "offers"  # INDEX_DIR/offers; the platform index keeps INDEX_DIR itself
# How much a word found in each field weighs (title first, then what it is and who for).
FIELD_BOOSTS = {"title": 3.0, "category": 2.0, "platform_names": 2.0, "vendor": 2.0,
                "description": 1.0}
MAX_WORDS = 24  # 24 words of at most 10 points each stay below 2**8: see NEWEST_SCALE
_ANALYZER = StemmingAnalyzer()
# "stem^weight" pairs, written by weighted_stems() and read back as each posting's weight.
_WEIGHTED = RegexTokenizer(r"[^ ]+") | DelimitedAttributeFilter("^", "boost", 1.0, float)
# `newest` below is under 2**44; divided by this it is a fraction under 1 that orders offers
# of equal relevance, and a float keeps both exactly (8 + 44 bits of a 53-bit mantissa).
NEWEST_SCALE = float(2**44)
_EPOCH = datetime(1970, 1, 1)


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        words=TEXT(analyzer=_WEIGHTED, phrase=False),
        category_slug=ID,
        platforms=KEYWORD(commas=True, lowercase=True),
        serves=KEYWORD(commas=True, lowercase=True),  # where it applies: see serves_tokens
        currency=ID,
        price=NUMERIC(int, bits=64),  # cents; absent when the price is on quote
        newest=NUMERIC(int, bits=64, sortable=True),
        updated=STORED,
    )


def weighted_stems(texts: dict[str, str]) -> str:
    """Each stem of the texts with the summed weights of the fields it is found in."""
    weights: dict[str, float] = {}
    for field, boost in FIELD_BOOSTS.items():
        for stem in {token.text for token in _ANALYZER(texts.get(field) or "")}:
            weights[stem] = weights.get(stem, 0.0) + boost
    return " ".join(f"{stem}^{weight:g}" for stem, weight in weights.items())


def newest_key(offer: Any) -> int:
    """Creation second, then id: the order among offers of equal relevance (newest first)."""
    seconds = int((offer.created_at - _EPOCH).total_seconds())
    return seconds * 8192 + int(offer.id) % 8192


def place_key(name: str) -> str:
    """A place's display name as one index term: "Texas, United States" -> "texas/united states"."""
    return "/".join(part.strip() for part in name.lower().split(","))


def serves_tokens(areas: Iterable[Any]) -> list[str]:
    """Where an offer applies, as the index keeps it, remote or not: "in:us" for anything in a
    country, "all:us" for the whole country, "at:texas/united states" for a region or city."""
    tokens: set[str] = set()
    for area in areas:
        code = area.country_code.lower()
        tokens.add(f"in:{code}")
        tokens.add(f"all:{code}" if area.kind == "country" else f"at:{place_key(area.name)}")
    return sorted(tokens)


def place_terms(country_code: str, place_name: str | None) -> list[str]:
    """The index terms an offer must have one of to serve a worker in this place: any offer in
    a country the worker named; for a city or region, offers for the whole country, or for the
    place or a region it lies in ("Austin, Texas, United States" is in Texas)."""
    code = country_code.lower()
    if not place_name:
        return [f"in:{code}"]
    parts = place_key(place_name).split("/")
    return [f"all:{code}", *(f"at:{'/'.join(parts[i:])}" for i in range(len(parts) - 1))]


def _stamp(offer: Any) -> str:
    """When anything an offer's document reads last changed: the offer, vendor or platforms."""
    times = [offer.updated_at, offer.vendor.updated_at, *(p.updated_at for p in offer.platforms)]
    return max(times).isoformat()


def offer_document(offer: Any) -> dict[str, Any]:
    """The index document for one offer (an Offer row, or anything with the same attributes)."""
    texts = {
        "title": offer.title,
        "description": offer.description,
        "category": f"{OFFER_CATEGORIES.get(offer.category, '')} "
                    f"{SHORT_LABELS.get(offer.category, '')}",
        "platform_names": " ".join(p.name for p in offer.platforms),
        "vendor": offer.vendor.name,
    }
    document: dict[str, Any] = {
        "id": str(offer.id),
        "words": weighted_stems(texts),
        "category_slug": offer.category,
        "platforms": ",".join(p.slug for p in offer.platforms),
        "serves": ",".join(serves_tokens(offer.areas)),
        "newest": newest_key(offer),
        "updated": _stamp(offer),
    }
    if offer.price_amount is not None and not offer.price_on_quote:
        document["price"] = cents(offer.price_amount)
        document["currency"] = offer.price_currency
    return document


def documents_for(rows: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """Documents for rows that are not in a database (a benchmark's generated offers)."""
    return (offer_document(row) for row in rows)


def cents(amount: Decimal) -> int:
    return int((Decimal(amount) * 100).to_integral_value())


class OfferIndex(search.DerivedIndex):
    """The offer index of one app: active offers only."""

    name = "offers"
    title = "Offer index"
    unit = "offer"
    schema_version = SCHEMA_VERSION
    model = Offer
    key_field = "id"

    def make_schema(self) -> Schema:
        return make_schema()

    def document(self, row: Offer) -> dict[str, Any]:
        return offer_document(row)

    def rows_query(self) -> sa.Select:
        # Each document reads the vendor, the offer's areas and its platforms: load in bulk.
        return sa.select(Offer).where(Offer.status == "active").options(
            joinedload(Offer.vendor), selectinload(Offer.areas), selectinload(Offer.platforms),
        ).order_by(Offer.id)

    def row_count(self, session: Session) -> int:
        return session.scalar(sa.select(sa.func.count(Offer.id))
                              .where(Offer.status == "active")) or 0

    def stamps(self, session: Session) -> dict[str, str]:
        newest_platform = dict(session.execute(
            sa.select(offer_platform.c.offer_id, sa.func.max(Platform.updated_at))
            .join(Platform, Platform.id == offer_platform.c.platform_id)
            .group_by(offer_platform.c.offer_id)
        ).all())
        rows = session.execute(
            sa.select(Offer.id, Offer.updated_at, Vendor.updated_at).join(Offer.vendor)
            .where(Offer.status == "active")
        )
        return {
            str(offer_id): max(t for t in (offer_at, vendor_at, newest_platform.get(offer_id))
                               if t is not None).isoformat()
            for offer_id, offer_at, vendor_at in rows
        }

    def fingerprint(self, session: Session) -> tuple:
        return tuple(session.execute(sa.select(
            sa.select(sa.func.count(Offer.id)).scalar_subquery(),
            sa.select(sa.func.max(Offer.updated_at)).scalar_subquery(),
            sa.select(sa.func.max(Vendor.updated_at)).scalar_subquery(),
            sa.select(sa.func.max(Platform.updated_at)).scalar_subquery(),
        )).one())

    def changed_keys(self, obj: Any) -> set[str]:
        # Vendors' names and areas, and platforms' names, are part of their offers' documents.
        if isinstance(obj, Offer):
            return {str(obj.id)}
        if isinstance(obj, OfferArea):
            return {str(obj.offer_id)}
        if isinstance(obj, Vendor):
            return {f"vendor:{obj.id}"}
        if isinstance(obj, VendorArea):
            return {f"vendor:{obj.vendor_id}"}
        if isinstance(obj, Platform):
            return {f"platform:{obj.id}"}
        return set()

    def resolve_keys(self, session: Session, keys: set[str]) -> set[str]:
        ids = {k for k in keys if k.isdigit()}
        vendors = [int(k.split(":")[1]) for k in keys if k.startswith("vendor:")]
        platforms = [int(k.split(":")[1]) for k in keys if k.startswith("platform:")]
        if vendors:
            ids.update(map(str, session.scalars(
                sa.select(Offer.id).where(Offer.vendor_id.in_(vendors)))))
        if platforms:
            ids.update(map(str, session.scalars(
                sa.select(offer_platform.c.offer_id)
                .where(offer_platform.c.platform_id.in_(platforms)))))
        return ids


# -- searching ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfferFilters:
    """What a worker asks for. Empty values do not filter."""

    words: str = ""
    category: str | None = None
    platform: str | None = None  # a platform slug
    country_code: str | None = None  # offers serving this country (remote or not)
    place_name: str | None = None  # a city or region in it: offers serving that place
    currency: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None

    @property
    def has_price(self) -> bool:
        return self.min_price is not None or self.max_price is not None


def search_words(text: str) -> list[str]:
    """The words of a search as the index keeps them (stemmed, without stop words)."""
    return list(dict.fromkeys(token.text for token in _ANALYZER(text or "")))[:MAX_WORDS]


def _filter(filters: OfferFilters) -> wq.Query | None:
    parts: list[wq.Query] = []
    if filters.category:
        parts.append(wq.Term("category_slug", filters.category))
    if filters.platform:
        parts.append(wq.Term("platforms", filters.platform.lower()))
    if filters.country_code:
        parts.append(wq.Or([wq.Term("serves", term)
                            for term in place_terms(filters.country_code, filters.place_name)]))
    if filters.currency:
        parts.append(wq.Term("currency", filters.currency))
    if filters.has_price:
        low = cents(filters.min_price) if filters.min_price is not None else None
        high = cents(filters.max_price) if filters.max_price is not None else None
        parts.append(wq.NumericRange("price", low, high))
    return wq.And(parts) if parts else None


class _AnyWord(wq.Or):
    """An OR that reads each word's postings once and sums scores in an array: every match is
    scored anyway (for the total, and for the newest among equals)."""

    matcher_type = wq.Or.ARRAY_MATCHER


class _RelevanceThenNewest(scoring.Frequency):
    """A posting's weight is its word's summed field weights; the newest wins a tie."""

    use_final = True

    def __init__(self):
        self.newest = None  # the build's `newest` column, set once the searcher is open

    def final(self, searcher, docnum, score):
        return score + self.newest[docnum] / NEWEST_SCALE


def find_offer_ids(search_index: OfferIndex, filters: OfferFilters, page: int,
                   per_page: int) -> tuple[list[int], int]:
    """One page of matching offer ids, by relevance then newest, and how many match in all."""
    words = search_words(needs.expand(filters.words))  # "accountant" also searches "tax"
    if not words:
        return [], 0
    weighting = _RelevanceThenNewest()
    with search_index.searcher(weighting=weighting) as searcher:
        if not searcher.doc_count_all():
            return [], 0  # an empty build has no columns to read
        weighting.newest = searcher.reader().column_reader("newest")  # once per search
        reader = searcher.reader()
        terms = [wq.Term("words", word) for word in words if ("words", word) in reader]
        if not terms:
            return [], 0
        query = _AnyWord(terms)
        # Every match is scored (final() adds the newest fraction): no block skipping, and an
        # exact total. Whoosh's default tree of unions undercounts the total here.
        hits = searcher.search(query, filter=_filter(filters), limit=page * per_page,
                               optimize=False)
        ids = [int(hit["id"]) for hit in hits[(page - 1) * per_page:page * per_page]]
        return ids, len(hits)


def get_offer_index(app: Flask | None = None) -> OfferIndex:
    """The app's offer index."""
    return search.get(OfferIndex.name, app)


def catch_up_if_due() -> None:
    """Bring the offer index level with the database when it is due (before a search)."""
    search.catch_up_if_due(OfferIndex.name)


def init_app(app: Flask) -> None:
    """Register this app's offer index, in INDEX_DIR/offers."""
    search.register(app, OfferIndex(os.path.join(app.config["INDEX_DIR"], FOLDER)))
