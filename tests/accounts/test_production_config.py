"""Production mode: Secure cookies, and no start with a missing or weak SECRET_KEY."""

import secrets

import pytest

from peers import create_app
from peers.config import Defaults, secret_key_problem
from tests.accounts.conftest import log_in

STRONG = secrets.token_urlsafe(48)


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A bare instance folder, so no instance/config.py lends a key."""
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("PEERS_ENV", "PEERS_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize(("key", "reason"), [
    (None, "SECRET_KEY is not set"),
    ("", "SECRET_KEY is not set"),
    (Defaults.SECRET_KEY, "development default"),
    ("a-short-but-random-Xy8", "shorter than 32"),
    ("my-super-secret-key-for-production-2024", "looks hand-made"),
    ("changeme-changeme-changeme-changeme", "looks hand-made"),
    ("a" * 64, "looks hand-made"),
])
def test_production_refuses_to_start_with_a_weak_secret_key(instance, key, reason):
    with pytest.raises(RuntimeError, match=reason) as caught:
        create_app({"ENV": "production", "SECRET_KEY": key})
    assert "PEERS_SECRET_KEY" in str(caught.value)


def test_peers_env_production_in_the_environment_is_production(instance, monkeypatch):
    monkeypatch.setenv("PEERS_ENV", "production")
    with pytest.raises(RuntimeError, match="development default"):
        create_app()
    monkeypatch.setenv("PEERS_SECRET_KEY", STRONG)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_development_starts_with_the_default_key_and_plain_cookies(instance):
    app = create_app({"SECRET_KEY": Defaults.SECRET_KEY})
    assert app.config["ENV"] == "development"
    assert not app.config["SESSION_COOKIE_SECURE"]
    assert not app.config.get("REMEMBER_COOKIE_SECURE")


def test_a_random_key_passes():
    assert secret_key_problem(STRONG) is None
    assert secret_key_problem(secrets.token_hex(32)) is None


def test_production_cookies_are_secure_httponly_and_lax(make_app, make_user):
    app = make_app("small", ENV="production", SECRET_KEY=STRONG)
    make_user(app, email="w@example.org")
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # production is served over https
    # Over https, Flask-WTF also wants a Referer from this site.
    response = log_in(client, "w@example.org", remember=True,
                      headers={"Referer": "https://localhost/account/login"})
    assert response.status_code == 302
    cookies = {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "Secure" in cookies[name] and "HttpOnly" in cookies[name]
        assert "SameSite=Lax" in cookies[name]
