"""Sessions and remember-me cookies: their flags, and ending all of them at once."""

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.extensions import db
from tests.helpers import NEW_PASSWORD, PASSWORD, log_in, post_form, sign_up

REMEMBER = "remember_token"
SESSION = "session"


def cookie_headers(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def stolen_copy(app, client, name) -> object:
    """Another browser holding only a copy of this client's cookie `name`."""
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def has_access(some_client) -> bool:
    response = some_client.get("/account")
    if response.status_code == 302:
        assert response.location.startswith("/account/login")
        return False
    assert response.status_code == 200
    return True


def test_session_and_remember_cookies_are_httponly_and_samesite_lax(app, client, make_user):
    make_user(app, email="w@example.org")
    headers = cookie_headers(log_in(client, "w@example.org", remember=True))
    for name in (SESSION, REMEMBER):
        assert "HttpOnly" in headers[name] and "SameSite=Lax" in headers[name]
        assert "Secure" not in headers[name]  # development serves plain http


def test_without_remember_me_there_is_no_lasting_cookie(app, client, make_user):
    make_user(app, email="w@example.org")
    headers = cookie_headers(log_in(client, "w@example.org"))
    assert REMEMBER not in headers


def test_remember_me_logs_in_again_without_a_session(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org", remember=True)
    assert has_access(stolen_copy(app, client, REMEMBER))


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_log_out_ends_copies_of_the_session_and_remember_cookies(app, client, make_user, cookie):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org", remember=True)
    copy_before = stolen_copy(app, client, cookie)
    assert has_access(copy_before)  # the copy worked until the owner logged out
    replay = client.get_cookie(cookie).value
    post_form(client, "/account", "/account/logout", {})
    assert not has_access(client)
    thief = app.test_client()
    thief.set_cookie(cookie, replay)
    assert not has_access(thief)


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_password_change_ends_every_other_session(app, client, make_user, cookie):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org", remember=True)
    other_device = app.test_client()
    log_in(other_device, "w@example.org", remember=True)
    replay = other_device.get_cookie(cookie).value
    response = post_form(client, "/account/password", "/account/password", {
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/account"
    assert has_access(client)  # this device stays logged in
    thief = app.test_client()
    thief.set_cookie(cookie, replay)
    assert not has_access(thief)
    assert not has_access(other_device)
    assert log_in(app.test_client(), "w@example.org").status_code == 400  # old password
    assert log_in(app.test_client(), "w@example.org", NEW_PASSWORD).status_code == 302


def test_password_change_keeps_this_devices_remember_me(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org", remember=True)
    post_form(client, "/account/password", "/account/password", {
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert has_access(stolen_copy(app, client, REMEMBER))  # the fresh cookie works


def test_password_change_needs_the_current_password_and_a_strong_new_one(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    wrong = post_form(client, "/account/password", "/account/password", {
        "current": "not-my-password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and 'id="current-error"' in wrong.get_data(True)
    weak = post_form(client, "/account/password", "/account/password", {
        "current": PASSWORD, "password": "letmein1", "confirm": "letmein1"})
    assert weak.status_code == 400 and 'id="password-error"' in weak.get_data(True)
    assert log_in(app.test_client(), "w@example.org").status_code == 302  # unchanged


@pytest.mark.parametrize("cookie", [SESSION, REMEMBER])
def test_deleting_the_account_ends_every_session(app, client, make_user, cookie):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org", remember=True)
    other_device = app.test_client()
    log_in(other_device, "w@example.org", remember=True)
    replay = other_device.get_cookie(cookie).value
    post_form(client, "/account/delete", "/account/delete",
              {"password": PASSWORD, "reviews": "keep"})
    thief = app.test_client()
    thief.set_cookie(cookie, replay)
    assert not has_access(thief) and not has_access(other_device) and not has_access(client)


@pytest.mark.sqlite_only(reason="SQLite hands a deleted account's id out again; "
                                "PostgreSQL's sequences never do")
def test_a_new_account_with_a_deleted_accounts_id_does_not_inherit_its_cookies(app, client):
    sign_up(client, "first@example.org")
    log_in(client, "first@example.org")
    replay = client.get_cookie(SESSION).value
    post_form(client, "/account/delete", "/account/delete",
              {"password": PASSWORD, "reviews": "keep"})
    sign_up(app.test_client(), "second@example.org")
    with app.app_context():
        # SQLite hands the highest id out again: the new account has the old one's id.
        assert db.session.scalar(sa.select(sa.func.max(User.id))) == 1
    thief = app.test_client()
    thief.set_cookie(SESSION, replay)
    assert not has_access(thief)
