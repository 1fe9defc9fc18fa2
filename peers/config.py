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
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    REDIS_URL = None  # when set, rate limits are shared by every worker through Redis
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    MAIL_BACKEND = "file"  # "file" writes messages under <instance>/mail/; "smtp" sends them
    MAIL_SENDER = "Peers <no-reply@peers.example>"
    SMTP_HOST = None
    SMTP_PORT = 587
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    EMAIL_CONFIRM_MAX_AGE = 60 * 60 * 24 * 3  # seconds a confirmation link stays valid
    # Reviews needed before a platform shows averages instead of "not enough reviews yet".
    MIN_REVIEWS_TO_SHOW = 3
    # Bayesian average: the prior's weight in reviews, and its mean (stars).
    BAYES_PRIOR_WEIGHT = 5
    BAYES_PRIOR_MEAN = 3.0
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
    if app.config.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
