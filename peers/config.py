"""Configuration: defaults here, then instance/config.py, then PEERS_* variables, then overrides.

Every setting can be given in the environment with the PEERS_ prefix, for example
PEERS_DATABASE_URL=postgresql+psycopg://... or PEERS_INDEX_DIR=/var/lib/peers/index.
"""

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from flask import Config, Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    """Embedded defaults: SQLite and a local index under the instance folder."""

    # "production" (PEERS_ENV=production) makes cookies Secure and refuses a weak SECRET_KEY.
    ENV = "development"
    SECRET_KEY = "dev-only-insecure-key"  # `make run` writes a random one to instance/config.py
    DATABASE_URL = None  # default: sqlite:///<instance>/peers.db
    INDEX_DIR = None  # default: <instance>/index
    CATALOG_PATH = str(PROJECT_ROOT / "data" / "platforms.yaml")
    VOCABULARY_PATH = str(PROJECT_ROOT / "data" / "vocabulary.yaml")
    # How often a process compares the index with the database and catches up (seconds).
    INDEX_CATCHUP_SECONDS = 30
    RESULTS_PER_PAGE = 20
    # How long a process keeps the ratings and offer counts it shows on /discover results
    # (seconds; its own writes clear them at once; 0 reads them on every search).
    RESULTS_STATS_SECONDS = 10
    REVIEWS_PER_PAGE = 10
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
    RATELIMIT_KEY_PREFIX = "peers"  # a Redis shared with other apps keeps the counts apart
    # Redis down: each process counts on its own until it is back (logins stay throttled).
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    MAIL_BACKEND = "file"  # "file" writes messages under <instance>/mail/; "smtp" sends them
    MAIL_SENDER = "Peers <no-reply@peers.example>"
    SMTP_HOST = None
    SMTP_PORT = 587
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    EMAIL_CONFIRM_MAX_AGE = 60 * 60 * 24 * 3  # seconds a confirmation link stays valid
    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a password-reset link stays valid
    # Where links in emails point, e.g. "https://peers.example". Emails never take the
    # request's Host, which anyone can forge. Production refuses to start without it.
    SITE_URL = "http://127.0.0.1:5000"
    # Host names this site answers to, e.g. ["peers.example", ".peers.example"] (a leading dot
    # admits subdomains); a request for any other Host gets 400. None: any Host (development).
    TRUSTED_HOSTS = None
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host. 0 trusts
    # none: the headers are ignored, so a client cannot pick the address the login limit counts.
    PROXY_FIX_HOPS = 0
    HSTS_SECONDS = 60 * 60 * 24 * 365  # production only: browsers keep to https this long
    # Failed logins allowed per IP and per account (the email) before 429; they expire.
    LOGIN_LIMIT = "5 per minute"
    SIGNUP_LIMIT = "20 per hour"  # sign-up attempts per IP
    SIGNUP_MAIL_LIMIT = "3 per hour"  # emails sign-up sends to one address (link, or notice)
    CONFIRM_RESEND_LIMIT = "5 per hour"  # confirmation emails a user may ask for again
    # Password-reset requests per IP, and per email address asked about (existing or not).
    RESET_LIMIT_PER_IP = "10 per hour"
    RESET_LIMIT_PER_ACCOUNT = "3 per hour"
    EMAIL_CHANGE_LIMIT = "5 per hour"  # email-change requests per account
    SUGGESTION_LIMIT = "10 per hour"  # catalog corrections and platforms suggested per account
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
    check_mail(app.config)
    check_proxy(app.config)
    check_site_url(app.config)
    if app.config.get("ENV") == "production":
        apply_production(app.config)


# Words that mark a placeholder or hand-made key, not a random one.
_WEAK_KEY_WORDS = ("secret", "changeme", "change-me", "password", "insecure", "example", "default")
MIN_SECRET_KEY_LENGTH = 32


def secret_key_problem(key: object) -> str | None:
    """Why SECRET_KEY is unfit for production, or None."""
    if not key or not isinstance(key, str | bytes):
        return "SECRET_KEY is not set"
    text = key.decode("latin-1") if isinstance(key, bytes) else key
    if text == Defaults.SECRET_KEY:
        return "SECRET_KEY is the development default"
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(text)) < 12 or any(word in text.lower() for word in _WEAK_KEY_WORDS):
        return "SECRET_KEY looks hand-made, not random"
    return None


def apply_production(config: Config) -> None:
    """Production: Secure cookies, https links, and no start with a weak SECRET_KEY, without
    SITE_URL (https) or without TRUSTED_HOSTS."""
    problem = secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        raise RuntimeError(
            f"{problem}. In production set PEERS_SECRET_KEY to a long random value, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    site_url = config["SITE_URL"]  # check_site_url has made sure it is an address
    if site_url == Defaults.SITE_URL or urlsplit(site_url).scheme != "https":
        reason = ("is not set" if site_url == Defaults.SITE_URL
                  else f"is {site_url!r}, not an https address")
        raise RuntimeError(
            f"SITE_URL {reason}. In production set PEERS_SITE_URL to the site's public "
            "https address, e.g. PEERS_SITE_URL=https://peers.example: the links in emails "
            "are built from it, never from the request's Host.")
    if not config.get("TRUSTED_HOSTS"):
        raise RuntimeError(
            "TRUSTED_HOSTS is not set. In production set PEERS_TRUSTED_HOSTS to the host names "
            "the site answers to, e.g. PEERS_TRUSTED_HOSTS='[\"peers.example\"]'.")
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
    config["PREFERRED_URL_SCHEME"] = "https"


def check_mail(config: Config) -> None:
    """Refuse a mail setup that could never send."""
    backend = config.get("MAIL_BACKEND")
    if backend not in ("file", "smtp"):
        raise RuntimeError(f'MAIL_BACKEND must be "file" or "smtp", not {backend!r}.')
    if backend == "smtp" and not config.get("SMTP_HOST"):
        raise RuntimeError('MAIL_BACKEND is "smtp" but SMTP_HOST is not set.')


def check_site_url(config: Config) -> None:
    """Refuse a SITE_URL that is not an absolute http(s) address without path or query."""
    site_url = config.get("SITE_URL")
    parts = urlsplit(site_url) if isinstance(site_url, str) else None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.path not in ("", "/") or parts.query or parts.fragment):
        raise RuntimeError("SITE_URL must be the site's public address, like "
                           f"PEERS_SITE_URL=https://peers.example (no path), not {site_url!r}: "
                           "the links in emails are built from it.")


def check_proxy(config: Config) -> None:
    """Refuse proxy settings that would silently trust the wrong thing."""
    hops = config.get("PROXY_FIX_HOPS")
    if isinstance(hops, bool) or not isinstance(hops, int) or hops < 0:
        raise RuntimeError(f"PROXY_FIX_HOPS must be a whole number of proxies (0 = none), "
                           f"not {hops!r}.")
    hosts = config.get("TRUSTED_HOSTS")
    if hosts is not None and (not isinstance(hosts, list | tuple) or not all(
            isinstance(host, str) and host for host in hosts)):
        raise RuntimeError('TRUSTED_HOSTS must be a list of host names; in the environment a '
                           f'JSON list: PEERS_TRUSTED_HOSTS=\'["peers.example"]\', not {hosts!r}.')
