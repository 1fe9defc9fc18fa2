"""Extension objects, created unbound and initialised in the app factory."""

import os
import sqlite3

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
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


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, record):
    """SQLite ignores foreign keys unless asked on every connection, and pysqlite's own
    transaction handling breaks SAVEPOINTs: let SQLAlchemy emit BEGIN itself instead
    (the recipe in SQLAlchemy's SQLite dialect documentation)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        path = next((row[2] for row in cursor.execute("PRAGMA database_list")
                     if row[1] == "main"), "")
        cursor.close()
        record.info["sqlite_file"] = _file_identity(path) if path else None


@event.listens_for(Engine, "checkout")
def _reopen_replaced_sqlite_file(dbapi_connection, record, _proxy):
    """An open SQLite connection keeps reading its file after that file is moved, deleted or
    replaced (a restore, a missing file put back): the pool then opens the path again."""
    opened = record.info.get("sqlite_file")
    if opened and _file_identity(opened[0]) != opened:
        raise DisconnectionError(f"{opened[0]} is no longer the file this connection opened")


def _file_identity(path: str) -> tuple[str, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return path, status.st_dev, status.st_ino


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection):
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")
