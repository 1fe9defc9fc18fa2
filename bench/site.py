"""Throwaway Peers sites for the benchmarks: config, migrated database, loaded catalog."""

import logging
import os
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
from flask import Flask

from peers import create_app
from peers.config import PROJECT_ROOT
from peers.discovery import services
from peers.discovery.catalog import Catalog, CatalogError, read_catalog
from peers.extensions import db

REAL_CATALOG = PROJECT_ROOT / "data" / "platforms.yaml"
SMALL_CATALOG = PROJECT_ROOT / "tests" / "data" / "small_catalog.yaml"
VOCABULARY = PROJECT_ROOT / "data" / "vocabulary.yaml"


def real_catalog() -> tuple[Catalog, Path, str | None]:
    """data/platforms.yaml, or the small test catalog (and why) when it is missing or invalid."""
    try:
        return read_catalog(REAL_CATALOG, VOCABULARY), REAL_CATALOG, None
    except CatalogError as exc:
        note = f"{REAL_CATALOG.name} unusable ({exc.problems[0][:80]}): using {SMALL_CATALOG.name}"
        return read_catalog(SMALL_CATALOG, VOCABULARY), SMALL_CATALOG, note


def site_config(directory: Path, catalog_path: Path | None = None) -> dict:
    return {
        "DATABASE_URL": f"sqlite:///{directory / 'peers.db'}",
        "INDEX_DIR": str(directory / "index"),
        "CATALOG_PATH": str(catalog_path or REAL_CATALOG),
        "SECRET_KEY": "bench",
    }


@contextmanager
def quiet():
    """Silence INFO logging (alembic's migration chatter) for the block."""
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def make_app(directory: Path, catalog_path: Path | None = None) -> Flask:
    os.environ.setdefault("PEERS_INSTANCE_PATH", str(directory / "instance"))
    app = create_app(site_config(directory, catalog_path))
    logging.getLogger().setLevel(logging.WARNING)  # create_app asks for INFO outside debug
    return app


def build_site(directory: Path, catalog: Catalog, catalog_path: Path | None = None) -> Flask:
    """A migrated SQLite database in `directory` holding `catalog` (no index yet)."""
    directory.mkdir(parents=True, exist_ok=True)
    app = make_app(directory, catalog_path)
    with app.app_context(), quiet():
        flask_migrate.upgrade()
        services.load_catalog(catalog)
        db.session.commit()
    return app


def close_site(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
