"""Shared fixtures: an app per test on its own database and index, copied from a template
site built once per session (migrations applied, catalog loaded, index built).

The database is a SQLite file, or with PEERS_TEST_DATABASE=postgres a PostgreSQL database on
PEERS_TEST_POSTGRES_URL's server (`make test` runs the suite both ways). Tests about one
database only are deselected in the other pass: see `pytest_collection_modifyitems`.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from peers import create_app
from peers.accounts import passwords
from peers.extensions import db
from tests.backends import postgres_databases, postgres_site
from tests.helpers import PASSWORD
from tests.sites import CATALOGS, IN_CI, build_site, close_app, site_config

DATABASES = ("sqlite", "postgres")
DATABASE = os.environ.get("PEERS_TEST_DATABASE", "sqlite")  # what every test's app runs on
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def pytest_configure(config):
    if DATABASE not in DATABASES:
        raise pytest.UsageError(f"PEERS_TEST_DATABASE={DATABASE!r}: use one of {DATABASES}")
    if DATABASE == "postgres" and not os.environ.get("PEERS_TEST_POSTGRES_URL"):
        raise pytest.UsageError("PEERS_TEST_DATABASE=postgres needs PEERS_TEST_POSTGRES_URL")
    # Keep create_app's instance folder out of the project during tests.
    instance = Path(config.rootpath) / ".pytest_cache" / "instance"
    os.environ.setdefault("PEERS_INSTANCE_PATH", str(instance))


def pytest_report_header(config):
    if DATABASE == "postgres":
        server = sa.make_url(os.environ["PEERS_TEST_POSTGRES_URL"]).render_as_string()
        return f"test sites on: PostgreSQL, a database per test on {server}"
    return "test sites on: SQLite, a file per test (PEERS_TEST_DATABASE=postgres for PostgreSQL)"


def other_pass_reason(item) -> str | None:
    """Why this test does not run in this pass, or None.

    The PostgreSQL pass leaves out tests about SQLite itself (marked sqlite_only), and the
    explicit PostgreSQL tests (marked postgres), which the SQLite pass already runs.
    """
    if DATABASE != "postgres":
        return None
    if only := item.get_closest_marker("sqlite_only"):
        return f"SQLite only: {only.kwargs.get('reason') or ' '.join(only.args)}"
    if item.get_closest_marker("postgres"):
        return "an explicit PostgreSQL test: the SQLite pass runs it"
    return None


_deselected: dict[str, list[str]] = {}


def pytest_collection_modifyitems(config, items):
    # Deselected, not skipped: under CI=true a skip fails the run.
    deselected = []
    for item in items:
        if reason := other_pass_reason(item):
            _deselected.setdefault(reason, []).append(item.nodeid)
            deselected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


def pytest_report_collectionfinish(config, start_path, items):
    lines = [f"{DATABASE} pass: {sum(map(len, _deselected.values()))} test(s) deselected"]
    lines += [f"  {len(ids)} {reason}" for reason, ids in _deselected.items()]
    if config.option.verbose > 0:
        lines += [f"  deselected: {nodeid}" for ids in _deselected.values() for nodeid in ids]
    return lines


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if IN_CI and _skipped:
        print(f"\nCI=true: {len(_skipped)} test(s) skipped; every suite must run in CI.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class SqliteFiles:
    """On SQLite a site's database is peers.db in its directory (site_config's default), so
    copying the directory copies the database: there is nothing to create or drop."""

    def create(self) -> None:
        return None

    def copy(self, _template_url: str | None) -> None:
        return None


@pytest.fixture(scope="session")
def databases() -> Iterator:
    """Where the test sites' databases live: SqliteFiles, or tests.backends.PostgresDatabases."""
    if DATABASE == "sqlite":
        yield SqliteFiles()
        return
    with postgres_databases() as made:
        yield made


class TemplateSite(NamedTuple):
    directory: Path  # the index, and on SQLite the database file
    database_url: str | None  # None: the SQLite file in the directory


