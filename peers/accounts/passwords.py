"""Password hashing (argon2id) and the rules a new password must meet."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
ZXCVBN_MAX = 64
# argon2id with argon2-cffi's RFC 9106 "low memory" profile: t=3, m=64 MiB, p=4.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of a password, with its parameters and a random salt."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the hash; False for a wrong password or a bad hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other argon2 parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def _own_words(user_inputs: tuple[str, ...]) -> list[str]:
    """The user's email, its local part and the words in it, and their name's words."""
    words: list[str] = []
    for text in filter(None, user_inputs):
        local = text.lower().partition("@")[0]
        words += [text.lower(), local, *(w for w in re.split(r"[^a-z0-9]+", local) if len(w) > 2)]
    return words


def password_problem(password: str, *user_inputs: str) -> str | None:
    """Why a new password is refused, in words for the user; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    # zxcvbn knows the common-password lists. It is slow on very long input, so it judges
    # the first 64 characters: a long password that starts with "aaaa..." is still refused.
    result = zxcvbn(password[:ZXCVBN_MAX], user_inputs=_own_words(user_inputs))
    if result["score"] < 2:
        return ("That password is too common or too easy to guess. "
                "Try a few unrelated words together.")
    return None
