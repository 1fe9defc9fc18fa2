"""Moderation: the queue of flagged reviews, and decisions with an audit trail."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the moderation pages (every registered kind is moderated on them)."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers.moderation import signals_handlers, views

    app.register_blueprint(views.bp)
    signals_handlers.connect_signals()
