"""Derived Whoosh indexes: built in full from the database, swapped atomically, kept current.

Each index is a subclass of `DerivedIndex` that says which rows it holds (a model, a key
column, a query that loads what the documents read) and how a row becomes a document. This
module does the rest, the same way for every index:

- INDEX_DIR/<folder>/gen-<time>-<random>/ is one complete build; `current` is a symlink to the
  live one, swapped with one atomic rename. Readers resolve `current` once per search.
- peers-meta.json in each build records the schema version: a build of another version is not
  used (`flask peers reindex --if-stale` rebuilds it).
- After every commit, the rows a session changed are re-indexed (`after_commit`). When that
  fails the request still succeeds: `catch_up_if_due` later compares each row's stamp (its
  updated_at) with the one stored in the index and re-indexes the difference.

The indexes of an app are kept in a registry (`register`, `registered`, `get`), which the CLI,
the health check and the session hooks walk.
"""

import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.index import LockError

from peers.extensions import db

log = logging.getLogger(__name__)

CURRENT = "current"
META_FILE = "peers-meta.json"
WRITE_TIMEOUT = 5.0
STAMP_FIELD = "updated"  # stored in every document: when its rows last changed (ISO 8601)
# A build folder without its meta file is still being written (or its writer died): it is
# left alone for this long, so that two processes rebuilding at once never delete each other's.
UNFINISHED_GRACE_SECONDS = 3600
REGISTRY = "peers_indexes"


class IndexMissing(RuntimeError):
    """There is no usable index yet: run `flask peers reindex`."""


class DerivedIndex:
    """One process's handle on the folder of one derived index."""

    name: ClassVar[str]  # registry key and health-check name: "platforms", "offers"
    title: ClassVar[str]  # for people: "Search index", "Offer index"
    unit: ClassVar[str]  # what one document is: "platform", "offer"
    schema_version: ClassVar[int]  # raise when the schema or the documents change shape
    model: ClassVar[type]
    key_field: ClassVar[str]  # the unique, stored ID field of each document

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self._opened: dict[str, whoosh_index.Index] = {}
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._db_fingerprint: tuple | None = None

    # -- what a subclass says -----------------------------------------------------------------
    @property
    def key_column(self) -> sa.orm.InstrumentedAttribute:
        """The model's column whose value is the document key."""
        return getattr(self.model, self.key_field)

    def make_schema(self) -> Schema:
        raise NotImplementedError

    def document(self, row: Any) -> dict[str, Any]:
        """The document of one row: with its key field and the STAMP_FIELD."""
        raise NotImplementedError

    def rows_query(self) -> sa.Select:
        """Every row, with what the documents read loaded in bulk."""
        return sa.select(self.model).order_by(self.key_column)

    def key_of(self, row: Any) -> str:
        return str(getattr(row, self.key_field))

    def stamps(self, session: Session) -> dict[str, str]:
        """The stamp each row's document should carry, by key, read cheaply from the database."""
        stmt = sa.select(self.key_column, self.model.updated_at)
        return {str(key): at.isoformat() for key, at in session.execute(stmt)}

    def fingerprint(self, session: Session) -> tuple:
        """A cheap summary of the table that changes whenever a document may have."""
        return tuple(session.execute(
            sa.select(sa.func.count(), sa.func.max(self.model.updated_at))
            .select_from(self.model)
        ).one())

    def changed_keys(self, obj: Any) -> set[str]:
        """Keys whose documents change when this flushed object changes (after_flush)."""
        return {self.key_of(obj)} if isinstance(obj, self.model) else set()

    def resolve_keys(self, session: Session, keys: set[str]) -> set[str]:
        """Turn what changed_keys collected into document keys (after commit, may query)."""
        return keys

    # -- reading ------------------------------------------------------------------------------
    def current_path(self) -> Path | None:
        link = self.directory / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def meta(self) -> dict[str, Any] | None:
        path = self.current_path()
        try:
            return json.loads((path / META_FILE).read_text()) if path else None
        except (OSError, ValueError):
            return None

    def is_usable(self) -> bool:
        """True when the current build exists and was made by this schema version."""
        meta = self.meta()
        return bool(meta) and meta.get("schema_version") == self.schema_version

    def is_healthy(self, session: Session) -> bool:
        """Usable; or never built while its table is empty, which holds nothing to search."""
        if self.is_usable():
            self.doc_count()  # opens it: a build that cannot be read is not healthy
            return True
        return self.current_path() is None and not self.row_count(session)

    def row_count(self, session: Session) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(self.model)) or 0

    def _index(self) -> whoosh_index.Index:
        path = self.current_path()
        if path is None or not self.is_usable():
            raise IndexMissing(f"no usable {self.title.lower()} in {self.directory}")
        key = str(path)
        with self._lock:
            if key not in self._opened:
                self._opened = {key: whoosh_index.open_dir(key)}  # drop handles on old builds
            return self._opened[key]

    @contextmanager
    def searcher(self, **options: Any) -> Iterator[Any]:
        """A searcher on the current build (Whoosh's options, e.g. weighting), closed when the
        block ends."""
        with self._index().searcher(**options) as searcher:
            yield searcher

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    # -- writing ------------------------------------------------------------------------------
    def rebuild(self, session: Session, progress: Callable[[int], None] | None = None) -> int:
        """Build a complete new index from the database and swap it in atomically."""
        documents = (self.document(row) for row in session.scalars(self.rows_query()))
        return self.rebuild_from(documents, progress)

    def rebuild_from(self, documents: Iterable[dict[str, Any]],
                     progress: Callable[[int], None] | None = None) -> int:
        """Build a new generation from these documents and swap it in; how many there were."""
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.directory / f"gen-{stamp}-{secrets.token_hex(4)}"
        target.mkdir()
        ix = whoosh_index.create_in(str(target), self.make_schema())
        count = 0
        with ix.writer(limitmb=128) as writer:
            for document in documents:
                writer.add_document(**document)
                count += 1
                if progress:
                    progress(1)
        meta = {"schema_version": self.schema_version, "built_at": stamp, "documents": count}
        (target / META_FILE).write_text(json.dumps(meta))  # written last: the build is whole
        self._swap_to(target)
        self._db_fingerprint = None
        return count

    def _swap_to(self, target: Path) -> None:
        tmp_link = self.directory / f".{CURRENT}-{secrets.token_hex(4)}"
        os.symlink(target.name, tmp_link)
        previous = self.current_path()
        os.replace(tmp_link, self.directory / CURRENT)
        keep = {target.name, previous.name if previous else None}
        for old in self.directory.glob("gen-*"):  # keep the previous build for open searchers
            if old.name not in keep and _finished_or_abandoned(old):
                shutil.rmtree(old, ignore_errors=True)

    def update(self, session: Session, keys: Iterable[str]) -> None:
        """Re-index the rows with these keys from the database (deleting the ones now gone)."""
        keys = {str(key) for key in keys}
        if not keys:
            return
        column = self.key_column
        wanted = [int(k) for k in keys] if _is_integer(column) else list(keys)
        rows = session.scalars(self.rows_query().where(column.in_(wanted))).all()
        with self._index().writer(timeout=WRITE_TIMEOUT) as writer:
            for row in rows:
                writer.update_document(**self.document(row))
            for gone in keys - {self.key_of(row) for row in rows}:
                writer.delete_by_term(self.key_field, gone)

    def catch_up(self, session: Session) -> int:
        """Bring the index level with the database; return how many documents were re-indexed."""
        in_db = self.stamps(session)
        with self.searcher() as searcher:
            in_index = {f[self.key_field]: f.get(STAMP_FIELD)
                        for f in searcher.all_stored_fields()}
        stale = {key for key, at in in_db.items() if in_index.get(key) != at}
        stale |= set(in_index) - set(in_db)
        self.update(session, stale)
        return len(stale)

    def catch_up_if_due(self, session: Session, every_seconds: float) -> None:
        """At most every few seconds, compare a cheap database fingerprint and catch up."""
        now = time.monotonic()
        if now - self._checked_at < every_seconds:
            return
        self._checked_at = now
        fingerprint = self.fingerprint(session)
        if fingerprint != self._db_fingerprint:
            try:
                self.catch_up(session)
                self._db_fingerprint = fingerprint
            except (LockError, OSError):
                log.warning("%s catch-up postponed", self.title.lower(), exc_info=True)


