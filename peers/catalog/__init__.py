"""The catalog's facts as workers see and correct them: suggestions from workers, the dated
history of each fact, the coverage report and the export of the merged catalog. The file
loader itself is discovery.catalog."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the suggestion pages, the moderation queue of suggestions, the page helpers
    and the `catalog-report` and `export-catalog` commands."""
    # Imported here, not at the top: importing this package's models (as Alembic and the
    # tests do) must not load its routes.
    from peers.accounts.signals import account_exporting
    from peers.catalog import cli, pages, queries, views
    from peers.cli import add_commands
    from peers.moderation.queues import Queue, add_queue

    app.register_blueprint(views.bp)
    add_commands(cli.commands)
    add_queue(app, Queue("catalog_suggestions", "catalog/_queue.html",
                         queries.waiting_suggestions))
    pages.register(app)
    account_exporting.connect(_on_account_exporting)


def _on_account_exporting(user, export, **_extra) -> None:
    """The catalog suggestions an account made, in its export."""
    from peers.catalog import queries

    export.update(queries.export_for_user(user.id))
