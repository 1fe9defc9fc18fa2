"""Configuration: defaults here, then instance/config.py, then PEERS_* variables, then overrides.

Every setting can be given in the environment with the PEERS_ prefix, for example
PEERS_DATABASE_URL=postgresql+psycopg://... or PEERS_INDEX_DIR=/var/lib/peers/index.
"""

from collections.abc import Mapping
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    """Embedded defaults: SQLite and a local index under the instance folder."""

    SECRET_KEY = "dev-only-insecure-key"  # `make run` writes a random one to instance/config.py
    DATABASE_URL = None  # default: sqlite:///<instance>/peers.db
    INDEX_DIR = None  # default: <instance>/index
    CATALOG_PATH = str(PROJECT_ROOT / "data" / "platforms.yaml")
    VOCABULARY_PATH = str(PROJECT_ROOT / "data" / "vocabulary.yaml")
    # How often a process compares the index with the database and catches up (seconds).
    INDEX_CATCHUP_SECONDS = 30
    RESULTS_PER_PAGE = 20
    PLATFORMS_PER_PAGE = 24
    MAX_CONTENT_LENGTH = 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    JSON_SORT_KEYS = False


def load_config(app: Flask, overrides: Mapping | None) -> None:
    """Fill app.config in order: defaults, instance file, environment, overrides."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("PEERS")
    if overrides:
        app.config.from_mapping(overrides)
    instance = Path(app.instance_path)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'peers.db'}"
    if not app.config.get("INDEX_DIR"):
        app.config["INDEX_DIR"] = str(instance / "index")
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
