"""Operating a site: backups of the database and restores from them, and the health check."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register GET /healthz and the backup and restore commands."""
    from peers import health
    from peers.cli import add_commands
    from peers.ops import cli

    app.register_blueprint(health.bp)
    add_commands(cli.commands)
