"""Issue 4: offer search over 50,000 generated offers against an SQLite FTS5 baseline.

The offers are plain objects with the attributes of Offer (vendor with its areas, platforms
from the real catalog), indexed with `OfferIndex(dir).rebuild_from(documents_for(rows))` and
searched with `find_offer_ids(index, OfferFilters(...), 1, 20)`, as the marketplace tests do.
The baseline holds the same five texts per offer in an FTS5 table, with FIELD_BOOSTS as bm25
column weights, the same filters in SQL, and counts every match as find_offer_ids does.
"""

import random
import re
import sqlite3
import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import yaml
from whoosh.analysis import STOP_WORDS

from bench.measure import Timing, latencies
from peers.discovery.catalog import Catalog
from peers.marketplace.labels import SHORT_LABELS
from peers.marketplace.search import (
    FIELD_BOOSTS,
    OfferFilters,
    OfferIndex,
    cents,
    documents_for,
    find_offer_ids,
    offer_document,
)

SEED = 20241121
PER_PAGE = 20
TEXTS = ("title", "category", "platform_names", "vendor", "description")  # offer_document's

# Per category: what titles start with, and phrases descriptions are made of.
CATEGORIES = {name: (tuple(words["titles"]), tuple(words["phrases"])) for name, words in
              yaml.safe_load((Path(__file__).parent / "offer_words.yaml").read_text()).items()}
AUDIENCES = ("drivers", "hosts", "couriers", "freelancers", "taskers", "sitters", "tutors",
             "gig workers", "sellers")
FILLER = ("We work evenings and weekends.", "Fixed prices, no surprises.",
          "Book online in two minutes.", "Members get priority.", "Ask us anything.",
          "Serving workers since 2015.", "Fast and friendly.", "No hidden fees.")
VENDOR_WORDS = (("Bright", "North", "Clear", "Swift", "Green", "Blue", "Harbor", "Summit"),
                ("Ledger", "Keys", "Shine", "Lens", "Shield", "Desk", "Wheel", "Path"),
                ("Partners", "Co", "Services", "Group", "Studio", "& Sons", "Ltd", "Hub"))
COUNTRIES = ("US", "GB", "FR", "DE", "ES", "CA", "IT", "NL", "AU", "IE")
CURRENCIES = ("USD", "EUR", "GBP")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    words: str
    category: str | None = None
    platform: str | None = None
    country_code: str | None = None
    currency: str | None = None
    max_price: Decimal | None = None

    def filters(self) -> OfferFilters:
        return OfferFilters(words=self.words, category=self.category, platform=self.platform,
                            country_code=self.country_code, currency=self.currency,
                            max_price=self.max_price)


def queries(platform_slug: str) -> tuple[Query, ...]:
    """24 worker searches; a third of them with filters (category, platform, place, price)."""
    plain = ("tax help for drivers", "car insurance", "turnover cleaning for hosts",
             "bookkeeping freelancers", "deactivation appeal lawyer", "listing photos",
             "key handover late arrivals", "oil change discount", "coworking desk day pass",
             "health insurance", "quarterly estimated taxes", "first aid course",
             "self employed tax return receipts", "fuel card savings", "translation paperwork",
             "smart lock")
    return tuple(Query(w) for w in plain) + (
        Query("tax return", category="tax"),
        Query("insurance claims", category="insurance", country_code="FR"),
        Query("cleaning", platform=platform_slug),
        Query("photos", country_code="US"),
        Query("course", currency="USD", max_price=Decimal("150")),
        Query("accountant invoices", country_code="GB", currency="GBP"),
        Query("keys lockbox", platform=platform_slug, country_code="DE"),
        Query("help", max_price=Decimal("50"), currency="EUR"),
    )


