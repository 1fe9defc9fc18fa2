"""Extension objects, created unbound and initialised in the app factory."""

import os
import sqlite3
import threading
import weakref

from flask import current_app, has_request_context, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase

# Named constraints from day one, so migrations can alter and drop them on every dialect.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Please log in to do that."
login_manager.session_protection = "basic"
# Limits are declared on the routes that need them (login, sign-up); none applies globally.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# SQLite lets one writer in at a time; how long a writer waits for the one before it to commit
# (a burst of sign-ups each hashing a password inside its transaction) before "database is
# locked". Long enough for a queue of ordinary requests, short of a client's own timeout.
SQLITE_BUSY_TIMEOUT_MS = 30_000


def _configure_sqlite(dbapi_connection, record):
    """SQLite ignores foreign keys unless asked on every connection, and pysqlite's own
    transaction handling breaks SAVEPOINTs: let SQLAlchemy emit BEGIN itself instead
    (the recipe in SQLAlchemy's SQLite dialect documentation). A database file runs in WAL
    mode: readers never wait for the writer nor hold it up, and a writer waits its turn."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
        path = next((row[2] for row in cursor.execute("PRAGMA database_list")
                     if row[1] == "main"), "")
        if path:  # an in-memory database has no file, and no use for a log beside it
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        record.info["sqlite_file"] = _file_identity(path) if path else None


def _reopen_replaced_sqlite_file(dbapi_connection, record, _proxy):
    """An open SQLite connection keeps reading its file after that file is moved, deleted or
    replaced (a restore, a missing file put back): the pool then opens the path again."""
    opened = record.info.get("sqlite_file")
    if opened and _file_identity(opened[0]) != opened:
        # Commits still in the write-ahead log belong to the file moved away: fold them into
        # it through this connection's open handles, so that a file put back is whole.
        try:
            dbapi_connection.execute("PRAGMA wal_checkpoint(FULL)")
        except sqlite3.Error:
            pass  # the file is beyond reach; the connection is dropped all the same
        raise DisconnectionError(f"{opened[0]} is no longer the file this connection opened")


def _file_identity(path: str) -> tuple[str, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return path, status.st_dev, status.st_ino


# Which transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE), and why.
# A transaction that reads first and writes later (a login reads the user, then records the
# login) cannot wait for the lock: by the time it is free another writer has committed, the
# reader's snapshot is out of date, and SQLite refuses at once with "database is locked",
# whatever the busy timeout. Taking the lock up front makes writers queue in the busy timeout
# instead. So: every transaction of a request that may write (any method but GET, HEAD and
# OPTIONS, and a GET view marked @writes_on_get), and every transaction outside a request (CLI
# commands, scripts: they write). Reads of GET pages stay deferred: under WAL they never wait,
# and never hold a writer up.
# A second connection of a thread that already holds the lock on the same file (a search
# index reading rows while its caller's transaction is open) begins deferred, so that a thread
# never waits out the busy timeout for its own lock.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _LockHolders(threading.local):
    """Per thread: database path -> (a weak reference to) the Connection holding its lock."""

    def __init__(self) -> None:
        self.by_path: dict[str, weakref.ref[Connection]] = {}


_lock_holders = _LockHolders()


def _begin_sqlite(connection: Connection) -> None:
    """Begin a SQLite transaction, with the write lock when it may write (see above)."""
    if connection.dialect.name != "sqlite":
        return
    holders = _lock_holders.by_path
    path = connection.engine.url.database or ""
    holder = holders.get(path, lambda: None)()
    held = (holder is not None and holder is not connection and not holder.closed
            and holder.in_transaction())
    if _may_write() and not held:
        holders[path] = weakref.ref(connection)
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    if holder is connection:
        del holders[path]
    connection.exec_driver_sql("BEGIN")


def writes_on_get(view):
    """Mark a view that writes although it answers GET (a link followed from an email)."""
    view.writes_on_get = True
    return view


def _may_write() -> bool:
    if not has_request_context() or request.method not in READ_ONLY_METHODS:
        return True
    return getattr(current_app.view_functions.get(request.endpoint), "writes_on_get", False)


def install_engine_hooks() -> None:
    """Configure every SQLite connection and its transactions (above); again changes nothing."""
    for name, hook in (("connect", _configure_sqlite), ("checkout", _reopen_replaced_sqlite_file),
                       ("begin", _begin_sqlite)):
        if not event.contains(Engine, name, hook):
            event.listen(Engine, name, hook)
