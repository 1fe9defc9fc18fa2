"""The one bounded cache of the site: what a process keeps to avoid doing work again.

`BoundedCache(max_size)` keeps at most `max_size` entries and forgets the least recently used
one first, so a stream of ever-new keys (typos, nonsense searches) can never make it grow
without end. `PerIndexState(max_size)` keeps one such cache per state of a derived index (a
build and its Whoosh generation, `peers.search.Snapshot.state`): what was derived from one
state is never read in another, and the caches of states no search uses any more go first.

Each user states its size once, where it creates its cache. Threads share a cache safely: two
may compute the same missing entry at once, and both get an equal value.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

STATES_KEPT = 2  # a search that began just before an update still reads the state before


class BoundedCache(Generic[K, V]):
    """At most `max_size` entries; the least recently used is forgotten first."""

    def __init__(self, max_size: int):
        if max_size < 1:
            raise ValueError("a bounded cache keeps at least one entry")
        self.max_size = max_size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            try:
                self._entries.move_to_end(key)
            except KeyError:
                return default
            return self._entries[key]

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self.max_size:
                self._entries.popitem(last=False)
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The kept value, or make() kept and returned (made outside the lock: it may be slow)."""
        with self._lock:
            try:
                self._entries.move_to_end(key)
                return self._entries[key]
            except KeyError:
                pass
        return self.put(key, make())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)


class PerIndexState(Generic[K, V]):
    """One BoundedCache of `max_size` per index state, for the STATES_KEPT latest states."""

    def __init__(self, max_size: int):
        self.max_size = max_size
        self._states: BoundedCache[Hashable, BoundedCache[K, V]] = BoundedCache(STATES_KEPT)

    def of(self, state: Hashable) -> BoundedCache[K, V]:
        """The cache of what was derived from exactly this index state."""
        return self._states.get_or_make(state, lambda: BoundedCache(self.max_size))

    def clear(self) -> None:
        self._states.clear()
