"""Error pages for people, JSON errors under /api/, and the refusals services raise."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask import Flask, abort, current_app, flash, g, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    SecurityError,
    ServiceUnavailable,
)

from peers.extensions import db, login_manager
from peers.search import IndexMissing

# The database is unreachable, restarting, or its file is missing: "try again", not a bug.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError,
                        sa_exc.DisconnectionError)
DATABASE_MESSAGE = "The database is not reachable just now. Please try again in a minute."
RETRY_AFTER_SECONDS = 30
T = TypeVar("T")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int, field: str | None = None):
    return {"error": {"code": code, "message": message, "field": field}}, status


def http_error(exc: HTTPException):
    """An HTTP error as a page, or as JSON under /api/; its headers (a 405's Allow) kept."""
    # The exception's own Content-Type is that of Werkzeug's HTML page, not of ours.
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    if wants_json():
        code = getattr(exc, "error_code", None) or (exc.name or "error").lower().replace(" ", "_")
        body, status = json_error(code, exc.description or exc.name, exc.code or 500,
                                  getattr(exc, "field", None))
        return body, status, headers
    return render_template("errors/error.html", error=exc), exc.code, headers


def untrusted_host(_exc: SecurityError):
    """A Host outside TRUSTED_HOSTS: plain text, since no link can be built for that host."""
    message = "This site does not answer to that host name."
    if wants_json():
        return json_error("bad_request", message, 400)
    return f"400 Bad Request: {message}\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def database_unavailable(exc: Exception):
    """503 while the database is away; the next request after it returns works again."""
    current_app.logger.error("database unavailable on %s: %s", request.path, exc)
    _reset_database_session()
    if wants_json():
        body, status = json_error("database_unavailable", DATABASE_MESSAGE, 503)
    else:
        body, status, _headers = http_error(ServiceUnavailable(DATABASE_MESSAGE))
    return body, status, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(SecurityError, untrusted_host)
    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, database_unavailable)

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        app.logger.error("search unavailable: %s (run `flask peers reindex`)", exc)
        return http_error(ServiceUnavailable(
            "Search is being prepared. Please try again in a minute."
        ))

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        error = InternalServerError()
        if wants_json():
            return json_error("internal_error", "Something went wrong on our side.", 500)
        return render_template("errors/error.html", error=error), 500


def _reset_database_session() -> None:
    """Forget the failed transaction, so that the next request starts clean; pool_pre_ping
    (and, for SQLite, a check of the file in extensions.py) replaces dead connections."""
    try:
        db.session.rollback()
    except sa_exc.SQLAlchemyError:
        pass  # the connection is gone; rollback() has already discarded it
    # The page below must not ask the database who is logged in (base.html shows it).
    g._login_user = login_manager.anonymous_user()


# -- refusals: one vocabulary for every feature's services -------------------------------------
class Refused(Exception):
    """A write the rules refuse, in words for the person; `field` names the form field."""

    status = 409  # a conflict with what is stored; 400 when a field is at fault

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def http_status(self) -> int:
        return 400 if self.field else self.status


class NotFound(Refused):
    """There is no such thing (or none this person may see)."""

    status = 404


class Forbidden(Refused):
    """The thing exists, but this person may not do that to it."""

    status = 403


@contextmanager
def refused_as_http() -> Iterator[None]:
    """NotFound and Forbidden from the services as 404 and 403 pages; nothing is kept."""
    try:
        yield
    except (NotFound, Forbidden) as exc:
        db.session.rollback()
        abort(exc.status, description=exc.message)


def show_refusal(form, exc: Refused) -> int:
    """Put the refusal beside its field (or flash it); nothing is kept. Returns the status."""
    db.session.rollback()
    field = getattr(form, exc.field or "", None)
    if field is None:
        field = getattr(form, getattr(form, "refusal_field", "") or "", None)
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")
    return exc.http_status


def commit_or_show(form, write: Callable[[], T],
                   conflict: str | None = None) -> tuple[T | None, int | None]:
    """Run the write and commit once; a refusal goes beside its field and nothing is kept.

    Returns (result, None) after the commit, or (None, status) for the page to re-render.
    NotFound and Forbidden become 404 and 403 pages. `conflict` is the refusal to show when
    the database refuses a duplicate that a simultaneous request wrote first.
    """
    try:
        with refused_as_http():
            result = write()
            db.session.commit()
    except Refused as exc:
        return None, show_refusal(form, exc)
    except sa_exc.IntegrityError:
        if conflict is None:
            raise
        return None, show_refusal(form, Refused(conflict))
    return result, None
