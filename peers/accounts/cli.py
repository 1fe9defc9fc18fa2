"""The accounts feature's `flask peers ...` commands; they call the same services as the views."""

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext

from peers.accounts import queries, services
from peers.accounts.models import ROLES
from peers.accounts.passwords import password_problem
from peers.errors import Refused
from peers.extensions import db


def commit_or_fail(action):
    """Run a service call and commit, or roll back and exit with the reason."""
    try:
        result = action()
    except Refused as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    return result


@click.command("create-admin")
@click.argument("email")
@click.option("--promote", is_flag=True,
              help="Make an existing account an admin instead of creating one.")
@with_appcontext
def create_admin(email: str, promote: bool):
    """Create a confirmed admin account (there is no default admin)."""
    if promote:
        user = commit_or_fail(lambda: services.set_role(email, "admin"))
        click.echo(f"{user.email} is now an admin.")
        return
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise click.ClickException(f"{email!r} is not an email address: {exc}") from exc
    if queries.user_by_email(email) is not None:
        raise click.ClickException(
            f"An account already uses {email}. Use --promote to make it an admin.")
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(f"Password refused: {problem}")
    user = commit_or_fail(lambda: services.create_admin(email, password))
    click.echo(f"Created the admin {user.email}.")


@click.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
@with_appcontext
def set_role(email: str, role: str):
    """Give an account a role, e.g. make a moderator."""
    user = commit_or_fail(lambda: services.set_role(email, role))
    click.echo(f"{user.email} is now a {role}.")


# Every command here is added to the `flask peers` group by peers.cli.
commands: list[click.Command] = [create_admin, set_role]
