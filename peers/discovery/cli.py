"""The catalog's `flask peers ...` commands about accounts; they call the same services."""

import click
from flask.cli import with_appcontext

from peers.accounts.cli import commit_or_fail
from peers.discovery import representatives


@click.command("set-representative")
@click.argument("email")
@click.argument("platform_slug", required=False)
@click.option("--clear", is_flag=True, help="The account no longer represents any platform.")
@with_appcontext
def set_representative(email: str, platform_slug: str | None, clear: bool):
    """Make an account the verified representative of a platform (after checking who they are)."""
    if clear == bool(platform_slug):
        raise click.UsageError("Give a PLATFORM_SLUG, or --clear (not both).")
    user, platform = commit_or_fail(
        lambda: representatives.set_representative(email, platform_slug))
    if platform is not None:
        click.echo(f"{user.email} now represents {platform.name}.")
    else:
        click.echo(f"{user.email} no longer represents a platform.")


# Every command here is added to the `flask peers` group by peers.discovery.init_app.
commands: list[click.Command] = [set_representative]
