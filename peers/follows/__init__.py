"""Follows: workers follow platforms and campaigns and get a digest of what is new."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the follow routes, the digest command and task, and the account handlers."""
    from flask_login import current_user

    from peers.cli import add_commands
    from peers.follows import queries, signals_handlers, tasks, views

    app.register_blueprint(views.bp)
    add_commands([tasks.send_digests])
    signals_handlers.connect()
    app.jinja_env.globals["is_following"] = (
        lambda **item: queries.follows(current_user, **item))
