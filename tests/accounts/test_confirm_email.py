"""Confirming an email by a signed, expiring link; mail written to a file or sent by SMTP."""

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from peers.accounts import mail, tokens
from peers.accounts.models import User
from peers.accounts.signals import email_confirmed
from peers.extensions import db
from tests.helpers import confirmation_link, log_in, mails, post_form, sign_up, text


def confirmed(app, email) -> bool:
    with app.app_context():
        return db.session.scalar(sa.select(User).where(User.email == email)).is_confirmed


def test_the_mailed_link_confirms_the_email(app, client):
    sign_up(client, "w@example.org")
    link = confirmation_link(mails(app)[0])
    assert not confirmed(app, "w@example.org")
    response = client.get(link)
    assert response.status_code == 302 and response.location == "/account"
    page = text(client.get("/account"))
    assert "w@example.org is confirmed" in page and "Your reviews count." in page
    assert "Send the confirmation link again" not in page
    assert confirmed(app, "w@example.org")


def test_the_first_click_in_the_signing_up_browser_logs_in_and_no_later_one(app, client):
    sign_up(client, "w@example.org")
    assert client.get("/account").status_code == 302  # sign-up alone logs nobody in
    link = confirmation_link(mails(app)[0])
    response = client.get(link)
    assert response.location == "/account" and client.get("/account").status_code == 200
    assert confirmed(app, "w@example.org")
    laptop = app.test_client()
    assert laptop.get(link).location == "/account/login"  # clicked before: no login
    assert laptop.get("/account").status_code == 302


def test_a_link_opened_in_another_browser_confirms_but_does_not_log_in(app, client):
    """Whoever signed up chose the password, and may not own the address: the owner's click
    elsewhere confirms it but must not put the owner into an account a stranger controls."""
    sign_up(client, "w@example.org")
    owner = app.test_client()
    response = owner.get(confirmation_link(mails(app)[0]))
    assert response.location == "/account/login"
    assert confirmed(app, "w@example.org")
    assert owner.get("/account").status_code == 302
    assert client.get("/account").status_code == 302  # the signing-up browser neither


def test_mail_files_are_eml_under_instance_mail_with_unique_names(app, client):
    sign_up(client, "a@example.org")
    sign_up(app.test_client(), "b@example.org")
    files = sorted((Path(app.instance_path) / "mail").glob("*.eml"))
    assert len(files) == 2 and files[0].name != files[1].name
    assert [m["To"] for m in mails(app)] == ["a@example.org", "b@example.org"]
    assert mails(app)[0]["From"] == app.config["MAIL_SENDER"]


def test_links_use_site_url_when_it_is_set(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    app = make_app("small", SITE_URL="https://peers.example/")
    sign_up(app.test_client(), "w@example.org", headers={"Host": "evil.example"})
    body = mails(app)[0].get_body().get_content()
    assert "https://peers.example/account/confirm/" in body and "evil.example" not in body


def test_confirming_sends_email_confirmed_inside_the_transaction(app, client):
    sign_up(client, "w@example.org")
    seen = []

    def handler(user):
        # A subscriber (ratings) writes in the same transaction; it must be committed with it.
        seen.append((user.email, user.is_confirmed))
        user.display_name = "changed by a subscriber"

    with email_confirmed.connected_to(handler):
        client.get(confirmation_link(mails(app)[0]))
        client.get(confirmation_link(mails(app)[0]))  # a second click sends nothing
    assert seen == [("w@example.org", True)]
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "w@example.org"))
        assert user.display_name == "changed by a subscriber"


def test_an_expired_link_is_refused_and_a_new_one_can_be_sent(app, client, monkeypatch):
    sign_up(client, "w@example.org")
    link = confirmation_link(mails(app)[0])
    later = time.time() + app.config["EMAIL_CONFIRM_MAX_AGE"] + 60
    monkeypatch.setattr(tokens, "clock", lambda: later)
    response = client.get(link)
    assert response.status_code == 400 and "has expired" in text(response)
    assert not confirmed(app, "w@example.org")
    monkeypatch.undo()
    log_in(client, "w@example.org")  # days later: the session cookie has expired too
    response = post_form(client, "/account", "/account/confirm/resend", {})
    assert response.status_code == 302
    assert "We sent a new confirmation link" in text(client.get("/account"))
    assert client.get(confirmation_link(mails(app)[-1])).status_code == 302
    assert confirmed(app, "w@example.org")


def test_a_link_for_an_old_email_or_a_forged_one_does_not_confirm(app, client):
    sign_up(client, "w@example.org")
    link = confirmation_link(mails(app)[0])
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "w@example.org"))
        user.email = "other@example.org"
        db.session.commit()
    assert client.get(link).status_code == 400
    assert not confirmed(app, "other@example.org")
    token = link.rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(f"/account/confirm/{forged}")
    assert response.status_code == 400 and "not valid" in text(response)


def test_resending_is_limited(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    app = make_app("small", CONFIRM_RESEND_LIMIT="2 per hour")
    client = app.test_client()
    sign_up(client, "w@example.org")
    log_in(client, "w@example.org")
    statuses = [post_form(client, "/account", "/account/confirm/resend", {}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mails(app)) == 3  # sign-up and two resends


class FakeSMTP:
    """Stands in for smtplib.SMTP: records what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout):
        self.calls = [("connect", host, port)]
        FakeSMTP.instance = self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"]))
        FakeSMTP.sent.append(message)


def test_smtp_backend_sends_with_starttls_and_login(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent = []
    app = make_app("small", MAIL_BACKEND="smtp", SMTP_HOST="smtp.example", SMTP_PORT=2525,
                   SMTP_USERNAME="peers", SMTP_PASSWORD="pw")
    sign_up(app.test_client(), "w@example.org")
    assert FakeSMTP.instance.calls == [("connect", "smtp.example", 2525), ("starttls",),
                                       ("login", "peers", "pw"), ("send", "w@example.org")]
    assert "/account/confirm/" in FakeSMTP.sent[0].get_body().get_content()
    assert mails(app) == []  # nothing written to files


def test_a_mail_server_that_is_down_does_not_break_sign_up(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))

    def refuse(*_args, **_kwargs):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(mail.smtplib, "SMTP", refuse)
    app = make_app("small", MAIL_BACKEND="smtp", SMTP_HOST="smtp.example")
    client = app.test_client()
    response = sign_up(client, "w@example.org")
    assert response.status_code == 302
    assert "We could not send the email just now." in text(client.get(response.location))
    log_in(client, "w@example.org")  # the account exists: its owner logs in and asks again
    assert "Send the confirmation link again" in text(client.get("/account"))


@pytest.mark.parametrize(("config", "message"), [
    ({"MAIL_BACKEND": "pigeon"}, "MAIL_BACKEND must be"),
    ({"MAIL_BACKEND": "smtp"}, "SMTP_HOST is not set"),
])
def test_a_mail_setup_that_cannot_send_is_refused_at_start(make_app, config, message):
    with pytest.raises(RuntimeError, match=message):
        make_app("small", **config)


def test_confirmed_users_log_in_and_see_it(app, client, make_user):
    make_user(app, email="c@example.org", confirmed=True)
    log_in(client, "c@example.org")
    assert "Yes, on" in text(client.get("/account"))
