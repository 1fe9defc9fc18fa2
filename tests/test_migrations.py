"""Migrations on the embedded database: up from empty, no drift, down and up again."""

import flask_migrate
import pytest
import sqlalchemy as sa

from peers.extensions import db


@pytest.mark.sqlite_only(reason="SQLite's migrations and PRAGMA foreign_keys (tests/postgres "
                                "runs PostgreSQL's)")
def test_sqlite_migrations_round_trip_without_drift(make_app):
    app = make_app("empty")
    with app.app_context():
        flask_migrate.check()  # the models and the migrations agree
        flask_migrate.downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        flask_migrate.upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"platform", "user_account", "review", "offer", "vendor"} <= tables
        foreign_keys = db.session.execute(sa.text("PRAGMA foreign_keys")).scalar()
        assert foreign_keys == 1
