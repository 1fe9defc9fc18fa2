"""Income discovery: the platform catalog, its search index and the matcher."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the discover pages and this app's platform index."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers.discovery import search, views

    search.init_app(app)
    app.register_blueprint(views.bp)
