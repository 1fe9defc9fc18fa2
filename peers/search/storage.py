"""Derived Whoosh indexes on disk: built in full from the database, swapped atomically,
kept current.

Each index is a subclass of `DerivedIndex` that says which rows it holds (a model, a key
column, a query that loads what the documents read) and how a row becomes a document. This
module does the rest, the same way for every index:

- INDEX_DIR/<folder>/gen-<time>-<random>/ is one complete build; `current` is a symlink to the
  live one, swapped with one atomic rename. Readers resolve `current` once per search.
- peers-meta.json in each build records the schema version: a build of another version is not
  used (`flask peers reindex --if-stale`, which gunicorn's on_starting hook runs, rebuilds it).
- One process writes a folder at a time: every write holds an flock on INDEX_DIR/<folder>/
  .write.lock around "read the rows, write their documents", so the last writer writes the
  newest rows; the kernel drops the lock of a writer that dies. A rebuild writes its build
  without the lock (holding one on its own folder instead: an unfinished build nobody holds
  was left by a dead writer, and is removed), then catches it up and swaps under the lock.
- After every commit, the rows a session changed are re-indexed (`after_commit`). When that
  fails (the lock stayed busy for WRITE_TIMEOUT) the request still succeeds:
  `catch_up_if_due` later compares each row's stamp (its updated_at) with the one stored in
  the index and re-indexes the difference.

The searchers are pooled (peers.search.pool); the app's indexes are kept in a registry
(peers.search.registry), which the CLI, the health check and the session hooks walk.
"""

import json
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.index import LockError
from whoosh.searching import Searcher

from peers.search.locks import LOCK_FILE, IndexBusy, abandoned, flock, holding_folder
from peers.search.pool import META_FILE, SearcherPool, Snapshot

log = logging.getLogger(__name__)

CURRENT = "current"
STAMP_FIELD = "updated"  # stored in every document: when its rows last changed (ISO 8601)
WRITE_TIMEOUT = 5.0  # the longest a commit waits for the lock before leaving it to catch-up
SEARCH_LOCK_TIMEOUT = 1.0  # the longest a search waits to catch up
BUILD_LOCK_TIMEOUT = 120.0  # a rebuild (or the CLI) waits this long to swap or catch up
BUILD_BATCH = 500  # documents per batch handed to a build process
FULL_CHECK_EVERY = 4  # catch-up intervals between comparisons of every stamp


