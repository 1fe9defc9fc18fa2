"""Behind a reverse proxy: X-Forwarded-* is believed only with PROXY_FIX_HOPS set (it decides
which address the per-IP login limit counts), and TRUSTED_HOSTS turns foreign Hosts away."""

import pytest
from flask import request, url_for

from peers import create_app
from tests.helpers import log_in

WRONG = "definitely-not-it-9"


def with_echo(app):
    """The app with a page that shows what it believes about the request."""
    app.add_url_rule("/_echo", "echo", lambda: {
        "remote_addr": request.remote_addr, "scheme": request.scheme, "host": request.host,
        "external": url_for("discovery.index", _external=True),
    })
    return app


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "peers.example"}


def test_forwarded_headers_are_ignored_by_default(make_app):
    client = with_echo(make_app("small")).test_client()
    seen = client.get("/_echo", headers=FORWARDED).json
    assert seen["remote_addr"] == "127.0.0.1"
    assert seen["scheme"] == "http" and seen["host"] == "localhost"


def test_one_proxy_hop_is_believed_when_configured(make_app):
    client = with_echo(make_app("small", PROXY_FIX_HOPS=1)).test_client()
    seen = client.get("/_echo", headers=FORWARDED).json
    assert seen["remote_addr"] == "203.0.113.7"
    assert seen["external"] == "https://peers.example/"
    # A client's own forged value comes first; the proxy appends the address it saw.
    chain = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    assert client.get("/_echo", headers=chain).json["remote_addr"] == "203.0.113.7"


def test_without_proxy_fix_a_forged_address_cannot_dodge_the_login_limit(make_app, make_user):
    app = make_app("small")
    make_user(app, email="w@example.org")
    for i in range(5):
        log_in(app.test_client(), f"guess{i}@example.org", WRONG,
               headers={"X-Forwarded-For": f"198.51.100.{i}"})
    response = log_in(app.test_client(), "other@example.org", WRONG,
                      headers={"X-Forwarded-For": "198.51.100.99"})
    assert response.status_code == 429


def test_behind_a_proxy_the_limit_counts_the_real_client(make_app, make_user):
    app = make_app("small", PROXY_FIX_HOPS=1)
    make_user(app, email="w@example.org")
    behind = {"X-Forwarded-For": "203.0.113.7"}
    for i in range(5):
        log_in(app.test_client(), f"guess{i}@example.org", WRONG, headers=behind)
    assert log_in(app.test_client(), "w@example.org", headers=behind).status_code == 429
    # Everyone comes from the proxy's address, but another client is not locked out.
    other = {"X-Forwarded-For": "203.0.113.8"}
    assert log_in(app.test_client(), "w@example.org", headers=other).status_code == 302


def test_a_foreign_host_gets_400_when_trusted_hosts_is_set(make_app, monkeypatch):
    monkeypatch.setenv("PEERS_TRUSTED_HOSTS", '["peers.example", ".peers.example"]')
    client = make_app("small").test_client()
    foreign = client.get("/platforms", headers={"Host": "evil.example"})
    assert foreign.status_code == 400
    assert b"does not answer to that host" in foreign.data
    api = client.get("/api/v1/platforms", headers={"Host": "evil.example"})
    assert api.status_code == 400 and api.json["error"]["code"] == "bad_request"
    assert client.get("/platforms", headers={"Host": "peers.example"}).status_code == 200
    assert client.get("/platforms", headers={"Host": "www.peers.example"}).status_code == 200


def test_any_host_is_served_when_trusted_hosts_is_unset(make_app):
    client = make_app("small").test_client()
    assert client.get("/platforms", headers={"Host": "anything.example"}).status_code == 200


def test_settings_come_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("PEERS_PROXY_FIX_HOPS", "2")
    monkeypatch.setenv("PEERS_TRUSTED_HOSTS", '["peers.example"]')
    app = make_app("small")
    assert app.config["PROXY_FIX_HOPS"] == 2
    assert app.config["TRUSTED_HOSTS"] == ["peers.example"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("PEERS_TRUSTED_HOSTS", "peers.example", "must be a list of host names"),
    ("PEERS_TRUSTED_HOSTS", '[""]', "must be a list of host names"),
    ("PEERS_PROXY_FIX_HOPS", "-1", "PROXY_FIX_HOPS must be a whole number"),
    ("PEERS_PROXY_FIX_HOPS", "one", "PROXY_FIX_HOPS must be a whole number"),
])
def test_a_mistyped_setting_stops_the_start(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
