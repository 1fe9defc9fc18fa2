"""The same site on PostgreSQL: migrations, catalog load, search and the API.

Runs when PEERS_TEST_POSTGRES_URL is set (CI sets it); each run uses its own schema.
"""

import os
import secrets
from urllib.parse import quote

import flask_migrate
import pytest
import sqlalchemy as sa

from peers import create_app
from peers.discovery.models import Platform, PlatformRegion
from peers.extensions import db
from tests.sites import CATALOGS, build_site, close_app, require, site_config

pytestmark = pytest.mark.postgres
URL = os.environ.get("PEERS_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg_url():
    require(bool(URL), "PostgreSQL suite: set PEERS_TEST_POSTGRES_URL to run it")
    engine = sa.create_engine(URL)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as exc:
        require(False, f"PostgreSQL at PEERS_TEST_POSTGRES_URL is not reachable: {exc}")
    schema = f"peers_test_{secrets.token_hex(4)}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in URL else "?"
    yield f"{URL}{sep}options={quote(f'-csearch_path={schema}')}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def pg_app(pg_url, tmp_path):
    app = create_app(site_config(tmp_path, DATABASE_URL=pg_url, CATALOG_PATH=CATALOGS["real"]))
    yield app
    close_app(app)


def test_migrations_round_trip_and_match_the_models(pg_app):
    with pg_app.app_context():
        flask_migrate.upgrade()
        flask_migrate.check()  # autogenerate finds no drift between models and migrations
        flask_migrate.downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        flask_migrate.upgrade()
        assert {"platform", "category", "platform_region"} <= set(
            sa.inspect(db.engine).get_table_names()
        )


def test_catalog_loads_once_and_search_works(pg_app):
    build_site(pg_app)
    runner = pg_app.test_cli_runner()
    result = runner.invoke(args=["peers", "load-platforms"])
    assert "0 added, 0 updated" in result.output
    client = pg_app.test_client()
    body = client.get("/api/v1/discover?q=dogvacay&location=Austin%2C+TX").json
    assert body["results"][0]["slug"] == "rover"
    assert client.get("/api/v1/platforms?region=FR&per_page=100").json["total"] > 5
    page = client.get("/platforms/airbnb")
    assert page.status_code == 200 and b"Airbnb" in page.data
    assert client.get("/healthz").json["checks"] == {"database": True, "index": True}


def test_deleting_a_platform_leaves_no_orphans(pg_app):
    build_site(pg_app)
    with pg_app.app_context():
        db.session.execute(sa.delete(Platform).where(Platform.slug == "rover"))
        db.session.commit()
        rover_regions = sa.select(sa.func.count()).select_from(PlatformRegion).join(
            Platform, isouter=True).where(Platform.id.is_(None))
        assert db.session.scalar(rover_regions) == 0
        dogvacay = db.session.scalar(sa.select(Platform).where(Platform.slug == "dogvacay"))
        assert dogvacay.successor_id is None
