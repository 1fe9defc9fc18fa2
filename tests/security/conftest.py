"""Security tests: light password hashing (the real argon2id is tested in tests/accounts)."""

import pytest
from argon2 import PasswordHasher

from peers.accounts import passwords


@pytest.fixture(autouse=True)
def light_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
