"""`make serve-prod`'s server: gunicorn with gunicorn.conf.py and PEERS_ENV=production, behind
a proxy that sets X-Forwarded-*, answering only to its own host name."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from peers.config import PROJECT_ROOT

GUNICORN = Path(sys.executable).parent / "gunicorn"
BEHIND_PROXY = {"Host": "peers.example", "X-Forwarded-Proto": "https",
                "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Host": "peers.example"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict) -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def production_server(make_app, tmp_path):
    site = make_app("small")  # a copy of a migrated site with its index, as after `peers init`
    port = free_port()
    env = {**os.environ, "PEERS_ENV": "production", "PEERS_SECRET_KEY": secrets.token_urlsafe(48),
           "PEERS_DATABASE_URL": site.config["DATABASE_URL"],
           "PEERS_INDEX_DIR": site.config["INDEX_DIR"],
           "PEERS_INSTANCE_PATH": str(tmp_path / "instance"), "PEERS_PROXY_FIX_HOPS": "1",
           "PEERS_TRUSTED_HOSTS": '["peers.example"]', "PORT": str(port),
           "WEB_CONCURRENCY": "2"}
    server = subprocess.Popen(  # the command `make serve-prod` runs
        [str(GUNICORN), "--config", "gunicorn.conf.py", "peers:create_app()"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stdout.read()
            try:
                if fetch(port, "/healthz", BEHIND_PROXY)[0] == 200:
                    break
            except OSError:
                pass  # not listening yet
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz within 60 s")
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)


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
    result = subprocess.run(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "peers:create_app()"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr
