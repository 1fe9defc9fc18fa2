"""`flask peers catalog-report` and `flask peers export-catalog`."""

import json
import sys
from pathlib import Path

import click
import yaml
from flask import current_app
from flask.cli import with_appcontext

from peers.catalog.export import write_catalog
from peers.catalog.merge import merged_catalog
from peers.catalog.report import catalog_report, report_lines
from peers.discovery.catalog import CatalogError


@click.command("catalog-report")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@with_appcontext
def catalog_report_command(as_json: bool):
    """Coverage of each fact over active platforms, stale facts, facts without a source."""
    report = catalog_report()
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
        return
    for line in report_lines(report):
        click.echo(line)


@click.command("export-catalog")
@click.argument("path", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--from", "source", type=click.Path(dir_okay=False, exists=True),
              help="The catalog file to merge into (default: the configured CATALOG_PATH).")
@with_appcontext
def export_catalog(path: str | None, source: str | None):
    """Write the catalog file with the accepted corrections and history merged in (to PATH,
    `-` for standard output; default: over the catalog file itself)."""
    source = source or current_app.config["CATALOG_PATH"]
    with open(source, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    try:
        data, left_out = merged_catalog(data, source, current_app.config["VOCABULARY_PATH"])
    except CatalogError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException(f"{source} is not valid; nothing was written.") from exc
    text = write_catalog(data)
    if path == "-":
        sys.stdout.write(text)
        return
    target = Path(path or source)
    target.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(data['platforms'])} platforms to {target}.")
    if left_out:
        click.echo(f"In the database but not in {source} (not written): {', '.join(left_out)}")


commands: list[click.Command] = [catalog_report_command, export_catalog]
