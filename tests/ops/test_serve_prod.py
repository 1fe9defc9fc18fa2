"""`make serve-prod`'s server: gunicorn with gunicorn.conf.py and PEERS_ENV=production, behind
a proxy that sets X-Forwarded-*, answering only to its own host name."""

import os
import subprocess

import pytest

from bench.http import free_port
from peers.config import PROJECT_ROOT
from tests.ops.serving import BEHIND_PROXY, PRODUCTION, SERVE_PROD, fetch, production_gunicorn


@pytest.fixture
def production_server(make_app, tmp_path):
    site = make_app("small")  # a copy of a migrated site with its index, as after `peers init`
    with production_gunicorn(site, tmp_path / "instance", PEERS_PROXY_FIX_HOPS="1",
                             WEB_CONCURRENCY="2") as (port, first_answer):
        assert first_answer == 200
        yield port


def test_gunicorn_serves_the_production_config(production_server):
    status, headers, body = fetch(production_server, "/account/login", BEHIND_PROXY)
    assert status == 200 and "Log in" in body
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    cookie = headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_gunicorn_refuses_a_foreign_host(production_server):
    status, _headers, _body = fetch(production_server, "/", {**BEHIND_PROXY,
                                                             "Host": "evil.example",
                                                             "X-Forwarded-Host": "evil.example"})
    assert status == 400


def test_production_does_not_start_with_a_weak_key(tmp_path):
    env = {**os.environ, "PEERS_ENV": "production", "PEERS_SECRET_KEY": "changeme",
           "PEERS_INSTANCE_PATH": str(tmp_path), "PORT": str(free_port())}
    result = subprocess.run(SERVE_PROD, cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["PEERS_SITE_URL", "PEERS_TRUSTED_HOSTS"])
def test_production_does_not_start_without_its_address_or_host_names(tmp_path, missing):
    env = {**os.environ, **PRODUCTION, "PEERS_INSTANCE_PATH": str(tmp_path),
           "PORT": str(free_port())}
    del env[missing]
    result = subprocess.run(SERVE_PROD, cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert f"{missing.removeprefix('PEERS_')} is not set" in result.stdout + result.stderr
    assert f"set {missing}" in result.stdout + result.stderr
