"""`make serve-prod`'s server: gunicorn with gunicorn.conf.py and PEERS_ENV=production, behind
a proxy that sets X-Forwarded-*, answering only to its own host name."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.http import free_port
from peers.config import PROJECT_ROOT

GUNICORN = Path(sys.executable).parent / "gunicorn"
SERVE_PROD = [str(GUNICORN), "--config", "gunicorn.conf.py", "peers:create_app()"]  # as make does
STARTUP_SECONDS = 60.0
# What production refuses to start without (docs/deploy.md).
PRODUCTION = {"PEERS_ENV": "production", "PEERS_SECRET_KEY": secrets.token_urlsafe(48),
              "PEERS_SITE_URL": "https://peers.example",
              "PEERS_TRUSTED_HOSTS": '["peers.example"]'}
BEHIND_PROXY = {"Host": "peers.example", "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Host": "peers.example"}


def fetch(port: int, path: str, headers: dict) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


@contextmanager
def production_gunicorn(site, instance: Path, **settings: str) -> Iterator[tuple[int, int]]:
    """The command `make serve-prod` runs, on a test site: PEERS_ENV=production, a strong key,
    the public address and host name, the site's database and index, and these settings.
    Yields its port and the status of its first /healthz answer (the deploy hooks run before
    it listens); stops it afterwards."""
    port = free_port()
    env = {**os.environ, **PRODUCTION, "PEERS_DATABASE_URL": site.config["DATABASE_URL"],
           "PEERS_INDEX_DIR": site.config["INDEX_DIR"], "PEERS_INSTANCE_PATH": str(instance),
           "PORT": str(port), **settings}
    server = subprocess.Popen(SERVE_PROD, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert server.poll() is None, server.stdout.read()
            try:
                first_answer = fetch(port, "/healthz", BEHIND_PROXY)[0]
                break
            except OSError:  # not listening yet
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer /healthz within {STARTUP_SECONDS:g} s")
                time.sleep(0.1)
        yield port, first_answer
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)


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
