"""`make serve-prod`'s command run on a test site: gunicorn with gunicorn.conf.py and
PEERS_ENV=production, asked through a proxy's X-Forwarded-* headers."""

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
