"""Money: the worker's currency, honest estimates, earnings charts and the calculator."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the calculator and the money filters the pages share."""
    from peers.money import filters, views

    app.register_blueprint(views.bp)
    filters.register(app)
