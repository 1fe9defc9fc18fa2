"""A throwaway production site: its own PostgreSQL database, Redis prefix, instance folder.

Everything the run creates is named after one random token, so that the run can remove it all
afterwards and never touches another site's data.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from peers.config import PROJECT_ROOT

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
# All load comes from 127.0.0.1, one "IP": these replace the per-IP limits for the run only.
RAISED_LIMITS = {"SIGNUP_LIMIT": "100000 per hour", "LOGIN_LIMIT": "100000 per minute"}
CATCHUP_SECONDS = 5  # how late another worker may see an index change; the checks wait for it
WORKERS = 4  # several processes writing the indexes at once
DEMO_REVIEWS = 300


@dataclass
class Site:
    """Where the run's site lives and the settings its processes share."""

    token: str
    folder: Path
    database_url: str
    settings: dict[str, object]

    @property
    def log(self) -> Path:
        return self.folder / "gunicorn.log"

    @property
    def mail(self) -> Path:
        return self.folder / "instance" / "mail"

    def environ(self) -> dict[str, str]:
        """The environment of the site's processes: the run's PEERS_* settings (JSON where not
        text) and none of the caller's, which could point at another site's data."""
        env = {name: value for name, value in os.environ.items()
               if not name.startswith("PEERS_")}
        env.update({"PEERS_INSTANCE_PATH": str(self.folder / "instance"),
                    "WEB_CONCURRENCY": str(WORKERS), "FLASK_APP": "peers"})
        for name, value in self.settings.items():
            env[f"PEERS_{name}"] = value if isinstance(value, str) else json.dumps(value)
        return env


def _admin_engine(server_url: str) -> sa.Engine:
    url = make_url(server_url).set(database="postgres")
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


@contextmanager
def fresh_database(server_url: str, name: str, keep: bool) -> Iterator[str]:
    """Create database `name` on the server; drop it afterwards unless asked to keep it."""
    engine = _admin_engine(server_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def redis_if_reachable(url: str) -> redis.Redis | None:
    """A client for the limits' Redis, or None when it does not answer (limits stay in memory)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        return None
    return client


def forget_limits(client: redis.Redis, prefix: str) -> None:
    """Delete the run's rate-limit counters (their keys carry the run's own prefix)."""
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)


@contextmanager
def production_site(base_url: str, keep: bool) -> Iterator[Site]:
    """A migrated PostgreSQL site with the catalog, demo data and indexes, configured as in
    docs/deploy.md for `base_url`; removed afterwards unless `keep`."""
    token = secrets.token_hex(4)
    server = os.environ.get("LOADTEST_POSTGRES_URL", DEFAULT_POSTGRES)
    redis_url = os.environ.get("LOADTEST_REDIS_URL", DEFAULT_REDIS)
    limits = redis_if_reachable(redis_url)
    with fresh_database(server, f"peers_loadtest_{token}", keep) as database_url:
        folder = Path(tempfile.mkdtemp(prefix=f"peers-loadtest-{token}-"))
        site = Site(token, folder, database_url, {
            "ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url, "INDEX_DIR": str(folder / "index"),
            "SITE_URL": base_url, "TRUSTED_HOSTS": ["127.0.0.1"],
            "INDEX_CATCHUP_SECONDS": CATCHUP_SECONDS, **RAISED_LIMITS,
        })
        if limits is not None:
            site.settings["REDIS_URL"] = redis_url
            site.settings["RATELIMIT_KEY_PREFIX"] = f"peers-loadtest-{token}"
        try:
            _flask(site, "init")
            _flask(site, "demo-data", "--reviews", str(DEMO_REVIEWS))
            yield site
        finally:
            if limits is not None:
                forget_limits(limits, f"peers-loadtest-{token}")
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)


def _flask(site: Site, *args: str) -> None:
    """`flask peers ...` with the site's environment, as an operator would run it."""
    command = [sys.executable, "-m", "flask", "peers", *args]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=site.environ(), capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"flask peers {' '.join(args)} failed:\n{done.stderr[-3000:]}")
