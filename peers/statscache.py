"""The aggregates a results page shows, kept by each process for a few seconds.

Every /discover result shows its platform's rating summary, reported earnings and offer
counts. Reading them is most of what a search costs in the database, and they change far
less often than workers search. So each process keeps what it read, per platform, for
RESULTS_STATS_SECONDS, and forgets all of it as soon as a transaction of its own that wrote
anything ends: whoever posts a review sees it counted on their next search; other processes
and hosts show it within RESULTS_STATS_SECONDS. 0 reads the database on every request.

Only the results page reads through this cache. A platform's page, the JSON API and the
researchers' CSV always read the database.
"""

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from peers.cache import BoundedCache

EXTENSION = "peers.statscache"
WROTE = "peers_statscache_wrote"
MAX_ENTRIES = 50_000  # per kind; past it the least recently read are read again


class StatsCache:
    """Values per id and kind ("ratings", "offers"), each kept `seconds` from its read."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._kinds: dict[str, BoundedCache[int, tuple[float, Any]]] = {}

    def get_many(self, kind: str, ids: Iterable[int],
                 read: Callable[[list[int]], dict[int, Any]]) -> dict[int, Any]:
        """The value of every id: kept ones, and the rest from read(missing ids) in one call,
        which must answer for every id it is given."""
        ids = list(ids)
        if self.seconds <= 0:
            return read(ids)
        now = self.clock()
        kept = self._kinds.get(kind)
        if kept is None:
            kept = self._kinds.setdefault(kind, BoundedCache(MAX_ENTRIES))
        found, missing = {}, []
        for key in ids:
            entry = kept.get(key)
            if entry is not None and entry[0] > now:
                found[key] = entry[1]
            else:
                missing.append(key)
        if missing:
            fresh = read(missing)
            until = now + self.seconds
            for key, value in fresh.items():
                kept.put(key, (until, value))
            found.update(fresh)
        return found

    def clear(self) -> None:
        # New caches, not clear(): a read in another thread fills the old ones, never these.
        self._kinds = {}


def init_app(app: Flask) -> None:
    """Give the app its cache, and forget it after each write of this process's sessions."""
    app.extensions[EXTENSION] = StatsCache(float(app.config["RESULTS_STATS_SECONDS"]))
    for target, name, listener in ((FlaskSession, "after_flush", _flushed),
                                   (FlaskSession, "do_orm_execute", _executed),
                                   (FlaskSession, "after_transaction_end", _ended)):
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)


def get(app: Flask | None = None) -> StatsCache:
    """The app's cache (one per app and process)."""
    return (app or current_app).extensions[EXTENSION]


# -- forgetting after this process's own writes -------------------------------------------------
def _flushed(session: Session, _flush_context) -> None:
    session.info[WROTE] = True


def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:  # the aggregates' own statements
        state.session.info[WROTE] = True


def _ended(session: Session, transaction: SessionTransaction) -> None:
    # Committed or rolled back alike: forgetting too much only costs a read.
    if transaction.parent is None and session.info.pop(WROTE, False) and has_app_context():
        cache = current_app.extensions.get(EXTENSION)
        if cache is not None:
            cache.clear()
