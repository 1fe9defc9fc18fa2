"""Keeping every registered index current after each commit.

After a flush, the keys of the documents the flushed rows change are remembered on the
session; after its commit they are re-indexed; after a rollback they are forgotten. A write
that fails (the lock stayed busy) never fails the request: catch-up finds it later.
"""

import logging

import sqlalchemy as sa
from flask import has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session
from whoosh.index import LockError

from peers.extensions import db
from peers.search.locks import IndexBusy
from peers.search.registry import registered
from peers.search.storage import IndexMissing

log = logging.getLogger(__name__)

PENDING = "peers_index_pending"


def install() -> None:
    """Listen to every Flask-SQLAlchemy session (once per process, however many apps)."""
    for name, listener in (("after_flush", _remember_changed_rows),
                           ("after_commit", _index_committed_rows),
                           ("after_rollback", _forget_rolled_back)):
        if not event.contains(FlaskSession, name, listener):
            event.listen(FlaskSession, name, listener)


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


def _index_committed_rows(session: Session) -> None:
    pending: dict[str, set[str]] = session.info.pop(PENDING, {})
    for name, keys in pending.items():
        search_index = registered().get(name)
        if search_index is None or search_index.current_path() is None:
            continue  # no index yet: the first `flask peers reindex` will include these rows
        try:
            with Session(db.engine) as reader:  # the committed session may not emit SQL here
                keys = search_index.resolve_keys(reader, keys)
            search_index.update(reader, keys)  # reads the rows anew, under the write lock
        except (IndexBusy, LockError, OSError, IndexMissing, sa.exc.SQLAlchemyError):
            # Never lost: this process's next catch_up_if_due() compares every stamp.
            search_index.needs_catch_up()
            log.warning("%s update postponed for %s", search_index.title.lower(),
                        sorted(keys), exc_info=True)


def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)
