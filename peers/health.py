"""GET /healthz: is the database reachable and is every search index usable."""

import logging

import sqlalchemy as sa
from flask import Blueprint

from peers import search
from peers.discovery import queries as discovery_queries
from peers.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """200 when all is usable, 503 when not; a failure names the indexes that are not."""
    database = _database_ok()
    indexes = {name: _index_ok(search_index, database)
               for name, search_index in search.registered().items()}
    checks = {"database": database, "index": all(indexes.values())}
    ok = all(checks.values())
    body = {"status": "ok" if ok else "unavailable", "checks": checks}
    if not ok:
        body["indexes"] = indexes  # which of the platform and offer indexes failed
    return body, 200 if ok else 503


def _database_ok() -> bool:
    try:
        # A real table, not SELECT 1: SQLite answers that on the empty file it creates when
        # the database file has gone.
        discovery_queries.catalog_readable()
        return True
    except sa.exc.SQLAlchemyError:
        log.warning("health check: database unavailable", exc_info=True)
        db.session.rollback()
        return False


def _index_ok(search_index: search.DerivedIndex, database_ok: bool) -> bool:
    try:
        if not database_ok:  # without the database only a usable build counts
            search_index.doc_count()
            return True
        return search_index.is_healthy(db.session)
    except Exception:  # any failure to open or read the index means it is not usable
        log.warning("health check: %s unavailable", search_index.title.lower(), exc_info=True)
        db.session.rollback()
        return False
