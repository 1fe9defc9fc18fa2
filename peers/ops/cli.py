"""`flask peers backup PATH` and `flask peers restore PATH --yes`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from peers.extensions import db
from peers.ops.backup import BackupError, backup_database, restore_database, table_counts


def _database_name() -> str:
    return db.engine.url.render_as_string(hide_password=True)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup(path: Path, force: bool):
    """Copy the whole database into one file at PATH (safe while the site runs)."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; choose a new name or pass --force.")
    try:
        backup_database(db.engine, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = table_counts(db.engine)
    click.echo(f"Backed up {_database_name()} ({len(counts)} tables, "
               f"{sum(counts.values())} rows) to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: every table of the database is replaced.")
@with_appcontext
def restore(path: Path, yes: bool):
    """Replace the whole database with a backup made by `flask peers backup`."""
    if not yes:
        raise click.ClickException(
            f"This replaces every table of {_database_name()} with the contents of {path}. "
            "Stop the site first, then run the same command with --yes."
        )
    try:
        restore_database(db.engine, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = table_counts(db.engine)
    click.echo(f"Restored {_database_name()} from {path} ({len(counts)} tables, "
               f"{sum(counts.values())} rows).")
    click.echo("Next: `flask peers init` applies any newer migrations and brings the search "
               "indexes level with the restored rows (or `flask peers reindex` rebuilds them).")


commands = [backup, restore]
