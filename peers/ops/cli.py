"""`flask peers backup PATH` and `flask peers restore PATH --yes`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from peers.extensions import db
from peers.ops.backup import BackupError, backup_database, restore_database, table_counts


def _database_name() -> str:
    return db.engine.url.render_as_string(hide_password=True)


def _copy(copy, path: Path) -> str:
    """Run a backup or restore; its size as "N tables, M rows", or exit with the reason."""
    try:
        copy(db.engine, path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = table_counts(db.engine)
    return f"{len(counts)} tables, {sum(counts.values())} rows"


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup(path: Path, force: bool):
    """Copy the whole database into one file at PATH (safe while the site runs)."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; choose a new name or pass --force.")
    size = _copy(backup_database, path)
    click.echo(f"Backed up {_database_name()} ({size}) to {path}.")


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
    size = _copy(restore_database, path)
    click.echo(f"Restored {_database_name()} from {path} ({size}).")
    click.echo("Next: `flask peers init` applies any newer migrations and brings the search "
               "indexes level with the restored rows (or `flask peers reindex` rebuilds them).")


commands = [backup, restore]
