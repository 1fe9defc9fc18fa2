"""Helpers for the accounts tests: forms posted the way a browser does, and the mail folder."""

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from peers.accounts import passwords
from tests.conftest import PASSWORD, csrf_token

# The site's real hasher (argon2id, 64 MiB): one test checks it; the others use a light one.
REAL_HASHER = passwords._hasher

NEW_PASSWORD = "quartz-lantern-meadow-77"


def post_form(client, page: str, url: str, data: dict, **kwargs):
    """POST a form with the CSRF token of `page`, as a browser would after opening it."""
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def sign_up(client, email="new@example.org", password=PASSWORD, **fields):
    """Fill in and send the sign-up form."""
    data = {"email": email, "password": password, "confirm": password, **fields}
    return post_form(client, "/account/signup", "/account/signup", data)


def log_in(client, email, password=PASSWORD, remember=False, next_url=None, **kwargs):
    """Fill in and send the login form."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    url = "/account/login" + (f"?next={next_url}" if next_url else "")
    return post_form(client, "/account/login", url, data, **kwargs)


def mails(app) -> list:
    """Every message the file backend wrote, oldest first."""
    folder = Path(app.instance_path) / "mail"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in files]


def confirmation_link(message) -> str:
    """The path of the confirmation link in a message."""
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"https?://[^/\s]+(/account/confirm/\S+)", body)
    assert match, body
    return match.group(1)


def text(response) -> str:
    """The page's visible text, whitespace collapsed."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(autouse=True)
def light_hashing(monkeypatch):
    """argon2id with small parameters: a quarter second per hash adds up over 100 tests."""
    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def app(make_app, tmp_path, monkeypatch):
    """The small catalog, with its own instance folder (mail goes there)."""
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    return make_app("small")


@pytest.fixture
def client(app):
    return app.test_client()
