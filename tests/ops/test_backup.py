"""`flask peers backup PATH` and `flask peers restore PATH --yes`: a round trip gives back
every row of every table, on SQLite and on PostgreSQL."""

import sqlite3
import stat
from contextlib import closing

import pytest
import sqlalchemy as sa

from peers import create_app
from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ops.backup import table_counts
from tests.backends import postgres_database
from tests.populate import empty_tables, fill_every_table
from tests.sites import CATALOGS, build_site, close_app, site_config


@pytest.fixture
def sqlite_site(make_app):
    app = make_app("small")
    fill_every_table(app)
    return app


@pytest.fixture
def postgres_site(tmp_path):
    with postgres_database() as url:
        app = create_app(site_config(tmp_path / "site", DATABASE_URL=url,
                                     CATALOG_PATH=CATALOGS["small"]))
        build_site(app)
        fill_every_table(app)
        try:
            yield app
        finally:
            close_app(app)


def counts(app) -> dict[str, int]:
    with app.app_context():
        return table_counts(db.engine)


def peers(app, *args: str):
    return app.test_cli_runner().invoke(args=["peers", *map(str, args)])


def change_everything(app) -> None:
    """Lose a platform (and, by cascade, its reviews and summaries) and gain an account."""
    with app.app_context():
        db.session.execute(sa.delete(Platform).where(Platform.slug == "rover"))
        db.session.add(User(email="after-backup@example.org", password_hash="!"))
        db.session.commit()


def round_trip(app, path) -> None:
    before = counts(app)
    assert not empty_tables(app)
    result = peers(app, "backup", path)
    assert result.exit_code == 0, result.output
    assert f"{len(before)} tables, {sum(before.values())} rows" in result.output
    change_everything(app)
    assert counts(app) != before
    result = peers(app, "restore", path, "--yes")
    assert result.exit_code == 0, result.output
    assert counts(app) == before
    client = app.test_client()
    assert client.get("/platforms/rover").status_code == 200
    assert client.get("/api/v1/platforms/rover/ratings").json["review_count"] == 1


@pytest.mark.sqlite_only(reason="SQLite's backup API")
def test_sqlite_round_trip_keeps_every_row(sqlite_site, tmp_path):
    round_trip(sqlite_site, tmp_path / "peers.backup")


@pytest.mark.sqlite_only(reason="SQLite's write-ahead log")
def test_a_sqlite_backup_is_one_whole_file_with_the_newest_commits(sqlite_site, tmp_path):
    """The site runs in WAL mode, with recent commits in its log; the backup holds them all
    in one file that needs no log beside it, and the site stays in WAL mode after a restore."""
    with sqlite_site.app_context():
        db.session.add(User(email="just-now@example.org", password_hash="!"))
        db.session.commit()
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
    folder = tmp_path / "backups"
    folder.mkdir()
    backup = folder / "peers.backup"
    assert peers(sqlite_site, "backup", backup).exit_code == 0
    assert [path.name for path in folder.iterdir()] == ["peers.backup"]
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT count(*) FROM user_account WHERE email = ?",
                            ("just-now@example.org",)).fetchone()[0] == 1
    assert peers(sqlite_site, "restore", backup, "--yes").exit_code == 0
    with sqlite_site.app_context():
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.scalar(sa.select(User.id).where(User.email == "just-now@example.org"))


@pytest.mark.postgres
def test_postgresql_round_trip_keeps_every_row(postgres_site, tmp_path):
    round_trip(postgres_site, tmp_path / "peers.dump")


def test_a_backup_is_readable_by_its_owner_only(sqlite_site, tmp_path):
    path = tmp_path / "peers.backup"
    assert peers(sqlite_site, "backup", path).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_backup_does_not_overwrite_without_force(sqlite_site, tmp_path):
    path = tmp_path / "peers.backup"
    path.write_text("an older backup")
    result = peers(sqlite_site, "backup", path)
    assert result.exit_code != 0 and "--force" in result.output
    assert path.read_text() == "an older backup"
    assert peers(sqlite_site, "backup", path, "--force").exit_code == 0


def test_restore_refuses_to_run_without_yes(sqlite_site, tmp_path):
    path = tmp_path / "peers.backup"
    assert peers(sqlite_site, "backup", path).exit_code == 0
    change_everything(sqlite_site)
    changed = counts(sqlite_site)
    result = peers(sqlite_site, "restore", path)
    assert result.exit_code != 0
    assert "replaces every table" in result.output and "--yes" in result.output
    assert counts(sqlite_site) == changed


@pytest.mark.sqlite_only(reason="SQLite's message for a file that is not a backup")
def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_site, tmp_path):
    before = counts(sqlite_site)
    path = tmp_path / "notes.txt"
    path.write_text("not a database " * 100)
    result = peers(sqlite_site, "restore", path, "--yes")
    assert result.exit_code != 0
    assert "is not a SQLite backup of a Peers site" in result.output
    assert counts(sqlite_site) == before


def test_postgresql_tools_missing_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump there
    url = "postgresql+psycopg://peers@127.0.0.1:1/peers"
    app = create_app(site_config(tmp_path, DATABASE_URL=url))
    result = peers(app, "backup", tmp_path / "peers.dump")
    assert result.exit_code != 0
    assert "pg_dump is not installed" in result.output
    assert "postgresql-client" in result.output
    assert not (tmp_path / "peers.dump").exists()
