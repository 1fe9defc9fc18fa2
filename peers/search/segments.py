"""Whoosh segments read as numpy arrays, kept per segment: what a search that scores every
match (for an exact count) reads instead of walking postings one document at a time.

A Whoosh segment never changes once written: only the set of its deleted documents grows
(an update deletes the old document and adds the new one to a new segment), and a merge
makes a new segment with a new id. So a term's postings and a column read from one segment
are kept under that segment's id and stay right in every later generation of the index;
the deleted documents are applied at search time (`alive`). After a one-document update, a
search reads the new small segment only.

The postings are read a block at a time from Whoosh's own reader (its w3 codec), which is
what keeps a cold read of 20,000 postings to a few milliseconds.
"""

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.reading import SegmentReader, TermNotFound

from peers.cache import BoundedCache

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)

# Per process. Postings: (segment, field, term) -> (ids, weights); a common word of 50,000
# offers holds about 0.5 MB, most far less. Columns and deletion masks: one per segment.
_POSTINGS: BoundedCache[tuple, tuple[np.ndarray, np.ndarray]] = BoundedCache(4096)
_COLUMNS: BoundedCache[tuple, np.ndarray] = BoundedCache(64)
_ALIVE: BoundedCache[tuple, np.ndarray] = BoundedCache(64)


def leaves(reader: Any) -> Iterator[tuple[SegmentReader, int]]:
    """(segment reader, first docnum) of each segment of an open reader (none when the index
    is empty)."""
    return ((leaf, base) for leaf, base in reader.leaf_readers()
            if isinstance(leaf, SegmentReader) and leaf.doc_count_all())


def _segment_id(leaf: SegmentReader) -> str:
    return leaf.segment().segment_id()


def _read_postings(leaf: SegmentReader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        matcher = leaf._terms.matcher(field, leaf._text_to_bytes(field, text),
                                      leaf.schema[field].format)
    except TermNotFound:
        return EMPTY_IDS, EMPTY_WEIGHTS
    ids, weights = [], []
    while matcher.is_active():  # one block (up to 128 postings) per step, deleted ones too
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, dtype=np.int64))
        weights.append(np.asarray(matcher._weights, dtype=np.float64))
        matcher._next_block()
    if not ids:
        return EMPTY_IDS, EMPTY_WEIGHTS
    return np.concatenate(ids), np.concatenate(weights)


def postings(leaf: SegmentReader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The segment's document numbers holding the term, and each posting's weight (deleted
    documents included: mask them with `alive`)."""
    return _POSTINGS.get_or_make((_segment_id(leaf), field, text),
                                 lambda: _read_postings(leaf, field, text))


def column(leaf: SegmentReader, field: str) -> np.ndarray:
    """A numeric column of the segment, one int64 per document."""

    def read() -> np.ndarray:
        values = leaf.column_reader(field, translate=False)
        return np.fromiter(values, dtype=np.int64, count=leaf.doc_count_all())

    return _COLUMNS.get_or_make((_segment_id(leaf), field), read)


def alive(leaf: SegmentReader) -> np.ndarray | None:
    """A mask of the segment's documents not deleted; None when none is."""
    if not leaf.has_deletions():
        return None
    deleted = leaf.deleted_docs_set
    key = (_segment_id(leaf), len(deleted))  # deletions only grow while the segment lives

    def make() -> np.ndarray:
        mask = np.ones(leaf.doc_count_all(), dtype=bool)
        mask[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
        return mask

    return _ALIVE.get_or_make(key, make)


def term_mask(leaf: SegmentReader, field: str, texts: tuple[str, ...]) -> np.ndarray:
    """The segment's documents holding any of these terms of the field."""
    mask = np.zeros(leaf.doc_count_all(), dtype=bool)
    for text in texts:
        mask[postings(leaf, field, text)[0]] = True
    return mask


def clear() -> None:
    """Forget every kept array (tests; a process that dropped an index)."""
    for cache in (_POSTINGS, _COLUMNS, _ALIVE):
        cache.clear()
