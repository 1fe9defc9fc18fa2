"""Ratings: workers review platforms as places to work; honest aggregates for everyone."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the review pages, platform reviews as a kind, the commands and the handlers."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers import community as engine
    from peers.cli import add_commands
    from peers.ratings import cli, signals_handlers, statement_views, views
    from peers.ratings.community import kind as community
    from peers.ratings.community import views as community_views
    from peers.ratings.insights import views as insights_views

    app.register_blueprint(views.bp)
    app.register_blueprint(statement_views.bp)
    app.register_blueprint(community_views.bp)
    app.register_blueprint(insights_views.bp)
    engine.register(app, community.PLATFORM_REVIEWS)
    add_commands(cli.commands)
    signals_handlers.connect()
