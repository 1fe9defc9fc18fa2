"""Test sites: their configuration, how one is built and closed, and skipping a suite that
cannot run here (a failure in CI instead)."""

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa

from peers import search
from peers.catalog.services import load_catalog_file
from peers.config import PROJECT_ROOT
from peers.discovery.catalog import read_catalog
from peers.extensions import db

TESTS = Path(__file__).parent
CATALOGS = {
    "real": PROJECT_ROOT / "data" / "platforms.yaml",
    "small": TESTS / "data" / "small_catalog.yaml",
    "empty": None,
}
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with a one-line reason outside CI; in CI a missing suite is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must run this test, but: {reason}")
        pytest.skip(reason)


def site_config(directory: Path, **overrides) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": f"sqlite:///{directory / 'peers.db'}",
        "INDEX_DIR": str(directory / "index"),
        **overrides,
    }


def build_site(app) -> None:
    """Migrate, load the app's catalog and build its index, as `flask peers init` does."""
    with app.app_context():
        flask_migrate.upgrade()
        if app.config["CATALOG_PATH"]:
            load_catalog_file(read_catalog(app.config["CATALOG_PATH"],
                                               app.config["VOCABULARY_PATH"]))
            db.session.commit()
        for derived in search.registered(app).values():
            derived.rebuild(db.session)
    close_app(app)
    if (url := sa.make_url(app.config["DATABASE_URL"])).get_backend_name() == "sqlite":
        fold_write_ahead_log(Path(url.database))


def fold_write_ahead_log(database: Path) -> None:
    """Leave a SQLite site's commits all in its file, so that copying the file copies them:
    with no other connection open, the checkpoint empties the log and closing removes it."""
    with closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    left = [p.name for p in database.parent.glob(f"{database.name}-*")]
    assert not left, f"{left} still beside {database}: a connection to it is still open"


def close_app(app) -> None:
    """Close the app's database connections (PostgreSQL warns of connections left open)."""
    with app.app_context():
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()