def offers(n: int, catalog: Catalog) -> list[SimpleNamespace]:
    """n seeded offers: title and description from their category's phrases, 1 vendor per
    25 offers (areas 0-3 countries, 40% remote), 0-3 real platforms, 70% with a price."""
    rng = random.Random(SEED)
    start = datetime(2023, 1, 1)
    platforms = [SimpleNamespace(name=p.name, slug=p.slug, updated_at=start)
                 for p in catalog.platforms]
    vendors = []
    for v in range(max(1, n // 25)):
        name = " ".join(rng.choice(part) for part in VENDOR_WORDS)
        areas = [SimpleNamespace(country_code=c, kind="country", name=c)
                 for c in rng.sample(COUNTRIES, rng.randint(0, 3))]
        vendors.append(SimpleNamespace(id=v + 1, name=name, areas=areas,
                                       serves_remotely=rng.random() < 0.4 or not areas,
                                       updated_at=start))
    rows = []
    for i in range(1, n + 1):
        category = rng.choice(tuple(CATEGORIES))
        heads, phrases = CATEGORIES[category]
        on = rng.sample(platforms, rng.choice((0, 1, 1, 2, 3)))
        audience = rng.choice(AUDIENCES)
        title = f"{rng.choice(heads)} for {on[0].name if on else ''} {audience}".replace("  ",
                                                                                         " ")
        sentences = [f"{rng.choice(phrases).capitalize()} and {rng.choice(phrases)} "
                     f"for {audience}." for _ in range(rng.randint(1, 3))]
        sentences += rng.sample(FILLER, rng.randint(1, 2))
        priced = rng.random() < 0.7
        created = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        vendor = rng.choice(vendors)
        rows.append(SimpleNamespace(
            id=i, title=title[:120], description=" ".join(sentences), category=category,
            vendor=vendor, areas=vendor.areas, platforms=sorted(on, key=lambda p: p.name),
            status="active", price_on_quote=not priced,
            price_amount=Decimal(rng.randint(10, 500)) if priced else None,
            price_currency=rng.choice(CURRENCIES) if priced else None,
            created_at=created, updated_at=created))
    return rows


# -- the FTS5 baseline ----------------------------------------------------------------------------
def _texts(offer) -> tuple[str, ...]:
    from peers.marketplace.models import OFFER_CATEGORIES

    return (offer.title, f"{OFFER_CATEGORIES.get(offer.category, '')} "
                         f"{SHORT_LABELS.get(offer.category, '')}",
            " ".join(p.name for p in offer.platforms), offer.vendor.name, offer.description)


def fts5_build(rows) -> tuple[sqlite3.Connection, float]:
    conn = sqlite3.connect(":memory:")
    started = time.perf_counter()
    conn.execute(f"CREATE VIRTUAL TABLE offers USING fts5(id UNINDEXED, {', '.join(TEXTS)}, "
                 "category_slug UNINDEXED, platforms UNINDEXED, areas UNINDEXED, "
                 "currency UNINDEXED, price UNINDEXED, created UNINDEXED, "
                 "tokenize='porter unicode61')")
    conn.executemany(
        "INSERT INTO offers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(o.id, *_texts(o), o.category, "," + ",".join(p.slug for p in o.platforms) + ",",
          "," + ",".join(sorted({a.country_code.lower() for a in o.areas})) + ",",
          o.price_currency if o.price_amount is not None else None,
          cents(o.price_amount) if o.price_amount is not None else None,
          o.created_at.isoformat()) for o in rows])
    conn.commit()
    return conn, time.perf_counter() - started


def fts5_search(conn: sqlite3.Connection, q: Query) -> tuple[list[int], int]:
    """A page of ids by bm25 (FIELD_BOOSTS as weights) then newest, and the count of all."""
    words = [w for w in dict.fromkeys(_WORD.findall(q.words.lower())) if w not in STOP_WORDS]
    if not words:
        return [], 0
    where, args = ["offers MATCH ?"], [" OR ".join(f'"{w}"' for w in words)]
    if q.category:
        where.append("category_slug = ?")
        args.append(q.category)
    if q.platform:
        where.append("platforms LIKE ?")
        args.append(f"%,{q.platform.lower()},%")
    if q.country_code:
        where.append("areas LIKE ?")  # an offer reaches only the places it states
        args.append(f"%,{q.country_code.lower()},%")
    if q.currency:
        where.append("currency = ?")
        args.append(q.currency)
    if q.max_price is not None:
        where.append("price <= ?")
        args.append(cents(q.max_price))
    weights = ", ".join(str(FIELD_BOOSTS[t]) for t in TEXTS)
    rows = conn.execute(
        f"SELECT id, count(*) OVER () FROM (SELECT id, created, bm25(offers, 0, {weights}, "
        f"0, 0, 0, 0, 0, 0) AS rank FROM offers WHERE {' AND '.join(where)}) "
        "ORDER BY rank, created DESC LIMIT ?", (*args, PER_PAGE)).fetchall()
    return [r[0] for r in rows], rows[0][1] if rows else 0