@pytest.fixture(scope="session")
def site_template(tmp_path_factory, databases) -> Callable[[str], TemplateSite]:
    built: dict[str, TemplateSite] = {}

    def get(catalog: str) -> TemplateSite:
        if catalog not in built:
            directory = tmp_path_factory.mktemp(f"site-{catalog}")
            config = site_config(directory, CATALOG_PATH=CATALOGS[catalog])
            if url := databases.create():
                config["DATABASE_URL"] = url
            build_site(create_app(config))
            built[catalog] = TemplateSite(directory, url)
        return built[catalog]

    return get


@pytest.fixture
def make_app(site_template, databases, tmp_path) -> Iterator[Callable]:
    """make_app(catalog="real"|"small"|"empty", **config): a fresh copy of a template site."""
    apps, copies = [], []

    def make(catalog: str = "real", **overrides):
        template = site_template(catalog)
        directory = tmp_path / f"site-{len(apps)}"
        shutil.copytree(template.directory, directory, symlinks=True)
        if "DATABASE_URL" not in overrides and (url := databases.copy(template.database_url)):
            overrides["DATABASE_URL"] = url
            copies.append(url)
        app = create_app(site_config(directory, CATALOG_PATH=CATALOGS[catalog], **overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_app(app)
    for url in copies:
        databases.drop_soon(url)


@pytest.fixture
def another_worker() -> Iterator[Callable]:
    """another_worker(app): a second app on the same database and index folder, as another
    gunicorn worker (or, for what it keeps in memory, another host) would be."""
    apps = []

    def make(app):
        apps.append(create_app({**app.config}))
        return apps[-1]

    yield make
    for app in apps:
        close_app(app)


@pytest.fixture
def app(make_app):
    return make_app("real")


@pytest.fixture
def small_app(make_app):
    return make_app("small")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def small_client(small_app):
    return small_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def count_queries(app):
    """with count_queries() as queries: ...; len(queries) is the SQL statements run."""

    @contextmanager
    def counter(target_app=None):
        statements: list[str] = []
        with (target_app or app).app_context():
            engine = db.engine

        def record(_conn, _cursor, statement, *_args):
            if statement.split(None, 1)[0].upper() not in TRANSACTION_CONTROL:
                statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)

    return counter


# -- people --------------------------------------------------------------------------------------
@pytest.fixture
def light_hashing(monkeypatch):
    """argon2id with small parameters: a quarter second per hash adds up over 100 tests."""
    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def make_user():
    """make_user(app, role="worker", confirmed=True, email=None, **fields) -> User (committed)."""
    counter = iter(range(1, 10_000))

    def make(app, role="worker", confirmed=True, email=None, password=PASSWORD, **fields):
        from peers.accounts.models import User
        from peers.accounts.passwords import hash_password
        from peers.core import utcnow

        with app.app_context():
            user = User(
                email=email or f"{role}{next(counter)}@example.org",
                password_hash=hash_password(password),
                role=role,
                email_confirmed_at=utcnow() if confirmed else None,
                **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


# -- the same site on SQLite and on PostgreSQL -----------------------------------------------------
@pytest.fixture
def pg_small_app(tmp_path):
    """The small site on PostgreSQL in a schema of its own (skips without PostgreSQL)."""
    with postgres_site(tmp_path) as app:
        yield app


@pytest.fixture(params=[
    pytest.param("sqlite", marks=pytest.mark.sqlite_only(reason="the SQLite half of a test "
                                                          "that the SQLite pass runs on both")),
    pytest.param("postgres", marks=pytest.mark.postgres),
])
def any_db_app(request, make_app):
    """The small site on a SQLite file, then on PostgreSQL: the same code must hold on both."""
    if request.param == "sqlite":
        return make_app("small")
    return request.getfixturevalue("pg_small_app")


# -- the JSON API, checked against its own OpenAPI document --------------------------------------
@pytest.fixture(scope="session")
def openapi():
    from openapi_core import OpenAPI

    from peers.api.openapi import openapi_document

    return OpenAPI.from_dict(openapi_document())
