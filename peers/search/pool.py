"""A pool of open searchers per process and build of a derived index.

Opening a Whoosh searcher reads the table of contents and opens every segment's files: too
slow to do per query. So each process keeps a few open per build and checks them out, one
thread at a time, after a cheap test that no commit happened since.
"""

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

META_FILE = "peers-meta.json"
POOL_SIZE = 4  # idle searchers kept open per process and build: one per worker thread or so
SETTLED_NS = 2_000_000_000  # a folder unchanged for this long is checked by its stat alone
_now_ns = time.time_ns  # the wall clock the folder's times are compared with


@dataclass(frozen=True)
class Snapshot:
    """A searcher checked out for one thread, and the index state it sees."""

    searcher: Searcher
    # (build folder, Whoosh generation): hashable and plain, so callers key what they derive
    # from exactly this state by it (peers.cache.PerIndexState) without seeing Whoosh.
    state: tuple[str, int]


class SearcherPool:
    """The open searchers of one build in one process.

    Opening a searcher reads the table of contents and opens every segment's files: too slow
    to do per query. Whoosh's readers are not thread-safe, so a searcher is checked out by one
    thread at a time. At check-out a searcher behind the index (an update committed since) is
    closed and replaced; at most POOL_SIZE idle searchers stay open, and all of them are closed
    with the pool when the build is swapped out.
    """

    def __init__(self, path: Path):
        self.path = path
        self.pid = os.getpid()
        self.index = whoosh_index.open_dir(str(path))
        self.meta_file = str(path / META_FILE)
        self.link: str = ""  # INDEX_DIR/<folder>/current, and the text it held when the
        self.link_target: str | None = None  # pool was last chosen (DerivedIndex._searchers)
        self._folder = str(path)
        self._settled: tuple[tuple, int] | None = None  # (folder's stat, latest generation)
        self._idle: list[Searcher] = []
        self._lock = threading.Lock()
        self._closed = False

    def checkout(self) -> Searcher:
        with self._lock:
            searcher = self._idle.pop() if self._idle else None
        if searcher is not None and self._up_to_date(searcher):
            return searcher
        if searcher is not None:
            searcher.close()
        return self.index.searcher()

    def _up_to_date(self, searcher: Searcher) -> bool:
        """searcher.up_to_date(), which lists the folder, skipped while the folder's stat is
        the one seen when its latest generation was last read.

        Every commit renames a new table of contents into the folder, which sets the folder's
        mtime and ctime. Timestamps are coarse (a clock tick), so a stat is trusted only once
        its times are SETTLED_NS older than the moment before it was taken: a change after
        that moment gets a later time, hence another stat (as git does for its index)."""
        generation = searcher.reader().generation()
        now = _now_ns()
        try:
            stat = os.stat(self._folder)
        except OSError:
            return searcher.up_to_date()
        seen = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev)
        if generation is not None and self._settled == (seen, generation):
            return True
        if not searcher.up_to_date():
            return False
        if (generation is not None
                and now - max(stat.st_mtime_ns, stat.st_ctime_ns) > SETTLED_NS):
            self._settled = (seen, generation)
        return True

    def checkin(self, searcher: Searcher) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < POOL_SIZE:
                self._idle.append(searcher)
                return
        searcher.close()

    def state_of(self, searcher: Searcher) -> tuple[str, int]:
        """The index state this searcher sees: its build and Whoosh generation."""
        generation = searcher.reader().generation()
        # An index without segments has no generation: nothing to derive, never up to date.
        return self._folder, -1 if generation is None else generation

    def close(self) -> None:
        """Close the idle searchers now; the ones checked out are closed at check-in."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()

