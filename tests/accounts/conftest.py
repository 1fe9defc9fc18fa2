"""Accounts tests: a light password hasher (the real one is checked by one test), and the small
site with an instance folder of its own for the mail it writes."""

import pytest


@pytest.fixture(autouse=True)
def _light_hashing(light_hashing):
    """Every accounts test hashes with the light hasher."""


@pytest.fixture
def app(make_app, tmp_path, monkeypatch):
    """The small catalog, with its own instance folder (mail goes there)."""
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    return make_app("small")


@pytest.fixture
def client(app):
    return app.test_client()
