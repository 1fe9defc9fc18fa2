"""Rank documents from per-term score vectors, cached for one exact state of the index.

A (field, term)'s BM25F contribution to a document depends only on the index, never on the
query: Whoosh's scorer computes it from the term's idf, its frequency in the document and the
document's field length. So the first query that uses a term reads its postings once, through
Whoosh's own scorer (same idf, per-field B, lossy field lengths, deleted documents left out),
and keeps two arrays: the documents and their contributions. A query then sums boost ×
contributions into a dense array, which numpy does in microseconds where Whoosh's OR matcher
walked thousands of postings in Python. tests/discovery/test_scoring.py checks the sums, order
and totals against Whoosh's own search.

The arrays live in a bounded cache per index state (a build and its Whoosh generation,
`peers.search.Snapshot.state`; `peers.cache.PerIndexState`), so an update of the index never
meets a stale vector.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from whoosh import query as wq

from peers.cache import BoundedCache, PerIndexState
from peers.search import Snapshot

# Bounds what a stream of ever-new words (typos, nonsense) can make the cache of one index
# state hold; past it the least recently used vectors are read again.
MAX_MEMOS = 50_000
_MEMOS: PerIndexState[tuple, Any] = PerIndexState(MAX_MEMOS)
# A vector of at most this many documents also keeps them as a dict of Python numbers: testing
# or summing a few documents in Python beats numpy's overhead per call, and a bigger dict
# would cost too much memory (about 100 bytes a document, against numpy's 16).
SMALL_VECTOR = 128


@dataclass(frozen=True)
class TermVector:
    """Where one (field, term) occurs and what it adds to each document's score at boost 1."""

    docnums: np.ndarray  # ascending
    scores: np.ndarray

    def contains(self, docnums: np.ndarray) -> np.ndarray:
        """Which of these documents hold the term."""
        at = np.searchsorted(self.docnums, docnums)
        found = at < len(self.docnums)
        found[found] = self.docnums[at[found]] == docnums[found]
        return found

    @cached_property
    def small(self) -> dict[int, float] | None:
        """{docnum: score} as Python numbers, for a small vector; None for a big one."""
        if len(self.docnums) > SMALL_VECTOR:
            return None
        return dict(zip(self.docnums.tolist(), self.scores.tolist(), strict=True))

    def holding(self, docnums: set[int], as_array: np.ndarray) -> Iterable[int]:
        """Those of these documents (given as a set and as an array of the same) that hold
        the term, in no particular order."""
        small = self.small
        if small is not None:
            return small.keys() & docnums
        return as_array[self.contains(as_array)].tolist()


@dataclass(frozen=True)
class Ranking:
    shown: list[tuple[int, float]]  # (docnum, score), best first
    total: int
    rest: np.ndarray  # the other matches, ascending docnums
    rest_scores: np.ndarray
    rest_first: np.ndarray

    def rest_where(self, flags: np.ndarray) -> list[int]:
        """The matches past the shown ones whose flag is set, in rank order."""
        pick = flags[self.rest]
        docnums, scores = self.rest[pick], self.rest_scores[pick]
        return [int(d) for d in docnums[np.lexsort((docnums, -scores, ~self.rest_first[pick]))]]


