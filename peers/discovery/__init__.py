"""Income discovery: the platform catalog, its search index and the matcher."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the discover pages and this app's platform index."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers.cli import add_commands
    from peers.discovery import cli, representatives, search, views

    search.init_app(app)
    app.register_blueprint(views.bp)
    add_commands(cli.commands)
    representatives.connect_signals()
