"""Scores from cached term vectors equal Whoosh's own BM25F search, before and after updates."""

import numpy as np
import pytest
import sqlalchemy as sa
from whoosh import query as wq

from bench.queries import QUERIES
from peers.cache import BoundedCache
from peers.discovery.matcher import ASSET_BOOST, FIELD_BOOSTS, WorkerProfile, match_platforms
from peers.discovery.models import Platform
from peers.discovery.places import resolve_place
from peers.discovery.scoring import Scorer
from peers.discovery.search import get_index
from peers.extensions import db

LIMIT = 20


def clauses(searcher, text: str, assets: tuple[str, ...]) -> dict[tuple[str, str], float]:
    """Every field boost for every word of the text, and the assets: as a query would have."""
    analyzer = searcher.schema["name"].analyzer
    found = {}
    for i, token in enumerate(t.text for t in analyzer(text, mode="query")):
        for fieldname, boost in FIELD_BOOSTS.items():
            if (fieldname, token) in searcher.reader():
                found[(fieldname, token)] = boost * (1.0 if i % 2 else 0.6)
    for asset in assets:
        if ("assets", asset) in searcher.reader():
            found[("assets", asset)] = ASSET_BOOST
    return found


def vectors(scorer, terms):
    """The clauses for Scorer.rank; a term whose every document was deleted has no vector."""
    found = [(scorer.vector(*key), boost) for key, boost in terms.items()]
    return [(vector, boost) for vector, boost in found if vector is not None]


def whoosh_ranking(searcher, terms, region: str | None) -> list[tuple[int, float]]:
    """Whoosh's own search, every match scored, active platforms first (a stable sort)."""
    query = wq.Or([wq.Term(f, t, boost=b) for (f, t), b in terms.items()])
    query.matcher_type = wq.Or.ARRAY_MATCHER
    allowed = None
    if region:
        allowed = set(searcher.docs_for_query(
            wq.Or([wq.Term("regions", region), wq.Term("regions", "worldwide")])))
    ranked = list(searcher.search(query, filter=allowed, limit=None).items())
    active = set(searcher.docs_for_query(wq.Term("status", "active")))
    ranked.sort(key=lambda pair: pair[0] not in active)
    return ranked


def assert_equal_to_whoosh(app, queries) -> int:
    """Compare every query; return how many documents matched in all (so it cannot be 0)."""
    compared = 0
    with app.app_context(), get_index().snapshot() as snapshot:
        scorer = Scorer.of(snapshot)
        for text, assets, region in queries:
            terms = clauses(snapshot.searcher, text, assets)
            if not terms:
                continue
            expected = whoosh_ranking(snapshot.searcher, terms, region)
            allowed = scorer.mask("regions", (region, "worldwide")) if region else None
            ranking = scorer.rank(vectors(scorer, terms), allowed,
                                  scorer.mask("status", ("active",)), LIMIT)
            assert ranking.total == len(expected), text
            assert [d for d, _ in ranking.shown] == [d for d, _ in expected[:LIMIT]], text
            assert np.allclose([s for _, s in ranking.shown], [s for _, s in expected[:LIMIT]],
                               rtol=0, atol=1e-6), text
            merged = scorer.stored_flag("successor")
            assert ranking.rest_where(merged) == [d for d, _ in expected[LIMIT:] if merged[d]]
            compared += ranking.total
    return compared


def bench_queries() -> list[tuple[str, tuple[str, ...], str | None]]:
    return [(q.text, q.assets,
             resolve_place(q.location).country_code.lower() if q.location else None)
            for q in QUERIES]


def test_scores_equal_whoosh_bm25f_on_the_real_catalog(app):
    assert assert_equal_to_whoosh(app, bench_queries()) > 100


def test_scores_equal_whoosh_bm25f_on_the_small_catalog(small_app):
    queries = [*bench_queries(), ("dog walking dogs walkers", (), "fr"),
               ("rover dogvacay", (), None)]
    assert assert_equal_to_whoosh(small_app, queries) > 10


def test_after_an_update_and_a_deletion_scores_still_equal_whoosh(small_app):
    queries = [("dog walking zeppelin", (), None), ("walkers dogs", ("car",), "gb"),
               ("rooms zeppelin", (), "fr")]
    assert_equal_to_whoosh(small_app, queries)  # fills the cache of the state before
    with small_app.app_context():
        rover = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        rover.summary = "Zeppelin rides for dogs."
        db.session.delete(db.session.scalar(
            sa.select(Platform).where(Platform.slug == "hourly-walkers")))
        db.session.commit()  # after the commit both reach the index, in place
        with get_index().snapshot() as snapshot:
            assert snapshot.searcher.reader().has_deletions()
    assert_equal_to_whoosh(small_app, queries)
    with small_app.app_context():
        found = [m.slug for m in match_platforms(WorkerProfile("dog walking zeppelin")).matches]
    assert found.count("rover") == 1 and "hourly-walkers" not in found
    assert found[0] == "rover"


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_ties_and_limits_keep_whoosh_order(small_app, limit):
    # "dogs" in the tags of several platforms: equal scores, listed by document number.
    with small_app.app_context(), get_index().snapshot() as snapshot:
        scorer = Scorer.of(snapshot)
        terms = clauses(snapshot.searcher, "dogs", ())
        expected = whoosh_ranking(snapshot.searcher, terms, None)
        ranking = scorer.rank(vectors(scorer, terms), None, scorer.mask("status", ("active",)),
                              limit)
        assert [d for d, _ in ranking.shown] == [d for d, _ in expected[:limit]]
        assert ranking.total == len(expected)


def test_small_vectors_rank_exactly_as_numpy_does(app, monkeypatch):
    """Scorer.rank sums small vectors in Python: the same doubles, order, totals and rest."""
    from peers.discovery import scoring

    def ranked(cache):
        with app.app_context(), get_index().snapshot() as snapshot:
            scorer = Scorer(snapshot.searcher, cache)
            found = []
            for text, assets, region in bench_queries():
                terms = clauses(snapshot.searcher, text, assets)
                allowed = scorer.mask("regions", (region, "worldwide")) if region else None
                ranking = scorer.rank(vectors(scorer, terms), allowed,
                                      scorer.mask("status", ("active",)), LIMIT)
                wanted = [d for d, _ in ranking.shown]
                held = [sorted(v.holding(set(wanted), np.array(wanted, dtype=np.int64)))
                        for v, _ in vectors(scorer, terms)]
                merged = scorer.stored_flag("successor") | scorer.mask("status", ("active",))
                found.append((ranking.shown, ranking.total, ranking.rest.tolist(),
                              ranking.rest_scores.tolist(), ranking.rest_first.tolist(),
                              ranking.rest_where(merged), held))
            return found

    small = ranked(BoundedCache(scoring.MAX_MEMOS))
    monkeypatch.setattr(scoring, "SMALL_VECTOR", -1)  # every vector big: numpy alone
    assert ranked(BoundedCache(scoring.MAX_MEMOS)) == small
