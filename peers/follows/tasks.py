"""The digest run: every hour in the task worker, or by hand with `flask peers send-digests`."""

import click
from flask.cli import with_appcontext
from huey import crontab

from peers.core import utcnow
from peers.extensions import db
from peers.follows import digests
from peers.tasks import app_periodic_task


def run_digests() -> int:
    sent = digests.send_due(utcnow())
    db.session.commit()
    return sent


@app_periodic_task(crontab(minute="7"))
def hourly_digests() -> None:
    run_digests()


@click.command("send-digests")
@with_appcontext
def send_digests():
    """Mail the daily and weekly digests that are due (those with news)."""
    click.echo(f"{run_digests()} digest(s) mailed.")
