"""A forgotten password: a single-use, one-hour link by email that ends every other session."""

import re
import time

import pytest
import sqlalchemy as sa

from peers.accounts import tokens
from peers.accounts.models import User
from peers.accounts.passwords import verify_password
from peers.extensions import db
from tests.helpers import NEW_PASSWORD, PASSWORD, log_in, mails, post_form, text

OTHER_PASSWORD = "copper-fjord-saddle-41"


def ask_for_reset(client, email: str):
    return post_form(client, "/account/reset", "/account/reset", {"email": email})


def reset_link(message) -> str:
    """The path of the reset link in a message."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/account/reset/\S+)", body)
    assert match, body
    return match.group(1)


def choose(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    """Send the new-password form (its CSRF token from /account/reset: a dead link has none)."""
    return post_form(client, "/account/reset", link, {"password": password,
                                          "confirm": password if confirm is None else confirm})


def password_hash(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(sa.select(User.password_hash).where(User.email == email))


def test_the_login_page_links_to_the_reset(client):
    page = client.get("/account/login").get_data(as_text=True)
    assert 'href="/account/reset">Forgot your password?</a>' in page


def test_a_worker_resets_a_forgotten_password_end_to_end(app, client, make_user):
    make_user(app, email="w@example.org")
    response = ask_for_reset(client, "W@Example.org")
    assert response.status_code == 200
    assert "If an account uses w@example.org, we sent it a link" in text(response)
    [message] = mails(app)
    assert message["To"] == "w@example.org" and message["Subject"] == "Reset your Peers password"
    link = reset_link(message)
    page = client.get(link)
    assert page.status_code == 200 and "Choose a new password" in text(page)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    response = choose(client, link)
    assert response.status_code == 302 and response.location == "/account"
    assert "Your new password is set" in text(client.get("/account"))  # logged in here
    assert verify_password(password_hash(app, "w@example.org"), NEW_PASSWORD)
    fresh = app.test_client()
    assert log_in(fresh, "w@example.org").status_code == 400  # the old password is gone
    assert log_in(fresh, "w@example.org", NEW_PASSWORD).status_code == 302


def test_an_unknown_email_gets_the_same_answer_and_no_mail(app, make_user):
    make_user(app, email="w@example.org")
    known = ask_for_reset(app.test_client(), "w@example.org")
    unknown = ask_for_reset(app.test_client(), "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert (known.get_data(as_text=True).replace("w@example.org", "EMAIL")
            == unknown.get_data(as_text=True).replace("nobody@example.org", "EMAIL"))
    assert [m["To"] for m in mails(app)] == ["w@example.org"]


def test_a_bad_email_is_explained_and_sends_nothing(app, client, make_user):
    make_user(app, email="w@example.org")
    response = ask_for_reset(client, "not-an-email")
    assert response.status_code == 400
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert "Enter an email address like" in text(response)
    assert mails(app) == []


def test_a_used_link_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    ask_for_reset(client, "w@example.org")
    link = reset_link(mails(app)[0])
    assert choose(client, link).status_code == 302
    after = password_hash(app, "w@example.org")
    again = app.test_client()
    assert again.get(link).status_code == 400
    response = choose(again, link, OTHER_PASSWORD)
    assert response.status_code == 400 and "has been used already" in text(response)
    assert password_hash(app, "w@example.org") == after


def test_a_link_older_than_an_hour_is_refused(app, client, make_user, monkeypatch):
    make_user(app, email="w@example.org")
    ask_for_reset(client, "w@example.org")
    link = reset_link(mails(app)[0])
    before = password_hash(app, "w@example.org")
    now = time.time()
    monkeypatch.setattr(tokens, "clock", lambda: now + 59 * 60)
    assert client.get(link).status_code == 200  # 59 minutes: still good
    monkeypatch.setattr(tokens, "clock", lambda: now + 61 * 60)
    response = choose(client, link)
    assert response.status_code == 400 and "has expired" in text(response)
    assert password_hash(app, "w@example.org") == before


def test_a_link_sent_before_a_password_change_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    ask_for_reset(app.test_client(), "w@example.org")
    link = reset_link(mails(app)[0])
    log_in(client, "w@example.org")
    post_form(client, "/account/password", "/account/password",
              {"current": PASSWORD, "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD})
    response = choose(app.test_client(), link)
    assert response.status_code == 400 and "has changed since" in text(response)
    assert verify_password(password_hash(app, "w@example.org"), OTHER_PASSWORD)


@pytest.mark.parametrize("tamper", [lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"),
                                    lambda t: "not-a-token"])
def test_a_forged_link_is_refused(app, client, make_user, tamper):
    make_user(app, email="w@example.org")
    ask_for_reset(client, "w@example.org")
    token = reset_link(mails(app)[0]).rsplit("/", 1)[1]
    response = client.get(f"/account/reset/{tamper(token)}")
    assert response.status_code == 400 and "not valid" in text(response)


def test_a_confirmation_link_is_no_reset_link(app, client, make_user):
    user = make_user(app, email="w@example.org")
    with app.test_request_context():
        token = tokens.make(tokens.CONFIRM_EMAIL, {"id": user.id, "email": user.email})
    assert client.get(f"/account/reset/{token}").status_code == 400


def test_a_reset_ends_every_other_session(app, make_user):
    make_user(app, email="w@example.org")
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, "w@example.org", remember=True)
    assert laptop.get("/account").status_code == 200
    ask_for_reset(phone, "w@example.org")
    assert choose(phone, reset_link(mails(app)[0])).status_code == 302
    assert phone.get("/account").status_code == 200
    laptop.delete_cookie("session")  # even the remember-me cookie alone no longer logs in
    assert laptop.get("/account").status_code == 302


def test_a_weak_or_mismatched_new_password_is_explained_and_changes_nothing(
        app, client, make_user):
    make_user(app, email="w@example.org")
    ask_for_reset(client, "w@example.org")
    link = reset_link(mails(app)[0])
    before = password_hash(app, "w@example.org")
    weak = choose(client, link, "password123")
    assert weak.status_code == 400 and "too common" in text(weak)
    mismatch = choose(client, link, NEW_PASSWORD, "something-else-entirely")
    assert mismatch.status_code == 400 and "not the same" in text(mismatch)
    assert password_hash(app, "w@example.org") == before
    assert choose(client, link).status_code == 302  # the link still works after a typo


@pytest.mark.parametrize(("limits", "emails"), [
    ({"RESET_LIMIT_PER_ACCOUNT": "2 per hour"}, ["w@example.org"] * 3),
    ({"RESET_LIMIT_PER_IP": "2 per hour"}, ["w@example.org", "x@example.org", "y@example.org"]),
])
def test_reset_requests_are_limited_per_address_and_per_ip(make_app, make_user, tmp_path,
                                                            monkeypatch, limits, emails):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    app = make_app("small", **limits)
    make_user(app, email="w@example.org")
    client = app.test_client()
    assert [ask_for_reset(client, email).status_code for email in emails] == [200, 200, 429]
    assert "Too many password reset requests" in text(ask_for_reset(client, emails[-1]))
    assert len(mails(app)) == emails[:2].count("w@example.org")
