"""GET /healthz: is the database reachable and the search index usable."""

import logging

import sqlalchemy as sa
from flask import Blueprint

from peers.discovery.search import get_index
from peers.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    checks = {"database": _database_ok(), "index": _index_ok()}
    ok = all(checks.values())
    return {"status": "ok" if ok else "unavailable", "checks": checks}, 200 if ok else 503


def _database_ok() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        log.warning("health check: database unavailable", exc_info=True)
        db.session.rollback()
        return False


def _index_ok() -> bool:
    try:
        get_index().doc_count()
        return True
    except Exception:  # any failure to open or read the index means it is not usable
        log.warning("health check: search index unavailable", exc_info=True)
        return False
