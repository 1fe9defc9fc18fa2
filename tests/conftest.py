"""Shared fixtures: an app per test on its own SQLite file and index, copied from a template
site built once per session (migrations applied, catalog loaded, index built)."""

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import event

from peers import create_app, indexing
from peers.config import PROJECT_ROOT
from peers.discovery import services
from peers.discovery.catalog import read_catalog
from peers.extensions import db

TESTS = Path(__file__).parent
CATALOGS = {
    "real": PROJECT_ROOT / "data" / "platforms.yaml",
    "small": TESTS / "data" / "small_catalog.yaml",
    "empty": None,
}
IN_CI = os.environ.get("CI", "").lower() == "true"
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def require(condition: bool, reason: str) -> None:
    """Skip with a one-line reason outside CI; in CI a missing suite is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"CI must run this test, but: {reason}")
        pytest.skip(reason)


def pytest_configure(config):
    # Keep create_app's instance folder out of the project during tests.
    instance = Path(config.rootpath) / ".pytest_cache" / "instance"
    os.environ.setdefault("PEERS_INSTANCE_PATH", str(instance))


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if IN_CI and _skipped:
        print(f"\nCI=true: {len(_skipped)} test(s) skipped; every suite must run in CI.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
            services.load_catalog(read_catalog(app.config["CATALOG_PATH"],
                                               app.config["VOCABULARY_PATH"]))
            db.session.commit()
        for derived in indexing.registered(app).values():
            derived.rebuild(db.session)
        db.session.remove()  # return the connection before closing the pool
        db.engine.dispose()


@pytest.fixture(scope="session")
def site_template(tmp_path_factory) -> Callable[[str], Path]:
    built: dict[str, Path] = {}

    def get(catalog: str) -> Path:
        if catalog not in built:
            directory = tmp_path_factory.mktemp(f"site-{catalog}")
            build_site(create_app(site_config(directory, CATALOG_PATH=CATALOGS[catalog])))
            built[catalog] = directory
        return built[catalog]

    return get


@pytest.fixture
def make_app(site_template, tmp_path) -> Iterator[Callable]:
    """make_app(catalog="real"|"small"|"empty", **config): a fresh copy of a template site."""
    apps = []

    def make(catalog: str = "real", **overrides):
        directory = tmp_path / f"site-{len(apps)}"
        shutil.copytree(site_template(catalog), directory, symlinks=True)
        app = create_app(site_config(directory, CATALOG_PATH=CATALOGS[catalog], **overrides))
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counter


# -- people --------------------------------------------------------------------------------------
PASSWORD = "plum-violin-harbour-42"


@pytest.fixture
def make_user():
    """make_user(app, role="worker", confirmed=True, email=None, **fields) -> User (committed)."""
    counter = iter(range(1, 10_000))

    def make(app, role="worker", confirmed=True, email=None, password=PASSWORD, **fields):
        from peers.accounts.models import User
        from peers.accounts.passwords import hash_password
        from peers.discovery.models import utcnow

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


def login(client, user) -> None:
    """Log a test client in as this user without the login form (tests of the form use it)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def csrf_token(client, page: str) -> str:
    """The CSRF token of the form on a page, for this client's session."""
    html = client.get(page).get_data(as_text=True)
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


# -- the same site on SQLite and on PostgreSQL -----------------------------------------------------
@pytest.fixture
def pg_small_app(tmp_path):
    """The small site on PostgreSQL in a schema of its own (skips without PostgreSQL)."""
    from tests.backends import postgres_site  # tests.backends imports this module

    with postgres_site(tmp_path) as app:
        yield app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
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


def validated_get(client, openapi, url: str, status: int = 200):
    """GET a URL, check its status, and validate the response against the OpenAPI document."""
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    openapi.validate_response(WerkzeugOpenAPIRequest(response.request),
                              WerkzeugOpenAPIResponse(response))
    return response
