"""Signing up, logging in and out, as a worker or vendor sees it."""

from urllib.parse import quote

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from peers.accounts.models import User
from peers.accounts.passwords import needs_rehash, verify_password
from peers.extensions import db
from tests.helpers import PASSWORD, confirmation_link, log_in, mails, post_form, sign_up, text


def user_row(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def test_sign_up_makes_an_unconfirmed_worker_and_mails_a_link_to_log_in(app, client):
    response = sign_up(client, "New.Worker@Example.org", display_name="  Sam  ")
    assert response.status_code == 302 and response.location == "/account/login"
    user = user_row(app, "new.worker@example.org")  # stored lowercased
    assert user.role == "worker" and not user.is_confirmed and user.display_name == "Sam"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    page = text(client.get(response.location))
    assert "We sent a link to new.worker@example.org" in page
    [message] = mails(app)
    assert message["To"] == "new.worker@example.org"
    assert message["Subject"] == "Confirm your email for Peers"
    # The password works before the link is opened; the account shows it is not confirmed.
    log_in(client, "new.worker@example.org")
    assert "Not yet" in text(client.get("/account"))


def test_the_link_of_a_sign_up_from_a_page_leads_back_to_it(app, client):
    response = post_form(client, "/account/signup", "/account/signup?next=/platforms/rover",
                         {"email": "w@example.org", "password": PASSWORD, "confirm": PASSWORD})
    assert response.location == "/account/login?next=/platforms/rover"
    response = client.get(confirmation_link(mails(app)[0]))
    assert response.status_code == 302 and response.location == "/platforms/rover"
    assert client.get("/account").status_code == 200


def test_ticking_services_makes_a_vendor_and_no_form_field_makes_more(app, client):
    sign_up(client, "vendor@example.org", offers_services="y",
            role="admin", email_confirmed_at="2020-01-01", session_version="1")
    user = user_row(app, "vendor@example.org")
    assert user.role == "vendor" and not user.is_confirmed
    sign_up(app.test_client(), "worker@example.org", role="moderator")
    assert user_row(app, "worker@example.org").role == "worker"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address like"),
        ({"email": ""}, "email", "Enter your email address."),
        ({"password": "short1", "confirm": "short1"}, "password", "at least 8 characters"),
        ({"password": "password123", "confirm": "password123"}, "password", "too common"),
        ({"password": "x" * 257, "confirm": "x" * 257}, "password", "at most 256"),
        ({"confirm": "something-else-entirely"}, "confirm", "not the same"),
        ({"display_name": "n" * 81}, "display_name", "under 80 characters"),
    ],
)
def test_bad_sign_up_is_explained_beside_the_field_and_creates_nothing(
        app, client, fields, field, message):
    data = {"email": "fresh@example.org", "password": PASSWORD, "confirm": PASSWORD, **fields}
    response = post_form(client, "/account/signup", "/account/signup", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in text(response)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert mails(app) == []


def answer(client, email: str) -> tuple:
    """What a sign-up shows the person who sent it, with the address they typed blanked."""
    response = sign_up(client, email, password="another-Passphrase-93")
    page = text(client.get(response.location)).replace(email.lower(), "EMAIL")
    cookies = [name for name in ("session", "remember_token") if client.get_cookie(name)]
    return response.status_code, response.location, page, cookies


def test_sign_up_with_an_email_in_use_answers_as_for_a_new_one_and_mails_the_owner(
        app, make_user):
    owner = make_user(app, email="taken@example.org")
    assert answer(app.test_client(), "TAKEN@example.org") == \
        answer(app.test_client(), "fresh@example.org")
    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count(User.id)))
    assert count == 2  # the owner and fresh@; no second account for taken@
    kept = user_row(app, "taken@example.org")
    assert kept.password_hash == owner.password_hash and kept.id == owner.id
    to_owner, to_fresh = mails(app)
    assert to_owner["To"] == "taken@example.org" and to_fresh["To"] == "fresh@example.org"
    assert to_owner["Subject"] == "Someone tried to sign up to Peers with your email"
    body = to_owner.get_body().get_content()
    assert "/account/login" in body and "/account/reset" in body
    assert "/account/confirm/" not in body  # nothing in it logs anyone in


