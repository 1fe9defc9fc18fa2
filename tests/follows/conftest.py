"""Follows tests: the small site, with an instance folder of its own for the mail it writes."""

import pytest


@pytest.fixture
def site(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    return make_app("small")
