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
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, joinedload, selectinload
from whoosh.analysis import STOP_WORDS
from whoosh.analysis.tokenizers import default_pattern
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

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
from peers.search import segments

# Raise when the schema or the documents change shape: an index of another version is rebuilt.
SCHEMA_VERSION = 3  # 2: words as stem -> weight, newest and price as columns; 3: serves
FOLDER = "offers"  # INDEX_DIR/offers; the platform index keeps INDEX_DIR itself
# How much a word found in each field weighs (title first, then what it is and who for).
FIELD_BOOSTS = {"title": 3.0, "category": 2.0, "platform_names": 2.0, "vendor": 2.0,
                "description": 1.0}
MAX_WORDS = 24  # 24 words of at most 10 points each stay below 2**8: see NEWEST_SCALE
# The words RegexTokenizer's default pattern finds, without its capturing group (findall).
_WORD = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), re.UNICODE)
if _WORD.groups:  # findall would return the groups, not the words
    raise RuntimeError(f"unexpected word pattern {_WORD.pattern!r}")
_STEMS: dict[str, str] = {}  # word -> stem, emptied when it reaches STEMS_KEPT
STEMS_KEPT = 50_000
# `newest` below is under 2**44; divided by this it is a fraction under 1 that orders offers
# of equal relevance, and a float keeps both exactly (8 + 44 bits of a 53-bit mantissa).
NEWEST_SCALE = float(2**44)
NO_PRICE = -1  # the price column of an offer on quote (prices are cents, never negative)
_EPOCH = datetime(1970, 1, 1)
_ONE = pack_uint(1)  # the frequency every weighted stem is indexed with


def stems(text: str) -> list[str]:
    """The stems of a text as Whoosh's StemmingAnalyzer makes them (word pattern, lowercase,
    no stop word or one-letter word, Porter stem), without its per-token objects."""
    found, known = [], _STEMS
    for word in _WORD.findall(text):
        word = word.lower()
        if len(word) < 2 or word in STOP_WORDS:
            continue
        stemmed = known.get(word)
        if stemmed is None:
            if len(known) >= STEMS_KEPT:
                known.clear()
            stemmed = known[word] = stem(word)
        found.append(stemmed)
    return found


class WeightedStems(TEXT):
    """A text field whose value is {stem: weight}, indexed as it is: one posting per stem,
    with its weight (no analysis at indexing: the document already holds the stems)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # No field lengths: the ranking reads weights only, and a scorable field makes Whoosh
        # look up each posting's document length while it writes the postings.
        self.scorable = False

    def index(self, value: dict[str, float], **_kwargs):
        return ((stem_.encode("utf-8"), 1, weight, _ONE) for stem_, weight in value.items())


class Terms(KEYWORD):
    """A keyword field whose value is a list of terms, indexed as they are (no analysis)."""

    def index(self, value: Iterable[str], **_kwargs):
        return ((term.encode("utf-8"), 1, 1.0, _ONE) for term in value)


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        words=WeightedStems(phrase=False),
        category_slug=Terms(),
        platforms=Terms(),  # slugs, lowercase
        serves=Terms(),  # where it applies, remote or not: see serves_tokens
        currency=Terms(),
        price=COLUMN(NumericColumn("q", default=NO_PRICE)),  # cents; NO_PRICE on quote
        newest=COLUMN(NumericColumn("q")),
        updated=STORED,
    )


def weighted_stems(texts: dict[str, str]) -> dict[str, float]:
    """Each stem of the texts with the summed weights of the fields it is found in."""
    weights: dict[str, float] = {}
    for field, boost in FIELD_BOOSTS.items():
        for stem_ in set(stems(texts.get(field) or "")):
            weights[stem_] = weights.get(stem_, 0.0) + boost
    return weights


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
        "category_slug": [offer.category],
        "platforms": [p.slug.lower() for p in offer.platforms],
        "serves": serves_tokens(offer.areas),
        "newest": newest_key(offer),
        "price": NO_PRICE,
        "updated": _stamp(offer),
    }
    if offer.price_amount is not None and not offer.price_on_quote:
        document["price"] = cents(offer.price_amount)
        document["currency"] = [offer.price_currency]
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
    length_stats = False  # the ranking reads the words' weights only

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
    return list(dict.fromkeys(stems(text or "")))[:MAX_WORDS]


def _filter_mask(leaf, filters: OfferFilters) -> np.ndarray | None:
    """The segment's documents that pass the filters (None: no filter)."""
    mask = None

    def both(more: np.ndarray) -> np.ndarray:
        return more if mask is None else mask & more

    if filters.category:
        mask = both(segments.term_mask(leaf, "category_slug", (filters.category,)))
    if filters.platform:
        mask = both(segments.term_mask(leaf, "platforms", (filters.platform.lower(),)))
    if filters.country_code:
        mask = both(segments.term_mask(
            leaf, "serves", tuple(place_terms(filters.country_code, filters.place_name))))
    if filters.currency:
        mask = both(segments.term_mask(leaf, "currency", (filters.currency,)))
    if filters.has_price:
        price = segments.column(leaf, "price")
        wanted = price != NO_PRICE
        if filters.min_price is not None:
            wanted &= price >= cents(filters.min_price)
        if filters.max_price is not None:
            wanted &= price <= cents(filters.max_price)
        mask = both(wanted)
    return mask


