"""Production mode: Secure cookies, and no start with a missing or weak SECRET_KEY, without an
https SITE_URL for the links in emails, or without TRUSTED_HOSTS."""

import secrets

import pytest

from peers import create_app
from peers.config import Defaults, secret_key_problem
from tests.helpers import log_in

STRONG = secrets.token_urlsafe(48)
# What production needs besides the key; the test client's host is "localhost".
SITE = {"SITE_URL": "https://peers.example", "TRUSTED_HOSTS": ["localhost"]}


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """A bare instance folder, so no instance/config.py lends a key."""
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("PEERS_ENV", "PEERS_SECRET_KEY", "PEERS_SITE_URL", "PEERS_TRUSTED_HOSTS"):
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
        create_app({"ENV": "production", "SECRET_KEY": key, **SITE})
    assert "PEERS_SECRET_KEY" in str(caught.value)


def test_peers_env_production_in_the_environment_is_production(instance, monkeypatch):
    monkeypatch.setenv("PEERS_ENV", "production")
    with pytest.raises(RuntimeError, match="development default"):
        create_app()
    monkeypatch.setenv("PEERS_SECRET_KEY", STRONG)
    with pytest.raises(RuntimeError, match="SITE_URL is not set") as caught:
        create_app()
    assert "PEERS_SITE_URL=https://" in str(caught.value)
    monkeypatch.setenv("PEERS_SITE_URL", "https://peers.example")
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS is not set") as caught:
        create_app()
    assert "PEERS_TRUSTED_HOSTS=" in str(caught.value)
    monkeypatch.setenv("PEERS_TRUSTED_HOSTS", '["peers.example"]')
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SITE_URL"] == "https://peers.example"


@pytest.mark.parametrize(("settings", "reason"), [
    ({"SITE_URL": "http://peers.example"}, "not an https address"),
    ({"SITE_URL": "peers.example"}, "must be the site's public address"),
    ({"SITE_URL": "https://peers.example/app"}, "no path"),
    ({"SITE_URL": "https://peers.example/?x=1"}, "no path"),
    ({"SITE_URL": ""}, "must be the site's public address"),
    ({"SITE_URL": None}, "must be the site's public address"),
    ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS is not set"),
    ({"TRUSTED_HOSTS": []}, "TRUSTED_HOSTS is not set"),
])
def test_production_refuses_to_start_without_a_usable_site_url_or_hosts(
        instance, settings, reason):
    with pytest.raises(RuntimeError, match=reason):
        create_app({"ENV": "production", "SECRET_KEY": STRONG, **{**SITE, **settings}})


def test_development_links_default_to_the_local_server_and_bad_ones_are_refused(instance):
    assert create_app().config["SITE_URL"] == "http://127.0.0.1:5000"
    with pytest.raises(RuntimeError, match="PEERS_SITE_URL=https://peers.example"):
        create_app({"SITE_URL": "ftp://peers.example"})


def test_development_starts_with_the_default_key_and_plain_cookies(instance):
    app = create_app({"SECRET_KEY": Defaults.SECRET_KEY})
    assert app.config["ENV"] == "development"
    assert not app.config["SESSION_COOKIE_SECURE"]
    assert not app.config.get("REMEMBER_COOKIE_SECURE")


def test_a_random_key_passes():
    assert secret_key_problem(STRONG) is None
    assert secret_key_problem(secrets.token_hex(32)) is None


def test_production_cookies_are_secure_httponly_and_lax(make_app, make_user):
    app = make_app("small", ENV="production", SECRET_KEY=STRONG, **SITE)
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
