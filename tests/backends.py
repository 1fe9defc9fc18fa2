"""The real servers some tests run against: PostgreSQL and Redis, each behind its variable.

PEERS_TEST_POSTGRES_URL and PEERS_TEST_REDIS_URL (CI sets both; .ci/run starts the servers).
Without them each such test skips with its reason, and under CI=true fails instead.
"""

import itertools
import os
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import quote

import sqlalchemy as sa

from peers import create_app
from tests.sites import CATALOGS, build_site, close_app, require, site_config

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


class PostgresDatabases:
    """Databases of one test run on the PostgreSQL server, each named after the run.

    A copy is `CREATE DATABASE ... TEMPLATE` with PostgreSQL 15's default WAL_LOG strategy:
    measured at 25 ms on an idle machine and 0.6 s on a loaded one, against 60 ms and 1.3 s with
    FILE_COPY and 0.5 s idle to migrate and load afresh. Copies are made one test ahead, and
    dropped after it (DROP DATABASE waits for a checkpoint), each in a thread of its own, so a
    test need not wait for either; at most MAX_PENDING_DROPS copies wait to be dropped.
    """

    MAX_PENDING_DROPS = 8

    def __init__(self, engine: sa.Engine):
        self._engine = engine
        self._prefix = f"peers_test_{secrets.token_hex(4)}"
        self._numbers = itertools.count()
        self._live: set[str] = set()
        self._maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-copy")
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-drop")
        self._drop_slots = threading.BoundedSemaphore(self.MAX_PENDING_DROPS)
        self._next_copy: dict[str, Future[str]] = {}

    def create(self, template_url: str | None = None) -> str:
        """The URL of a new database: empty, or a copy of the one at template_url."""
        name = f"{self._prefix}_{next(self._numbers)}"
        template = f' TEMPLATE "{sa.make_url(template_url).database}"' if template_url else ""
        self._execute(f'CREATE DATABASE "{name}"{template}')
        self._live.add(name)
        return sa.make_url(POSTGRES_URL).set(database=name).render_as_string(
            hide_password=False)

    def copy(self, template_url: str) -> str:
        """The URL of a fresh copy of a template database, and start making the next one."""
        ready = self._next_copy.pop(template_url, None)
        url = ready.result() if ready else self.create(template_url)
        self._next_copy[template_url] = self._maker.submit(self.create, template_url)
        return url

    def drop(self, url: str) -> None:
        """Drop a database made here, even with connections still open (a thread's, say)."""
        name = sa.make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._live.discard(name)

    def drop_soon(self, url: str) -> None:
        self._drop_slots.acquire()
        self._dropper.submit(self._drop_in_slot, url)

    def _drop_in_slot(self, url: str) -> None:
        try:
            self.drop(url)
        finally:
            self._drop_slots.release()

    def drop_all(self) -> None:
        self._maker.shutdown(wait=True)
        self._dropper.shutdown(wait=True)
        for name in sorted(self._live):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._live.clear()

    def _execute(self, statement: str) -> None:
        with self._engine.connect() as conn:
            conn.execute(sa.text(statement))


@contextmanager
def postgres_databases() -> Iterator[PostgresDatabases]:
    """Make databases on PEERS_TEST_POSTGRES_URL's server; every one left is dropped after."""
    engine = require_postgres()
    databases = PostgresDatabases(engine)
    try:
        yield databases
    finally:
        databases.drop_all()
        engine.dispose()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A URL of a new, empty database (dropped afterwards): for whole-database tools."""
    with postgres_databases() as databases:
        yield databases.create()


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
            close_app(app)
