"""The whole database to one file and back.

SQLite: the sqlite3 online backup API, a consistent copy even while the site runs (commits
still in the site's write-ahead log included); the backup is one file.
PostgreSQL: pg_dump's custom format, restored with pg_restore --clean --if-exists in one
transaction. The connection comes from the site's own database URL; a password goes to the
tools in PGPASSWORD, never on their command line; they run with argument lists, no shell.
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tempfile
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

PG_TOOLS_HINT = ("Install the PostgreSQL client tools of the server's major version or newer "
                 "(Debian: apt-get install postgresql-client).")


class BackupError(RuntimeError):
    """A backup or restore that cannot be done, with what to do about it."""


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    with engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
        return {name: conn.execute(sa.select(sa.func.count()).select_from(sa.table(name)))
                .scalar_one() for name in names}


def backup_database(engine: Engine, path: Path) -> None:
    """Write a complete copy of the database to path (replaced only once the copy is whole)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder.")
    partial = Path(tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial",
                                    dir=path.parent)[1])
    try:
        if _is_sqlite(engine.url):
            _sqlite_backup(_sqlite_file(engine.url), partial)
        else:
            _pg_run(engine.url, ["pg_dump", "--format=custom", f"--file={partial}"])
        partial.chmod(0o600)  # a backup holds everyone's personal data
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def restore_database(engine: Engine, path: Path) -> None:
    """Replace the database's tables and rows with the backup's; all or nothing."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    engine.dispose()  # this process's own connections must not hold locks on the tables
    if _is_sqlite(engine.url):
        _sqlite_restore(path, _sqlite_file(engine.url))
    else:
        _pg_check_archive(path)
        _pg_run(engine.url, ["pg_restore", "--clean", "--if-exists", "--no-owner",
                             "--single-transaction", "--exit-on-error", str(path)])


def backup_revision(path: Path) -> str | None:
    """The schema revision (Alembic) stored in a SQLite backup; None when it cannot be read."""
    try:
        with closing(_sqlite_read_only(path)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


# -- SQLite ---------------------------------------------------------------------------------------
def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(f"Only a SQLite database in a file can be backed up, not {url}.")
    return Path(url.database)


def _sqlite_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"The database file {database} does not exist.")
    try:
        with closing(_sqlite_read_only(database)) as source, \
                closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
            # The copy takes the site's WAL mode with its pages; a backup is one file, whole
            # by itself, so it goes back to a rollback journal (restore keeps the site's mode).
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"Could not copy {database}: {exc}") from exc


def _sqlite_restore(backup: Path, database: Path) -> None:
    try:
        with closing(_sqlite_read_only(backup)) as source:
            check = source.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise BackupError(f"{backup} is not a SQLite backup of a Peers site ({exc}); "
                          "the database was not touched.") from exc
    if check != "ok" or "alembic_version" not in tables:
        raise BackupError(f"{backup} is not a whole SQLite backup of a Peers site "
                          f"(integrity check: {check}); the database was not touched.")
    try:
        with closing(_sqlite_read_only(backup)) as source, \
                closing(sqlite3.connect(database)) as target:
            source.backup(target)  # page by page inside one write transaction of the target
    except sqlite3.Error as exc:
        raise BackupError(f"Could not restore into {database}: {exc}") from exc


# -- PostgreSQL -----------------------------------------------------------------------------------
def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed or not on PATH. {PG_TOOLS_HINT}")
    return found


def _pg_check_archive(path: Path) -> None:
    """Refuse a file pg_restore cannot read before anything in the database is dropped."""
    result = subprocess.run(  # nosec B603
        [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{path} is not a pg_dump archive (made by `flask peers backup` on "
                          f"PostgreSQL): {result.stderr.strip()}")


def _pg_run(url: URL, command: list[str]) -> None:
    """Run pg_dump or pg_restore against the database of url."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    # libpq reads the same URL (host, port, user, database, sslmode, options...) as psycopg.
    target = url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)
    tool, *arguments = command
    result = subprocess.run(  # nosec B603
        [_pg_tool(tool), f"--dbname={target}", *arguments], env=env, capture_output=True,
        text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}"
                          + ("" if "version" not in result.stderr else f" {PG_TOOLS_HINT}"))
