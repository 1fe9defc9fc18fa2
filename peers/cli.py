"""The `flask peers ...` commands. They call the same services as the web views."""

import secrets
from pathlib import Path

import click
import flask_migrate
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from peers import search
from peers.catalog.services import load_catalog_file
from peers.config import Defaults
from peers.discovery.catalog import CatalogError, read_catalog
from peers.extensions import db


@click.group("peers")
def peers_cli():
    """Set up and look after a Peers site."""


def add_commands(commands: list[click.Command]) -> None:
    """Add a feature's commands to `flask peers` (from its init_app; again changes nothing)."""
    for command in commands:
        peers_cli.add_command(command)


@peers_cli.command("init")
@with_appcontext
def init():
    """Apply migrations, load the catalog and make sure the search indexes are current."""
    _ensure_instance_secret()
    flask_migrate.upgrade()
    _load(current_app.config["CATALOG_PATH"])
    _reindex(if_stale=True)


@peers_cli.command("load-platforms")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--prefer-file", is_flag=True, help="Where the file and an accepted correction "
              "differ, take the file's value (default: keep the correction).")
@with_appcontext
def load_platforms(path: str | None, prefer_file: bool):
    """Validate a catalog file (default data/platforms.yaml) and load it; all or nothing."""
    _load(path or current_app.config["CATALOG_PATH"], prefer_file)


@peers_cli.command("reindex")
@click.option("--if-stale", is_flag=True, help="Only rebuild a missing or outdated index; "
              "otherwise catch up the rows that changed.")
@with_appcontext
def reindex(if_stale: bool):
    """Rebuild the search indexes (platforms, offers) from the database; swap each atomically."""
    _reindex(if_stale)


def _ensure_instance_secret() -> None:
    """Give a new site its own random SECRET_KEY in instance/config.py (never in the repo)."""
    path = Path(current_app.instance_path) / "config.py"
    if path.exists() or current_app.config["SECRET_KEY"] != Defaults.SECRET_KEY:
        return
    path.write_text(f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n", encoding="utf-8")
    path.chmod(0o600)
    click.echo(f"Wrote a new random SECRET_KEY to {path}.")


def _load(path: str, prefer_file: bool = False) -> None:
    try:
        catalog = read_catalog(path, current_app.config["VOCABULARY_PATH"])
    except CatalogError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(
            f"{len(exc.problems)} problem(s) in {path}; nothing was loaded."
        ) from exc
    loaded = load_catalog_file(catalog, prefer_file)
    report = loaded.report
    db.session.commit()
    click.echo(
        f"Loaded {path}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )
    if report.not_in_file:
        click.echo(f"Left as they are (in the database, not in the file): "
                   f"{', '.join(report.not_in_file)}")
    for d in loaded.differences:
        click.echo(f"{d.slug}: {d.fact} differs: the file says {d.in_file!r}, a correction "
                   f"accepted on {d.accepted_on} says {d.accepted!r}; kept the {d.kept} value.")


def _reindex(if_stale: bool) -> None:
    """Rebuild every derived index (platforms, offers); with if_stale only a missing or
    outdated one, and catch the others up."""
    for search_index in search.registered().values():
        try:
            _reindex_one(search_index, if_stale)
        except search.IndexBusy as exc:
            raise click.ClickException(f"{exc}; try again.") from exc


def _reindex_one(search_index: search.DerivedIndex, if_stale: bool) -> None:
    title, unit = search_index.title, search_index.unit
    if if_stale and search_index.is_usable():
        caught_up = search_index.catch_up(db.session, search.BUILD_LOCK_TIMEOUT)
        click.echo(f"{title} is current ({caught_up} {unit}(s) caught up).")
        return
    with tqdm(total=search_index.row_count(db.session), desc=f"Indexing {unit}s", unit=unit,
              disable=None) as bar:
        count = search_index.rebuild(db.session, progress=bar.update)
    click.echo(f"{title} rebuilt with {count} {unit}(s) in {search_index.directory}.")
