"""Accounts: sign-up, login, roles, email confirmation, profile, export and deletion."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the accounts blueprint, Flask-Login's user loader and the account commands."""
    # Imported here, not at the top: importing this package's models (as other features,
    # the tests and Alembic do) must not load its routes.
    from peers.accounts import cli, loader, views
    from peers.cli import add_commands
    from peers.extensions import login_manager

    login_manager.user_loader(loader.load_user)
    app.register_blueprint(views.bp)
    add_commands(cli.commands)
