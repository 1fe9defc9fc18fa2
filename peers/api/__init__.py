"""The open JSON API under /api/v1."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the /api/v1 blueprint; it is read-only (GET), so no CSRF token is asked."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers.api.views import bp
    from peers.extensions import csrf

    app.register_blueprint(bp, url_prefix="/api/v1")
    csrf.exempt(bp)  # no cookie-authenticated writes
