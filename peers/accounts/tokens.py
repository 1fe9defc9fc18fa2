"""Signed tokens for the links in emails: confirming an address, resetting a password.

Each kind has its own salt, so a token made for one purpose never passes for another. They are
signed, not encrypted: anyone holding one can read its payload, so it never holds a secret
(a reset token carries a digest of the password hash, not the hash).
"""

import hashlib
import hmac
import time
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

CONFIRM_EMAIL = "peers.accounts.confirm-email"
CHANGE_EMAIL = "peers.accounts.change-email"
RESET_PASSWORD = "peers.accounts.reset-password"


class TokenExpired(Exception):
    """The token was genuine, but is older than its max_age."""


class TokenInvalid(Exception):
    """The token was not made by this site for this purpose (forged, cut, or another kind)."""


def clock() -> float:
    """Seconds since the epoch; the one clock tokens are stamped and checked with."""
    return time.time()


class _Signer(TimestampSigner):
    # itsdangerous reads time.time() itself; going through clock() lets a test move time.
    def get_timestamp(self) -> int:
        return int(clock())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose,
                                  signer=_Signer)


def make(purpose: str, payload: dict[str, Any]) -> str:
    """A URL-safe token holding the payload, stamped with the time."""
    return _serializer(purpose).dumps(payload)


def read(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """The payload of a token of this purpose; TokenExpired or TokenInvalid otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired from exc
    except BadSignature as exc:
        raise TokenInvalid from exc
    if not isinstance(data, dict):
        raise TokenInvalid
    return data


def password_fingerprint(password_hash: str) -> str:
    """A keyed digest of the password hash: a reset token holding it dies with the password."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def same_fingerprint(a: object, b: str) -> bool:
    """Compare fingerprints in constant time."""
    return isinstance(a, str) and hmac.compare_digest(a, b)