def _segment_matches(leaf, words: list[str],
                     filters: OfferFilters) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, final scores) of the segment's live documents holding any word that pass
    the filters. A score is the sum of each word's weight in the document (its summed field
    weights), plus the newest fraction that breaks ties."""
    size = leaf.doc_count_all()
    scores = np.zeros(size, dtype=np.float64)
    matched = np.zeros(size, dtype=bool)
    for word in words:
        ids, weights = segments.postings(leaf, "words", word)
        scores[ids] += weights  # a document holds each stem once: no repeated index
        matched[ids] = True
    for mask in (segments.alive(leaf), _filter_mask(leaf, filters)):
        if mask is not None:
            matched &= mask
    docnums = np.flatnonzero(matched)
    newest = segments.column(leaf, "newest")[docnums]
    return docnums, scores[docnums] + newest / NEWEST_SCALE


def find_offer_ids(search_index: OfferIndex, filters: OfferFilters, page: int,
                   per_page: int) -> tuple[list[int], int]:
    """One page of matching offer ids, by relevance then newest, and how many match in all.

    Every match is scored (that is the exact total), with numpy over each segment's postings
    (peers.search.segments) rather than Whoosh's per-document matchers: the same sums, the
    same order (a higher score first, the lower document number on an exact tie, as Whoosh's
    collector does)."""
    words = search_words(needs.expand(filters.words))  # "accountant" also searches "tax"
    if not words:
        return [], 0
    with search_index.searcher() as searcher:
        found = [(docnums + base, scores) for leaf, base in segments.leaves(searcher.reader())
                 for docnums, scores in (_segment_matches(leaf, words, filters),)]
        if not found:
            return [], 0  # an empty build has no segments
        docnums = np.concatenate([d for d, _s in found])
        scores = np.concatenate([s for _d, s in found])
        total, wanted = len(docnums), page * per_page
        if wanted < total:  # the best `wanted` (and any tied with the last) are sorted
            best = scores >= np.partition(scores, total - wanted)[total - wanted]
            docnums, scores = docnums[best], scores[best]
        order = np.lexsort((docnums, -scores))[(page - 1) * per_page:wanted]
        ids = [int(searcher.stored_fields(int(docnums[i]))["id"]) for i in order]
        return ids, total


def get_offer_index(app: Flask | None = None) -> OfferIndex:
    """The app's offer index."""
    return search.get(OfferIndex.name, app)


def catch_up_if_due() -> None:
    """Bring the offer index level with the database when it is due (before a search)."""
    search.catch_up_if_due(OfferIndex.name)


def init_app(app: Flask) -> None:
    """Register this app's offer index, in INDEX_DIR/offers."""
    # A full rebuild writes its segments in this many processes (INDEX_BUILD_PROCS; 1: none).
    procs = app.config.get("INDEX_BUILD_PROCS", min(2, os.cpu_count() or 1))
    search.register(app, OfferIndex(os.path.join(app.config["INDEX_DIR"], FOLDER),
                                    build_procs=procs))
