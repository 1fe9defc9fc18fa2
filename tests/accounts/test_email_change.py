"""Changing one's email: the new address is pending until its link is opened; the old one is
told."""

import re

from peers.accounts.models import User
from peers.extensions import db
from tests.helpers import PASSWORD, log_in, mails, post_form, text


def ask_to_change(client, email: str, password: str = PASSWORD):
    return post_form(client, "/account/email", "/account/email",
                     {"email": email, "password": password})


def change_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/account/email/confirm/\S+)", body)
    assert match, body
    return match.group(1)


def account(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def test_the_new_email_waits_for_its_link_and_the_old_one_is_told(app, client, make_user):
    user = make_user(app, email="old@example.org", confirmed=True)
    log_in(client, "old@example.org")
    assert 'href="/account/email"' in client.get("/account").get_data(as_text=True)
    response = ask_to_change(client, "New@Example.org")
    assert response.status_code == 302 and response.location == "/account"
    page = text(client.get("/account"))
    assert "We sent a link to new@example.org" in page
    assert "Changing to new@example.org" in page
    row = account(app, user.id)
    assert row.email == "old@example.org" and row.pending_email == "new@example.org"
    to_new, to_old = mails(app)
    assert to_new["To"] == "new@example.org"
    assert to_new["Subject"] == "Confirm your new email for Peers"
    assert to_old["To"] == "old@example.org"
    assert "new@example.org" in to_old.get_body().get_content()
    assert "/account/email/confirm/" not in to_old.get_body().get_content()
    # The old address still logs in until the link is opened.
    assert log_in(app.test_client(), "old@example.org").status_code == 302

    response = app.test_client().get(change_link(to_new))  # opened on another device
    assert response.status_code == 302
    row = account(app, user.id)
    assert row.email == "new@example.org" and row.pending_email is None and row.is_confirmed
    assert log_in(app.test_client(), "new@example.org").status_code == 302
    assert log_in(app.test_client(), "old@example.org").status_code == 400
    assert app.test_client().get(change_link(to_new)).status_code == 400  # used once only


def test_a_wrong_password_or_bad_address_is_explained_and_changes_nothing(
        app, client, make_user):
    user = make_user(app, email="old@example.org")
    log_in(client, "old@example.org")
    for email, password, field, message in [
        ("new@example.org", "not-my-password-at-all", "password", "not your password"),
        ("not-an-email", PASSWORD, "email", "Enter an email address like"),
        ("OLD@example.org", PASSWORD, "email", "already your email address"),
    ]:
        response = ask_to_change(client, email, password)
        assert response.status_code == 400
        assert f'id="{field}-error"' in response.get_data(as_text=True)
        assert message in text(response)
    assert account(app, user.id).pending_email is None
    assert mails(app) == []


def test_an_address_with_its_own_account_is_not_revealed_and_never_taken(
        app, client, make_user):
    user = make_user(app, email="me@example.org")
    make_user(app, email="theirs@example.org")
    log_in(client, "me@example.org")
    response = ask_to_change(client, "theirs@example.org")
    assert response.status_code == 302
    assert "We sent a link to theirs@example.org" in text(client.get("/account"))
    to_them, to_me = mails(app)
    assert to_them["To"] == "theirs@example.org" and to_me["To"] == "me@example.org"
    assert "already has its own account" in to_them.get_body().get_content()
    assert "/account/email/confirm/" not in to_them.get_body().get_content()
    assert account(app, user.id).email == "me@example.org"


def test_a_link_for_an_address_taken_since_is_refused(app, client, make_user):
    user = make_user(app, email="me@example.org")
    log_in(client, "me@example.org")
    ask_to_change(client, "new@example.org")
    link = change_link(mails(app)[0])
    make_user(app, email="new@example.org")  # signed up with it in the meantime
    response = client.get(link)
    assert response.status_code == 400 and "Another account uses that address" in text(response)
    assert account(app, user.id).email == "me@example.org"


def test_a_newer_request_or_a_cancel_kills_the_earlier_link(app, client, make_user):
    user = make_user(app, email="me@example.org")
    log_in(client, "me@example.org")
    ask_to_change(client, "first@example.org")
    first = change_link(mails(app)[0])
    ask_to_change(client, "second@example.org")
    second = change_link(mails(app)[2])
    assert client.get(first).status_code == 400
    response = post_form(client, "/account", "/account/email/cancel", {})
    assert response.status_code == 302
    assert "The email change is cancelled" in text(client.get("/account"))
    assert client.get(second).status_code == 400
    row = account(app, user.id)
    assert row.email == "me@example.org" and row.pending_email is None


def test_email_change_requests_are_limited(make_app, make_user, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    app = make_app("small", EMAIL_CHANGE_LIMIT="2 per hour")
    make_user(app, email="me@example.org")
    client = app.test_client()
    log_in(client, "me@example.org")
    statuses = [ask_to_change(client, f"n{n}@example.org").status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mails(app)) == 4


def test_changing_the_email_needs_a_login(client):
    response = client.get("/account/email")
    assert response.status_code == 302 and response.location.startswith("/account/login")
