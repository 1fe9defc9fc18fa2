"""The small site on SQLite and, when PEERS_TEST_POSTGRES_URL is set, on PostgreSQL."""

import os
import secrets
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from peers import create_app
from peers.extensions import db
from tests.conftest import CATALOGS, build_site, require, site_config

PG_URL = os.environ.get("PEERS_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg_small_site(tmp_path):
    """The small site on PostgreSQL, in a schema of its own, dropped afterwards."""
    require(bool(PG_URL), "PostgreSQL suite: set PEERS_TEST_POSTGRES_URL to run it")
    engine = sa.create_engine(PG_URL)
    schema = f"peers_test_{secrets.token_hex(4)}"
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        require(False, f"PostgreSQL at PEERS_TEST_POSTGRES_URL is not reachable: {exc}")
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    config = site_config(tmp_path, DATABASE_URL=url, CATALOG_PATH=CATALOGS["small"])
    build_site(create_app(config))
    app = create_app(config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def both_databases_app(request, make_app):
    """The small site on a SQLite file, then on PostgreSQL."""
    if request.param == "sqlite":
        return make_app("small")
    return request.getfixturevalue("pg_small_site")
