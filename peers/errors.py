"""Error pages for people, JSON errors under /api/."""

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from peers.discovery.search import IndexMissing


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int, field: str | None = None):
    return {"error": {"code": code, "message": message, "field": field}}, status


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            return json_error(code, exc.description or exc.name, exc.code or 500)
        return render_template("errors/error.html", error=exc), exc.code

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
