"""Every POST of the accounts feature needs its CSRF token (CSRF stays on in tests)."""

import sqlalchemy as sa

from peers.accounts.models import User
from peers.extensions import db
from tests.helpers import NEW_PASSWORD, PASSWORD, csrf_token, log_in, mails


def users(app) -> dict[str, User]:
    with app.app_context():
        found = {u.email: u for u in db.session.scalars(sa.select(User))}
        db.session.expunge_all()
        return found


def test_csrf_is_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_login_without_a_token_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    response = client.post("/account/login", data={"email": "w@example.org",
                                                   "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302
    assert users(app)["w@example.org"].last_login_at is None


def test_a_token_from_another_session_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    other = csrf_token(app.test_client(), "/account/login")
    response = client.post("/account/login", data={
        "csrf_token": other, "email": "w@example.org", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_sign_up_without_a_token_is_refused(app, client):
    response = client.post("/account/signup", data={
        "email": "n@example.org", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 400
    assert users(app) == {} and mails(app) == []


def test_logout_without_a_token_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    version = users(app)["w@example.org"].session_version
    assert client.post("/account/logout").status_code == 400
    assert client.get("/account").status_code == 200
    assert users(app)["w@example.org"].session_version == version


def test_password_change_without_a_token_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    before = users(app)["w@example.org"]
    response = client.post("/account/password", data={
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    after = users(app)["w@example.org"]
    assert (after.password_hash, after.session_version) == \
        (before.password_hash, before.session_version)


def test_delete_without_a_token_is_refused(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    response = client.post("/account/delete", data={"password": PASSWORD, "reviews": "delete"})
    assert response.status_code == 400
    assert "w@example.org" in users(app)
    assert client.get("/account").status_code == 200


def test_profile_and_resend_without_a_token_are_refused(app, client, make_user):
    make_user(app, email="w@example.org", confirmed=False, display_name="Sam")
    log_in(client, "w@example.org")
    assert client.post("/account", data={"display_name": "Hacked"}).status_code == 400
    assert client.post("/account/confirm/resend").status_code == 400
    assert users(app)["w@example.org"].display_name == "Sam"
    assert mails(app) == []