class Scorer:
    """One query's view of an index state: a searcher checked out for this thread, and the
    cache every searcher of the same state shares."""

    @classmethod
    def of(cls, snapshot: Snapshot) -> "Scorer":
        """A scorer on this snapshot, with the process's cache of its index state."""
        return cls(snapshot.searcher, _MEMOS.of(snapshot.state))

    def __init__(self, searcher, cache: BoundedCache[tuple, Any]):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cache = cache
        self.size = self.reader.doc_count_all()  # docnums of deleted documents stay taken

    def _memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        return self.cache.get_or_make(key, compute)

    def vector(self, fieldname: str, text: str) -> TermVector | None:
        """The term's score vector, or None when no document holds it."""
        return self._memo(("vector", fieldname, text), lambda: self._read_vector(fieldname, text))

    def _read_vector(self, fieldname: str, text: str) -> TermVector | None:
        if (fieldname, text) not in self.reader:
            return None
        postings = self.searcher.postings(fieldname, text)  # scored by the searcher's BM25F
        docnums, scores = [], []
        while postings.is_active():
            docnums.append(postings.id())
            scores.append(postings.score())
            postings.next()
        if not docnums:
            return None  # every document that held it has been deleted
        return TermVector(np.array(docnums, dtype=np.int64), np.array(scores, dtype=np.float64))

    def mask(self, fieldname: str, texts: Iterable[str]) -> np.ndarray:
        """The documents that hold any of these terms in this field, as a boolean array."""
        texts = tuple(texts)
        return self._memo(("mask", fieldname, texts), lambda: self._read_mask(fieldname, texts))

    def _read_mask(self, fieldname: str, texts: tuple[str, ...]) -> np.ndarray:
        found = np.zeros(self.size, dtype=bool)
        query = wq.Or([wq.Term(fieldname, text) for text in texts])
        found[list(self.searcher.docs_for_query(query))] = True
        return found

    def holding(self, vectors: Iterable[TermVector]) -> np.ndarray:
        """The documents that hold any of these terms, as a boolean array."""
        found = np.zeros(self.size, dtype=bool)
        for vector in vectors:
            found[vector.docnums] = True
        return found

    def stored_flag(self, fieldname: str) -> np.ndarray:
        """The documents whose stored value of this field is set, as a boolean array."""
        return self._memo(("stored_flag", fieldname), lambda: self._read_flag(fieldname))

    def _read_flag(self, fieldname: str) -> np.ndarray:
        flags = np.zeros(self.size, dtype=bool)
        for docnum, fields in self.reader.iter_docs():
            flags[docnum] = bool(fields.get(fieldname))
        return flags

    def stored_fields(self, docnum: int) -> dict:
        return self._memo(("stored", docnum), lambda: self.reader.stored_fields(docnum))

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """Anything else derived from this index state alone (e.g. a spelling correction)."""
        return self._memo(("memo", *key), compute)

    def rank(self, clauses: Iterable[tuple[TermVector, float]], allowed: np.ndarray | None,
             first: np.ndarray, limit: int) -> Ranking:
        """Sum the clauses' boosted vectors, in order, as Whoosh's OR does; keep the documents
        `allowed` lets through; rank `first` ones before the others, then by score, then by
        docnum (Whoosh's order among equal scores)."""
        clauses = list(clauses)
        if all(vector.small is not None for vector, _ in clauses):
            return _rank_small(clauses, allowed, first, limit)
        scores = np.zeros(self.size, dtype=np.float64)
        for vector, boost in clauses:
            scores[vector.docnums] += vector.scores * boost
        matched = scores > 0
        if allowed is not None:
            matched &= allowed
        docnums = np.flatnonzero(matched)
        ahead = first[docnums]
        shown = _best(docnums[ahead], scores, limit)
        if len(shown) < limit:
            shown = np.concatenate([shown, _best(docnums[~ahead], scores, limit - len(shown))])
        matched[shown] = False  # the rest, ascending: what setdiff1d(docnums, shown) gives
        rest = np.flatnonzero(matched)
        return Ranking([(int(d), float(scores[d])) for d in shown], len(docnums), rest,
                       scores[rest], first[rest])


def _rank_small(clauses: list[tuple[TermVector, float]], allowed: np.ndarray | None,
                first: np.ndarray, limit: int) -> Ranking:
    """Scorer.rank for clauses of small vectors only, in Python, which costs less than numpy's
    calls per clause: the same doubles (the same products, added in the same order), the same
    order (active first, then score, then docnum) and the same arrays of the rest."""
    sums: dict[int, float] = {}
    for vector, boost in clauses:
        for docnum, score in vector.small.items():
            sums[docnum] = sums.get(docnum, 0.0) + score * boost
    if allowed is None:
        matched = [(d, score) for d, score in sums.items() if score > 0]
    else:
        matched = [(d, score) for d, score in sums.items() if score > 0 and allowed[d]]
    matched.sort(key=lambda pair: (not first[pair[0]], -pair[1], pair[0]))
    shown = max(limit, 0)
    rest = sorted(matched[shown:])  # by docnum, ascending
    docnums = np.array([d for d, _ in rest], dtype=np.int64)
    return Ranking(matched[:shown], len(matched), docnums,
                   np.array([score for _, score in rest], dtype=np.float64), first[docnums])


def _best(docnums: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """The `limit` best of these ascending docnums: highest score first, lower docnum on ties."""
    if limit <= 0:
        return docnums[:0]
    own = scores[docnums]
    if len(docnums) > limit:
        # Everything at least as good as the limit-th score, ties included, then sort exactly.
        keep = own >= np.partition(own, len(own) - limit)[len(own) - limit]
        docnums, own = docnums[keep], own[keep]
    return docnums[np.lexsort((docnums, -own))][:limit]

