"""Security tests: light password hashing (the real argon2id is tested in tests/accounts)."""

import pytest


@pytest.fixture(autouse=True)
def _light_hashing(light_hashing):
    """Every security test hashes with the light hasher."""