# -- the run ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Side(Timing):
    build_rate: float  # offers per second
    total: float  # mean matches per query


@dataclass(frozen=True)
class OffersResult:
    offers: int
    queries: int
    filtered: int
    whoosh: Side
    fts: Side | None
    overlap: float  # mean share of FTS5's first page also on find_offer_ids' first page
    parallel_rate: float  # offers per second of the same build in BUILD_PROCS processes
    change: Timing  # ms from writing one changed offer to finding it by its new word


BUILD_PROCS = 2
CHANGES = 20


def one_offer_changes(index: OfferIndex, rows, count: int) -> Timing:
    """Milliseconds from an offer's new text to a search that finds it: the commit's update
    (one document rewritten, under the write lock) and the first search of the new state."""
    ms = []
    for n in range(count):
        row = rows[(n * 7919) % len(rows)]
        row.title = f"{row.title} zeppelin{n}"
        started = time.perf_counter()
        index.write_documents([offer_document(row)])
        ids, _total = find_offer_ids(index, OfferFilters(words=f"zeppelin{n}"), 1, PER_PAGE)
        ms.append((time.perf_counter() - started) * 1000)
        if ids != [row.id]:
            raise AssertionError(f"the changed offer {row.id} was not found: {ids}")
    return Timing.of(ms)


def run(root: Path, catalog: Catalog, n: int, rounds: int, warmup: int, budget_s: float,
        log) -> OffersResult:
    rows = offers(n, catalog)
    todo = queries(catalog.platforms[0].slug)
    log(f"[offers {n:,}] OfferIndex.rebuild_from(documents_for(rows))")
    index = OfferIndex(root / "offers")
    started = time.perf_counter()
    index.rebuild_from(documents_for(rows))
    build_s = time.perf_counter() - started
    log(f"[offers {n:,}] built in {build_s:.1f} s; again in {BUILD_PROCS} processes")
    parallel = OfferIndex(root / "offers-parallel", build_procs=BUILD_PROCS)
    started = time.perf_counter()
    parallel.rebuild_from(documents_for(rows))
    parallel_s = time.perf_counter() - started
    log(f"[offers {n:,}] built in {parallel_s:.1f} s; find_offer_ids, {len(todo)} queries")
    found: dict[int, tuple[list[int], int]] = {}

    def whoosh(i: int) -> None:
        found[i] = find_offer_ids(index, todo[i].filters(), 1, PER_PAGE)

    ms = latencies(whoosh, range(len(todo)), rounds, warmup, budget_s)
    mine = Side.of(ms, build_rate=n / build_s,
                   total=statistics.mean(total for _ids, total in found.values()))
    log(f"[offers {n:,}] FTS5 baseline")
    conn, fts_s = fts5_build(rows)
    theirs: dict[int, tuple[list[int], int]] = {}

    def fts(i: int) -> None:
        theirs[i] = fts5_search(conn, todo[i])

    fms = latencies(fts, range(len(todo)), rounds, warmup, budget_s)
    conn.close()
    base = Side.of(fms, build_rate=n / fts_s,
                   total=statistics.mean(total for _ids, total in theirs.values()))
    overlap = statistics.mean(len(set(found[i][0]) & set(theirs[i][0])) / len(theirs[i][0])
                              for i in found if theirs[i][0])
    filtered = sum(1 for q in todo if q.filters() != OfferFilters(words=q.words))
    for q in todo:  # the parallel build finds the same pages
        if find_offer_ids(parallel, q.filters(), 1, PER_PAGE) != find_offer_ids(
                index, q.filters(), 1, PER_PAGE):
            raise AssertionError(f"parallel and serial builds differ on {q.words!r}")
    log(f"[offers {n:,}] {CHANGES} one-offer changes")
    change = one_offer_changes(index, rows, CHANGES)
    return OffersResult(n, len(todo), filtered, mine, base, overlap, n / parallel_s, change)
