"""Support marketplace: vendors list help for workers; workers find and rate it."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the marketplace pages, vendor reviews as a kind, the offer index, the handler."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers import community as engine
    from peers.marketplace import search, signals_handlers, views
    from peers.marketplace.reviews.kind import VENDOR_REVIEWS

    app.register_blueprint(views.bp)
    engine.register(app, VENDOR_REVIEWS)
    search.init_app(app)
    signals_handlers.connect()