def test_sign_up_emails_to_one_address_are_limited(make_app, make_user, tmp_path,
                                                    monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "inst"))
    app = make_app("small", SIGNUP_MAIL_LIMIT="2 per hour")
    make_user(app, email="taken@example.org")
    statuses = [sign_up(app.test_client(), "taken@example.org").status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mails(app)) == 2
    assert sign_up(app.test_client(), "other@example.org").status_code == 302


def test_password_may_not_be_the_email_or_name(app, client):
    response = sign_up(client, "maria.gonzalez@example.org", password="mariagonzalez",
                       display_name="Maria Gonzalez")
    assert response.status_code == 400 and 'id="password-error"' in response.get_data(True)


def test_login_remembers_the_time_and_goes_to_the_account(app, client, make_user):
    user = make_user(app, email="w@example.org")
    assert user.last_login_at is None
    response = log_in(client, "W@Example.org ")
    assert response.status_code == 302 and response.location == "/account"
    assert user_row(app, "w@example.org").last_login_at is not None
    assert client.get("/account").status_code == 200


def test_wrong_password_or_unknown_email_gives_the_same_answer(app, client, make_user):
    make_user(app, email="w@example.org")
    wrong = log_in(client, "w@example.org", "not-the-password-at-all")
    unknown = log_in(client, "nobody@example.org")
    for response in (wrong, unknown):
        assert response.status_code == 400
        assert "That email and password do not match an account." in text(response)
    assert client.get("/account").status_code == 302


def test_login_rehashes_a_password_hashed_with_old_parameters(app, client, make_user):
    user = make_user(app, email="old@example.org")
    old_hash = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=2).hash(PASSWORD)
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user.id)
                           .values(password_hash=old_hash))
        db.session.commit()
    assert needs_rehash(old_hash)
    assert log_in(client, "old@example.org").status_code == 302
    new_hash = user_row(app, "old@example.org").password_hash
    assert new_hash != old_hash and not needs_rehash(new_hash)
    assert verify_password(new_hash, PASSWORD)


@pytest.mark.parametrize("target", ["/platforms/rover", "/discover?q=dogs&hours=5"])
def test_next_leads_back_to_a_page_of_the_site(app, client, make_user, target):
    make_user(app, email="w@example.org")
    response = log_in(client, "w@example.org", next_url=target.replace("&", "%26"))
    assert response.location == target


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/path", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "JavaScript:alert(1)", "http:/evil.example",
    "/\r\nLocation: //evil.example", "evil.example", "https:evil.example",
    " //evil.example", "/\t/evil.example",
])
def test_next_never_leaves_the_site(app, client, make_user, target):
    make_user(app, email="w@example.org")
    response = log_in(client, "w@example.org", next_url=quote(target, safe=""))
    assert response.status_code == 302
    assert response.location == "/account"


def test_login_page_sent_by_a_protected_page_comes_back_to_it(app, client, make_user):
    make_user(app, email="w@example.org")
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.location.startswith("/account/login?next=")
    login_page = client.get(response.location)
    assert 'action="/account/login?next=/account/password"' in login_page.get_data(as_text=True)
    assert "Please log in to do that." in text(login_page)
    assert log_in(client, "w@example.org", next_url="/account/password").location == \
        "/account/password"


def test_nav_offers_log_in_and_sign_up_then_account_and_log_out(app, client, make_user):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account/login"' in page and 'href="/account/signup"' in page
    assert 'href="/issues"' in page and "Log out" not in page
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/account"' in page and 'href="/account/login"' not in page
    assert 'action="/account/logout" method="post"' in page
    assert 'name="csrf_token" type="hidden"' in page and "<script" not in page


def test_log_out_ends_the_session(app, client, make_user):
    make_user(app, email="w@example.org")
    log_in(client, "w@example.org")
    response = post_form(client, "/account", "/account/logout", {})
    assert response.status_code == 302
    assert client.get("/account").status_code == 302
    assert "You are logged out" in text(client.get("/"))
