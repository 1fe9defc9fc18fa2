"""The offer index built fast gives what a careful build gives: the same stems as Whoosh's
analyzer, the same page and total as scoring every document by hand, the same index from
parallel build processes as from one, and a one-offer change seen at once."""

import random
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from whoosh.analysis import StemmingAnalyzer

from peers.marketplace import needs
from peers.marketplace.search import (
    NEWEST_SCALE,
    OfferFilters,
    OfferIndex,
    cents,
    documents_for,
    find_offer_ids,
    offer_document,
    place_terms,
    search_words,
    stems,
)
from peers.search import storage

WORDS = ("tax", "taxes", "returns", "Uber", "drivers", "driving", "insurance", "a", "the",
         "U.S.", "co-op", "1099-K", "naïve", "Straße", "x", "I", "help", "helping", "cleaning",
         "e.g.", "accounting", "accountants", "bike", "repair", "repairs", "3.5%", "it's")
CATEGORIES = ("tax", "insurance", "cleaning", "repairs")
PLATFORMS = [SimpleNamespace(name=n.title(), slug=n, updated_at=datetime(2024, 1, 1))
             for n in ("uber", "lyft", "deliveroo")]


def text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + rng.choice(("", ".", "!"))


def rows(count: int, seed: int = 7) -> list[SimpleNamespace]:
    rng = random.Random(seed)
    vendors = [SimpleNamespace(id=v, name=text(rng, 2), serves_remotely=rng.random() < 0.4,
                               updated_at=datetime(2024, 1, 1),
                               areas=[SimpleNamespace(country_code=c)
                                      for c in rng.sample(("FR", "GB", "US"), rng.randint(0, 2))])
               for v in range(20)]
    out = []
    for n in range(count):
        priced = rng.random() < 0.7
        created = datetime(2024, 1, 1) + timedelta(minutes=rng.randrange(100_000))
        out.append(SimpleNamespace(
            id=n + 1, title=text(rng, 4), description=text(rng, 12),
            category=rng.choice(CATEGORIES), vendor=rng.choice(vendors),
            platforms=rng.sample(PLATFORMS, rng.randint(0, 2)), price_on_quote=not priced,
            price_amount=Decimal(rng.randint(10, 500)) if priced else None,
            price_currency=rng.choice(("USD", "EUR")) if priced else None,
            areas=[SimpleNamespace(country_code=c, kind="country", name=c)
                   for c in rng.sample(("FR", "GB", "US"), rng.randint(1, 2))],
            created_at=created, updated_at=created))
    return out


SEARCHES = [OfferFilters(words="tax"), OfferFilters(words="uber drivers insurance"),
            OfferFilters(words="repair bike", category="repairs"),
            OfferFilters(words="help", platform="lyft", country_code="FR"),
            OfferFilters(words="accounting returns", currency="EUR", max_price=Decimal("200")),
            OfferFilters(words="cleaning", min_price=Decimal("50"), max_price=Decimal("90.5")),
            OfferFilters(words="the a"), OfferFilters(words="zeppelin")]


def by_hand(offers, filters: OfferFilters, page: int, per_page: int) -> tuple[list[int], int]:
    """Every offer scored from its document: summed field weights, then newest, then order."""
    words = search_words(needs.expand(filters.words))
    scored = []
    for position, offer in enumerate(offers):
        document = offer_document(offer)
        held = [document["words"][w] for w in words if w in document["words"]]
        price = document.get("price", -1)
        if not held or (filters.category and document["category_slug"] != [filters.category]):
            continue
        if filters.platform and filters.platform not in document["platforms"]:
            continue
        if filters.country_code and not (
                set(place_terms(filters.country_code, filters.place_name))
                & set(document["serves"])):
            continue
        if filters.currency and document.get("currency") != [filters.currency]:
            continue
        if filters.has_price and (price < 0 or (
                filters.min_price is not None and price < cents(filters.min_price)) or (
                filters.max_price is not None and price > cents(filters.max_price))):
            continue
        scored.append((-(sum(held) + document["newest"] / NEWEST_SCALE), position, offer.id))
    scored.sort()
    return [i for *_key, i in scored[(page - 1) * per_page:page * per_page]], len(scored)


def test_stems_are_the_analyzers_stems():
    rng = random.Random(3)
    analyzer = StemmingAnalyzer()
    for _ in range(300):
        sample = text(rng, rng.randint(0, 15))
        assert stems(sample) == [token.text for token in analyzer(sample)], sample


@pytest.fixture(scope="module")
def offers():
    return rows(1_300)


@pytest.fixture(scope="module")
def serial(offers, tmp_path_factory):
    search_index = OfferIndex(tmp_path_factory.mktemp("serial") / "offers")
    search_index.rebuild_from(documents_for(offers))
    return search_index


def test_a_search_pages_and_counts_as_scoring_every_offer_by_hand(offers, serial):
    for filters in SEARCHES:
        for page in (1, 2, 7):
            assert find_offer_ids(serial, filters, page, 20) == by_hand(offers, filters, page,
                                                                        20), (filters, page)


def test_a_parallel_build_is_the_serial_build(offers, serial, tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "BUILD_BATCH", 200)  # 7 batches for 2 processes
    parallel = OfferIndex(tmp_path / "offers", build_procs=2)
    assert parallel.rebuild_from(documents_for(offers)) == len(offers)
    with parallel.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) > 1  # the segments were written apart
        documents = {f["id"]: f for f in searcher.all_stored_fields()}
    with serial.searcher() as searcher:
        assert documents == {f["id"]: f for f in searcher.all_stored_fields()}
    for filters in SEARCHES:
        for page in (1, 3):
            assert find_offer_ids(parallel, filters, page, 20) == find_offer_ids(
                serial, filters, page, 20)


def test_a_changed_offer_is_searched_as_changed_at_once(tmp_path):
    offers = rows(1_300, seed=8)
    search_index = OfferIndex(tmp_path / "offers")
    search_index.rebuild_from(documents_for(offers))
    changed, withdrawn = offers[0], offers.pop(1)
    changed.title, changed.description = "Zeppelin flights", "Over the sea"
    search_index.write_documents([offer_document(changed)], gone=[str(withdrawn.id)])
    assert find_offer_ids(search_index, OfferFilters(words="zeppelin"), 1, 20) == (
        [changed.id], 1)
    for filters in SEARCHES:
        assert find_offer_ids(search_index, filters, 1, 2000) == by_hand(offers, filters, 1,
                                                                          2000)
