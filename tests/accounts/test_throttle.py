"""Login throttling: the sixth failure in a minute gets 429, per IP and per account."""

import time
from types import SimpleNamespace

import limits.storage.memory
import pytest

from tests.helpers import PASSWORD, log_in, sign_up

WRONG = "definitely-not-it-9"


def from_ip(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


@pytest.fixture
def later(monkeypatch):
    """later(seconds): move the rate limiter's clock forward."""

    def move(seconds: float) -> None:
        now = time.time() + seconds
        monkeypatch.setattr(limits.storage.memory, "time", SimpleNamespace(time=lambda: now))

    return move


def test_the_sixth_failure_from_one_ip_gets_429(app, client, make_user):
    make_user(app, email="w@example.org")
    statuses = [log_in(client, f"guess{i}@example.org", WRONG).status_code for i in range(5)]
    assert statuses == [400] * 5
    response = log_in(client, "w@example.org")  # even the right password waits
    assert response.status_code == 429
    assert "Too many failed logins. Wait a minute" in response.get_data(as_text=True)
    other_ip = log_in(app.test_client(), "w@example.org", **from_ip("203.0.113.9"))
    assert other_ip.status_code == 302


def test_the_sixth_failure_on_one_account_gets_429_from_any_ip(app, make_user):
    make_user(app, email="w@example.org")
    for i in range(5):
        response = log_in(app.test_client(), "W@example.org", WRONG, **from_ip(f"198.51.100.{i}"))
        assert response.status_code == 400
    response = log_in(app.test_client(), "w@example.org", **from_ip("198.51.100.99"))
    assert response.status_code == 429
    assert log_in(app.test_client(), "other@example.org", WRONG,
                  **from_ip("198.51.100.98")).status_code == 400


def test_successful_logins_do_not_count(app, make_user):
    make_user(app, email="w@example.org")
    for _ in range(8):
        assert log_in(app.test_client(), "w@example.org").status_code == 302
    for _ in range(4):
        assert log_in(app.test_client(), "w@example.org", WRONG).status_code == 400
    assert log_in(app.test_client(), "w@example.org").status_code == 302


def test_after_the_window_login_works_again(app, client, make_user, later):
    make_user(app, email="w@example.org")
    for _ in range(5):
        log_in(client, "w@example.org", WRONG)
    assert log_in(client, "w@example.org").status_code == 429
    later(30)
    assert log_in(client, "w@example.org").status_code == 429  # still within the minute
    later(61)
    assert log_in(client, "w@example.org").status_code == 302  # no permanent lockout


def test_the_limit_comes_from_config(make_app, make_user):
    app = make_app("small", LOGIN_LIMIT="2 per minute")
    make_user(app, email="w@example.org")
    client = app.test_client()
    assert [log_in(client, "w@example.org", WRONG).status_code for _ in range(3)] == \
        [400, 400, 429]


def test_an_empty_form_is_not_a_guess(app, client, make_user):
    make_user(app, email="w@example.org")
    for _ in range(6):
        assert log_in(client, "w@example.org", "").status_code == 400
    assert log_in(client, "w@example.org", PASSWORD).status_code == 302


def test_sign_up_is_limited_per_ip(make_app):
    app = make_app("small", SIGNUP_LIMIT="2 per hour")
    statuses = [sign_up(app.test_client(), f"n{i}@example.org").status_code for i in range(3)]
    assert statuses == [302, 302, 429]
