"""The real servers some tests run against: PostgreSQL and Redis, each behind its variable.

PEERS_TEST_POSTGRES_URL and PEERS_TEST_REDIS_URL (CI sets both; .ci/run starts the servers).
Without them each such test skips with its reason, and under CI=true fails instead.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import sqlalchemy as sa

from peers import create_app
from peers.extensions import db
from tests.conftest import CATALOGS, build_site, require, site_config

POSTGRES_URL = os.environ.get("PEERS_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("PEERS_TEST_REDIS_URL", "")
REDIS_TEST_DB = 15  # the only Redis database the tests may flush


def require_postgres() -> sa.Engine:
    """An engine on PEERS_TEST_POSTGRES_URL, or skip (fail in CI) with the reason."""
    require(bool(POSTGRES_URL), "PostgreSQL suite: set PEERS_TEST_POSTGRES_URL to run it")
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        engine.dispose()
        require(False, f"PostgreSQL at PEERS_TEST_POSTGRES_URL is not reachable: {exc}")
    return engine


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose connections use a new, empty schema (dropped afterwards)."""
    engine = require_postgres()
    schema = f"peers_test_{secrets.token_hex(4)}"
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A URL of a new, empty database (dropped afterwards): for whole-database tools."""
    engine = require_postgres()
    name = f"peers_test_{secrets.token_hex(4)}"
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(
            hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@contextmanager
def redis_test_db() -> Iterator[str]:
    """PEERS_TEST_REDIS_URL, emptied before and after; it must name database 15."""
    import redis

    require(bool(REDIS_URL), "Redis suite: set PEERS_TEST_REDIS_URL (database 15) to run it")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        require(False, f"Redis at PEERS_TEST_REDIS_URL is not reachable: {exc}")
    database = client.connection_pool.connection_kwargs.get("db", 0)
    assert database == REDIS_TEST_DB, (
        f"PEERS_TEST_REDIS_URL must name database {REDIS_TEST_DB} (the tests empty it), "
        f"not {database}"
    )
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()
        client.close()


@contextmanager
def postgres_site(directory, catalog: str = "small") -> Iterator:
    """A migrated, loaded and indexed site on PostgreSQL, in a schema of its own."""
    with postgres_schema() as url:
        config = site_config(directory, DATABASE_URL=url, CATALOG_PATH=CATALOGS[catalog])
        build_site(create_app(config))
        app = create_app(config)
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
