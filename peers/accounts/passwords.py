"""Password hashing (argon2id) and the rules a new password must meet."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 8
MAX_LENGTH = 256
# argon2id with argon2-cffi's RFC 9106 "low memory" profile: t=3, m=64 MiB, p=4.
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *user_inputs: str) -> str | None:
    """Why a new password is refused, in words for the user; None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    # zxcvbn knows the common-password lists; it is slow on very long input, which is
    # never weak anyway.
    if len(password) <= 64:
        result = zxcvbn(password, user_inputs=[u for u in user_inputs if u])
        if result["score"] < 2:
            return ("That password is too common or too easy to guess. "
                    "Try a few unrelated words together.")
    return None
