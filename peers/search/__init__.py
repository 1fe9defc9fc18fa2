"""Derived search indexes: built from the database, swapped atomically, kept current.

- `storage`: `DerivedIndex`, one index folder on disk (builds, the atomic swap, updates and
  catch-up under the folder's write lock, from `locks`).
- `pool`: the searchers each process keeps open per build, and the `Snapshot` a search reads.
- `registry`: the app's indexes by name, and `catch_up_if_due(name)`, the step a request takes
  before it searches.
- `hooks`: the session listeners that re-index what each commit changed.

A feature defines its index as a small `DerivedIndex` subclass and registers it from its own
`init_app`; `init_app` here installs the session hooks. Nothing happens at import time.
"""

from flask import Flask

from peers.search import hooks
from peers.search.locks import IndexBusy
from peers.search.pool import META_FILE, POOL_SIZE, Snapshot
from peers.search.registry import catch_up_if_due, get, register, registered
from peers.search.storage import (
    BUILD_LOCK_TIMEOUT,
    CURRENT,
    STAMP_FIELD,
    WRITE_TIMEOUT,
    DerivedIndex,
    IndexMissing,
)

__all__ = [
    "BUILD_LOCK_TIMEOUT", "CURRENT", "META_FILE", "POOL_SIZE", "STAMP_FIELD", "WRITE_TIMEOUT",
    "DerivedIndex", "IndexBusy", "IndexMissing", "Snapshot", "catch_up_if_due", "get",
    "init_app", "register", "registered",
]


def init_app(app: Flask) -> None:
    """Keep every index this app registers current after each commit."""
    hooks.install()
