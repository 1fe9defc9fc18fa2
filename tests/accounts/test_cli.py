"""`flask peers create-admin`, `set-role` and `set-representative`."""

import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.passwords import verify_password
from peers.cli import peers_cli
from peers.discovery.representatives import represented_platform
from peers.extensions import db
from tests.helpers import PASSWORD


def user(app, email) -> User | None:
    with app.app_context():
        found = db.session.scalar(sa.select(User).where(User.email == email))
        if found is not None:
            db.session.expunge(found)
        return found


def represented_slug(app, email) -> str | None:
    with app.app_context():
        found = db.session.scalar(sa.select(User).where(User.email == email))
        platform = represented_platform(found)
        return platform.slug if platform else None


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(peers_cli, list(args), input=input)


def test_create_admin_asks_twice_and_makes_a_confirmed_admin(app):
    result = run(app, "create-admin", "Boss@Example.org", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Created the admin boss@example.org." in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    admin = user(app, "boss@example.org")
    assert admin.role == "admin" and admin.is_confirmed
    assert verify_password(admin.password_hash, PASSWORD)


def test_create_admin_refuses_mismatched_then_weak_passwords(app):
    result = run(app, "create-admin", "boss@example.org",
                 input=f"{PASSWORD}\nsomething-else-9\npassword1\npassword1\n")
    assert result.exit_code == 1
    assert "do not match" in result.output.lower() or "match" in result.output
    assert "Password refused" in result.output and "too common" in result.output
    assert user(app, "boss@example.org") is None


def test_create_admin_refuses_an_existing_email_unless_promote(app, make_user):
    make_user(app, email="w@example.org", confirmed=False)
    result = run(app, "create-admin", "w@example.org", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 1 and "--promote" in result.output
    assert user(app, "w@example.org").role == "worker"
    result = run(app, "create-admin", "w@example.org", "--promote")
    assert result.exit_code == 0 and "is now an admin" in result.output
    assert user(app, "w@example.org").role == "admin"


def test_create_admin_refuses_a_bad_email_and_promote_needs_an_account(app):
    assert run(app, "create-admin", "not-an-email",
               input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 1
    result = run(app, "create-admin", "ghost@example.org", "--promote")
    assert result.exit_code == 1 and "No account uses ghost@example.org" in result.output


def test_set_role_makes_a_moderator_and_refuses_unknown_roles(app, make_user):
    make_user(app, email="w@example.org")
    result = run(app, "set-role", "w@example.org", "moderator")
    assert result.exit_code == 0 and user(app, "w@example.org").role == "moderator"
    assert run(app, "set-role", "w@example.org", "emperor").exit_code == 2
    assert run(app, "set-role", "ghost@example.org", "moderator").exit_code == 1


def test_set_representative_links_and_unlinks_a_platform(app, make_user):
    make_user(app, email="rep@example.org", role="vendor")
    result = run(app, "set-representative", "rep@example.org", "rover")
    assert result.exit_code == 0 and "now represents Rover" in result.output
    assert represented_slug(app, "rep@example.org") == "rover"
    missing = run(app, "set-representative", "rep@example.org", "nope")
    assert missing.exit_code == 1 and "No platform has the slug 'nope'" in missing.output
    assert represented_slug(app, "rep@example.org") == "rover"
    assert run(app, "set-representative", "rep@example.org").exit_code == 2
    assert run(app, "set-representative", "rep@example.org", "--clear").exit_code == 0
    assert represented_slug(app, "rep@example.org") is None