class NoLengthStatsCodec(W3Codec):
    """Whoosh's codec, without the field-length bounds it records per postings block.

    Those bounds serve BM25's block skipping only; recording them reads each posting's
    document length back (with a file-exists check per posting for fields that keep none),
    which was most of an offer index build. For indexes that rank without field lengths."""

    length_stats = False


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
    # False for an index whose ranking reads no field lengths (a faster build; see the codec)
    length_stats: ClassVar[bool] = True

    def __init__(self, directory: str | os.PathLike, build_procs: int = 1):
        self.directory = Path(directory)
        # Processes writing a full rebuild's segments side by side (Whoosh's MpWriter: each
        # takes batches of BUILD_BATCH documents; the segments are kept, not merged). 1: one
        # process. Builds of fewer than BUILD_BATCH documents always take one.
        self.build_procs = max(1, build_procs)
        self._pool: SearcherPool | None = None
        self._meta: tuple[tuple, dict[str, Any]] | None = None  # (file, mtime, size), parsed
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._fully_checked_at = 0.0
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
        if not link.is_symlink():
            return None
        path = link.resolve()
        return path if path.is_dir() else None

    def meta(self) -> dict[str, Any] | None:
        path = self.current_path()
        return self._meta_of(path) if path else None

    def _meta_of(self, build: Path) -> dict[str, Any] | None:
        """The build's meta file, parsed again only when the file changed (one stat a search)."""
        path = build / META_FILE
        try:
            stat = path.stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size)
            if self._meta is None or self._meta[0] != key:
                self._meta = (key, json.loads(path.read_text()))
            return self._meta[1]
        except (OSError, ValueError):
            return None

    def _usable_at(self, build: Path) -> bool:
        meta = self._meta_of(build)
        return bool(meta) and meta.get("schema_version") == self.schema_version

    def is_usable(self) -> bool:
        """True when the current build exists and was made by this schema version."""
        path = self.current_path()
        return path is not None and self._usable_at(path)

    def is_healthy(self, session: Session) -> bool:
        """Usable; or never built while its table is empty, which holds nothing to search."""
        if self.is_usable():
            self.doc_count()  # opens it: a build that cannot be read is not healthy
            return True
        return self.current_path() is None and not self.row_count(session)

    def row_count(self, session: Session) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(self.model)) or 0

    def _searchers(self) -> SearcherPool:
        """This process's pool on the current build; the pool of a build swapped out (or
        inherited across a fork) is closed."""
        link = os.path.join(self.directory, CURRENT)
        try:
            target = os.readlink(link)  # read before resolving: a swap in between is seen next
        except OSError:
            target = None
        path = self.current_path()
        if path is None or not self._usable_at(path):
            raise IndexMissing(f"no usable {self.title.lower()} in {self.directory}")
        with self._lock:
            pool = self._pool
            if pool is None or pool.path != path or pool.pid != os.getpid():
                if pool is not None:
                    pool.close()
                pool = self._pool = SearcherPool(path)
            pool.link, pool.link_target = link, target
            return pool

    def _current_pool(self) -> SearcherPool | None:
        """The pool `_searchers` would return, found with two system calls (the `current`
        link's text, the meta file's stat) instead of resolving the link's path; None when
        anything differs from what `_searchers` last saw, which then decides."""
        pool = self._pool
        if pool is None or pool.link_target is None or pool.pid != os.getpid():
            return None
        try:
            if os.readlink(pool.link) != pool.link_target:
                return None
            stat = os.stat(pool.meta_file)
        except OSError:
            return None
        meta = self._meta  # what _usable_at read, keyed by (file, mtime, size)
        if (meta is None or meta[0] != (pool.meta_file, stat.st_mtime_ns, stat.st_size)
                or meta[1].get("schema_version") != self.schema_version):
            return None
        return pool

    def _writer_options(self) -> dict[str, Any]:
        return {} if self.length_stats else {"codec": NoLengthStatsCodec()}

    def _index(self) -> whoosh_index.Index:
        return self._searchers().index

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """A searcher on the current build for this thread alone, up to date with every commit
        made before the call, and the state it sees (for callers' caches of that state)."""
        pool = self._current_pool() or self._searchers()
        searcher = pool.checkout()
        try:
            yield Snapshot(searcher, pool.state_of(searcher))
        finally:
            pool.checkin(searcher)

    @contextmanager
    def searcher(self, weighting: Any = None) -> Iterator[Searcher]:
        """A searcher on the current build (scoring with `weighting`, a Whoosh weighting model,
        instead of BM25F when given), for this thread until the block ends."""
        with self.snapshot() as snapshot:
            if weighting is None:
                yield snapshot.searcher
            else:
                with Searcher(snapshot.searcher.reader(), weighting=weighting,
                              closereader=False) as weighted:
                    yield weighted

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    # -- writing ------------------------------------------------------------------------------
    @contextmanager
    def write_lock(self, timeout: float = WRITE_TIMEOUT) -> Iterator[None]:
        """Hold this folder's write lock: one writer per index across processes.

        It is the kernel's lock on an open file (flock), so a writer that dies, even by
        SIGKILL, never leaves it held. Raises IndexBusy after `timeout` seconds."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with flock(self.directory / LOCK_FILE, timeout, f"{self.title} is busy"):
            yield

    def rebuild(self, session: Session, progress: Callable[[int], None] | None = None) -> int:
        """Build a complete new index from the database and swap it in atomically."""
        documents = (self.document(row) for row in session.scalars(self.rows_query()))
        return self.rebuild_from(documents, progress, session)

    def rebuild_from(self, documents: Iterable[dict[str, Any]],
                     progress: Callable[[int], None] | None = None,
                     session: Session | None = None) -> int:
        """Build a new generation from these documents and swap it in; how many there were.

        The build runs without the write lock (other processes keep updating the live one);
        with a session, what changed in the database meanwhile is caught up into the new build
        under the lock, just before the swap, so that no update is lost."""
        with self._new_build() as target:
            ix = whoosh_index.create_in(str(target), self.make_schema())
            count = 0
            options = self._writer_options()
            if self.build_procs > 1:
                options.update(procs=self.build_procs, multisegment=True,
                               batchsize=BUILD_BATCH)
            with ix.writer(limitmb=128, **options) as writer:
                for document in documents:
                    writer.add_document(**document)
                    count += 1
                    if progress:
                        progress(1)
            with self.write_lock(BUILD_LOCK_TIMEOUT):
                if session is not None:
                    self._catch_up_in(ix, session)
                meta = {"schema_version": self.schema_version, "documents": ix.doc_count(),
                        "built_at": _utc_stamp()}
                (target / META_FILE).write_text(json.dumps(meta))  # written last: it is whole
                self._swap_to(target)
        self._db_fingerprint = None
        return count

    @contextmanager
    def _new_build(self) -> Iterator[Path]:
        """A new build folder, locked for as long as it is being written: a folder with no
        meta file whose lock nobody holds was left by a writer that died, and is removed."""
        with ExitStack() as building:
            with self.write_lock(BUILD_LOCK_TIMEOUT):  # no sweep sees it between mkdir and lock
                target = self.directory / f"gen-{_utc_stamp()}-{secrets.token_hex(4)}"
                target.mkdir()
                building.enter_context(holding_folder(target))
            try:
                yield target
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise

    def _swap_to(self, target: Path) -> None:
        """Point `current` at this build (under the write lock) and remove builds no one needs."""
        tmp_link = self.directory / f".{CURRENT}-{secrets.token_hex(4)}"
        os.symlink(target.name, tmp_link)
        previous = self.current_path()
        os.replace(tmp_link, self.directory / CURRENT)
        # The previous build stays for searches still open on it.
        self._remove_dead_builds(keep={target.name, previous.name if previous else None})

    def _remove_dead_builds(self, keep: set[str | None] | None = None) -> None:
        """Remove unfinished builds whose writer is gone and, given `keep`, every finished build
        not in it. Called under the write lock."""
        for build in self.directory.glob("gen-*"):
            finished = (build / META_FILE).exists()
            if finished and (keep is None or build.name in keep):
                continue
            if finished or abandoned(build):
                shutil.rmtree(build, ignore_errors=True)

    def update(self, session: Session, keys: Iterable[str],
               timeout: float = WRITE_TIMEOUT) -> None:
        """Re-index the rows with these keys from the database (deleting the ones now gone).

        The rows are read after the write lock is taken, so whichever process writes last
        writes the newest rows. Raises IndexBusy when the lock is not free within `timeout`."""
        keys = {str(key) for key in keys}
        if keys:
            with self.write_lock(timeout):
                self._update_in(self._index(), session, keys)

    def _update_in(self, ix: whoosh_index.Index, session: Session, keys: set[str]) -> None:
        column = self.key_column
        wanted = [int(k) for k in keys] if _is_integer(column) else list(keys)
        with _reading(session) as reader:
            rows = reader.scalars(self.rows_query().where(column.in_(wanted))).all()
            documents = [self.document(row) for row in rows]
        self._write_in(ix, documents, keys - {self.key_of(row) for row in rows})

    def write_documents(self, documents: list[dict[str, Any]], gone: Iterable[str] = (),
                        timeout: float = WRITE_TIMEOUT) -> None:
        """Replace these documents (by key) and delete the `gone` keys in the live build, under
        the write lock: what a commit's update does once it has read its rows."""
        with self.write_lock(timeout):
            self._write_in(self._index(), documents, set(gone))

    def _write_in(self, ix: whoosh_index.Index, documents: list[dict[str, Any]],
                  gone: set[str]) -> None:
        """One commit to the index: only these documents are rewritten (a new small segment;
        their old versions are marked deleted), whatever the index's size."""
        with ix.writer(timeout=WRITE_TIMEOUT, **self._writer_options()) as writer:
            for document in documents:
                writer.update_document(**document)
            for key in gone:
                writer.delete_by_term(self.key_field, key)

    def catch_up(self, session: Session, timeout: float = WRITE_TIMEOUT) -> int:
        """Bring the index level with the database; return how many documents were re-indexed.
        Also removes the unfinished builds of writers that died."""
        with self.write_lock(timeout):
            self._remove_dead_builds()
            return self._catch_up_in(self._index(), session)

    def _catch_up_in(self, ix: whoosh_index.Index, session: Session) -> int:
        """Compare every row's stamp with its document's: edits, new rows and deletions."""
        with _reading(session) as reader:
            in_db = self.stamps(reader)
        with ix.searcher() as searcher:
            in_index = {f[self.key_field]: f.get(STAMP_FIELD)
                        for f in searcher.all_stored_fields()}
        stale = {key for key, at in in_db.items() if in_index.get(key) != at}
        stale |= set(in_index) - set(in_db)
        if stale:
            self._update_in(ix, session, stale)
        return len(stale)

    def needs_catch_up(self) -> None:
        """Make the next catch_up_if_due compare every stamp (a write of this process failed)."""
        self._db_fingerprint = None

    def catch_up_if_due(self, session: Session, every_seconds: float) -> None:
        """At most every `every_seconds`: catch up when the database's fingerprint moved, and
        in any case every FULL_CHECK_EVERY intervals. The full check finds what a fingerprint
        cannot see: a commit whose stamp is older than one already seen (a transaction that
        committed late, a host whose clock is behind)."""
        now = time.monotonic()
        if now - self._checked_at < every_seconds:
            return
        self._checked_at = now
        fingerprint = self.fingerprint(session)
        full_check_due = now - self._fully_checked_at >= every_seconds * FULL_CHECK_EVERY
        if fingerprint == self._db_fingerprint and not full_check_due:
            return
        try:
            self.catch_up(session, SEARCH_LOCK_TIMEOUT)
        except IndexBusy:  # another process is writing: this one tries again next interval
            log.info("%s catch-up deferred: another process is writing", self.title.lower())
            return
        except (LockError, OSError):
            log.warning("%s catch-up postponed", self.title.lower(), exc_info=True)
            return
        self._db_fingerprint, self._fully_checked_at = fingerprint, now


@contextmanager
def _reading(session: Session) -> Iterator[Session]:
    """A session of its own on the same database, begun now (after the write lock was taken,
    so it sees every commit made before), and ended before the slower index write: a SQLite
    read transaction left open would keep other processes from committing."""
    with Session(session.get_bind()) as reader:
        yield reader


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def _is_integer(column) -> bool:
    return isinstance(column.type, sa.Integer)

