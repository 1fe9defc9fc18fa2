"""The platform search index: derived from the database, rebuilt atomically, kept current.

Layout of INDEX_DIR: one folder per full build (`gen-<time>-<random>`), and a symlink `current`
that a rebuild swaps in one atomic rename. Readers resolve `current` once per search, so a
search never mixes two builds. Nothing outside peers.discovery sees a Whoosh type.
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
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload
from whoosh import index as whoosh_index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from peers.discovery.models import Platform
from peers.extensions import db

log = logging.getLogger(__name__)

# Raise when the schema or the documents change shape: an index of another version is rebuilt.
SCHEMA_VERSION = 1
CURRENT = "current"
META_FILE = "peers-meta.json"
WRITE_TIMEOUT = 5.0


def make_schema() -> Schema:
    stem = StemmingAnalyzer()
    return Schema(
        slug=ID(stored=True, unique=True),
        name=TEXT(analyzer=stem),
        formerly=TEXT(analyzer=stem),
        summary=TEXT(analyzer=stem),
        description=TEXT(analyzer=stem),
        skills=TEXT(analyzer=stem),
        tags=TEXT(analyzer=stem),
        category=TEXT(analyzer=stem),
        assets=KEYWORD(commas=True, lowercase=True),
        category_slug=ID,
        regions=KEYWORD(commas=True, lowercase=True),
        status=ID(stored=True),
        successor=STORED,
        updated=STORED,
        # Unstemmed words of every text field: the dictionary for "did you mean".
        words=TEXT(analyzer=StandardAnalyzer(stoplist=None)),
    )


def platform_document(platform: Platform) -> dict[str, Any]:
    """The index document for one platform row."""
    formerly = " ".join(f"{p.name} {p.slug}" for p in platform.predecessors)
    text_fields = {
        "name": f"{platform.name} {platform.slug.replace('-', ' ')}",
        "formerly": formerly,
        "summary": platform.summary,
        "description": platform.description,
        "skills": ". ".join(platform.skills),
        "tags": ". ".join(platform.tags),
        "category": platform.category.name,
    }
    return {
        "slug": platform.slug,
        **text_fields,
        "assets": ",".join(platform.assets),
        "category_slug": platform.category.slug,
        "regions": ",".join(platform.regions),
        "status": platform.status,
        "successor": platform.successor.slug if platform.successor else None,
        "updated": platform.updated_at.isoformat(),
        "words": " ".join(text_fields.values()),
    }


def _platforms_query() -> sa.Select:
    # The document reads regions, predecessors and successor of every row: load them in bulk.
    return sa.select(Platform).options(
        selectinload(Platform.region_rows),
        selectinload(Platform.predecessors),
        selectinload(Platform.successor),
    ).order_by(Platform.id)


class SearchIndex:
    """One process's handle on the index folder of one app."""

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self._opened: dict[str, whoosh_index.Index] = {}
        self._lock = threading.Lock()
        self._checked_at = 0.0
        self._db_fingerprint: tuple | None = None

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
        return bool(meta) and meta.get("schema_version") == SCHEMA_VERSION

    def _index(self) -> whoosh_index.Index:
        path = self.current_path()
        if path is None or not self.is_usable():
            raise IndexMissing(f"no usable search index in {self.directory}")
        key = str(path)
        with self._lock:
            if key not in self._opened:
                self._opened = {key: whoosh_index.open_dir(key)}  # drop handles on old builds
            return self._opened[key]

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A searcher on the current build, closed when the block ends."""
        with self._index().searcher() as searcher:
            yield searcher

    def doc_count(self) -> int:
        with self.searcher() as searcher:
            return searcher.doc_count()

    # -- writing ------------------------------------------------------------------------------
    def rebuild(self, session: Session, progress: Callable[[int], None] | None = None) -> int:
        """Build a complete new index from the database and swap it in atomically."""
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.directory / f"gen-{stamp}-{secrets.token_hex(4)}"
        target.mkdir()
        ix = whoosh_index.create_in(str(target), make_schema())
        count = 0
        with ix.writer(limitmb=128) as writer:
            for platform in session.scalars(_platforms_query()):
                writer.add_document(**platform_document(platform))
                count += 1
                if progress:
                    progress(1)
        meta = {"schema_version": SCHEMA_VERSION, "built_at": stamp, "documents": count}
        (target / META_FILE).write_text(json.dumps(meta))
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
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def update(self, session: Session, slugs: Iterable[str]) -> None:
        """Re-index the given platforms from the database (deleting the ones that are gone)."""
        slugs = set(slugs)
        if not slugs:
            return
        rows = session.scalars(_platforms_query().where(Platform.slug.in_(slugs))).all()
        with self._index().writer(timeout=WRITE_TIMEOUT) as writer:
            for platform in rows:
                writer.update_document(**platform_document(platform))
            for gone in slugs - {p.slug for p in rows}:
                writer.delete_by_term("slug", gone)

    def catch_up(self, session: Session) -> int:
        """Bring the index level with the database; return how many platforms were re-indexed."""
        in_db = dict(session.execute(sa.select(Platform.slug, Platform.updated_at)).all())
        with self.searcher() as searcher:
            in_index = {f["slug"]: f["updated"] for f in searcher.all_stored_fields()}
        stale = {s for s, at in in_db.items() if in_index.get(s) != at.isoformat()}
        stale |= set(in_index) - set(in_db)
        self.update(session, stale)
        return len(stale)

    def catch_up_if_due(self, session: Session, every_seconds: float) -> None:
        """At most every few seconds, compare a cheap database fingerprint and catch up."""
        now = time.monotonic()
        if now - self._checked_at < every_seconds:
            return
        self._checked_at = now
        fingerprint = tuple(session.execute(
            sa.select(sa.func.count(Platform.id), sa.func.max(Platform.updated_at))
        ).one())
        if fingerprint != self._db_fingerprint:
            try:
                self.catch_up(session)
                self._db_fingerprint = fingerprint
            except (LockError, OSError):
                log.warning("search index catch-up postponed", exc_info=True)


class IndexMissing(RuntimeError):
    """There is no usable index yet: run `flask peers reindex`."""


def get_index(app: Flask | None = None) -> SearchIndex:
    return (app or current_app).extensions["peers_search"]


def init_app(app: Flask) -> None:
    app.extensions["peers_search"] = SearchIndex(app.config["INDEX_DIR"])


# -- keeping the index current after each commit ------------------------------------------------
PENDING = "peers_index_pending"


@event.listens_for(FlaskSession, "after_flush")
def _remember_changed_platforms(session: Session, _flush_context) -> None:
    changed = session.info.setdefault(PENDING, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Platform):
            changed.add(obj.slug)
            # A successor's document lists its predecessors' names: old and new successor change.
            history = sa.inspect(obj).attrs.successor.history
            for successor in (*history.added, *history.deleted, *history.unchanged):
                if successor is not None:
                    changed.add(successor.slug)


@event.listens_for(FlaskSession, "after_commit")
def _index_committed_platforms(session: Session) -> None:
    slugs = session.info.pop(PENDING, set())
    if not slugs:
        return
    search_index = get_index()
    if search_index.current_path() is None:
        return  # no index yet: the first `flask peers reindex` will include these rows
    try:
        with Session(db.engine) as reader:  # the committed session may not emit SQL here
            search_index.update(reader, slugs)
    except (LockError, OSError, IndexMissing, sa.exc.SQLAlchemyError):
        # Never lost: catch_up_if_due() finds the difference from the database later.
        log.warning("search index update postponed for %s", sorted(slugs), exc_info=True)


@event.listens_for(FlaskSession, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)