def _finished_or_abandoned(build: Path) -> bool:
    if (build / META_FILE).exists():
        return True
    try:
        return time.time() - build.stat().st_mtime > UNFINISHED_GRACE_SECONDS
    except OSError:
        return False


def _is_integer(column) -> bool:
    return isinstance(column.type, sa.Integer)


# -- the app's registry -------------------------------------------------------------------------
def register(app: Flask, search_index: DerivedIndex) -> None:
    """Make an index one of the app's: rebuilt by the CLI, checked by /healthz, kept current."""
    app.extensions.setdefault(REGISTRY, {})[search_index.name] = search_index


def registered(app: Flask | None = None) -> dict[str, DerivedIndex]:
    """The app's indexes by name, in the order they were registered."""
    return (app or current_app).extensions.get(REGISTRY, {})


def get(name: str, app: Flask | None = None) -> DerivedIndex:
    return registered(app)[name]


# -- keeping every index current after each commit ---------------------------------------------
PENDING = "peers_index_pending"


@event.listens_for(FlaskSession, "after_flush")
def _remember_changed_rows(session: Session, _flush_context) -> None:
    if not has_app_context():
        return
    indexes = registered().values()
    if not indexes:
        return
    pending: dict[str, set[str]] = session.info.setdefault(PENDING, {})
    for obj in (*session.new, *session.dirty, *session.deleted):
        for search_index in indexes:
            keys = search_index.changed_keys(obj)
            if keys:
                pending.setdefault(search_index.name, set()).update(keys)


@event.listens_for(FlaskSession, "after_commit")
def _index_committed_rows(session: Session) -> None:
    pending: dict[str, set[str]] = session.info.pop(PENDING, {})
    for name, keys in pending.items():
        search_index = registered().get(name)
        if search_index is None or search_index.current_path() is None:
            continue  # no index yet: the first `flask peers reindex` will include these rows
        try:
            with Session(db.engine) as reader:  # the committed session may not emit SQL here
                search_index.update(reader, search_index.resolve_keys(reader, keys))
        except (LockError, OSError, IndexMissing, sa.exc.SQLAlchemyError):
            # Never lost: catch_up_if_due() finds the difference from the database later.
            log.warning("%s update postponed for %s", search_index.title.lower(),
                        sorted(keys), exc_info=True)


@event.listens_for(FlaskSession, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)
