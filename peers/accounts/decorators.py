"""View decorators about who may do what."""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort
from flask_login import current_user

from peers.accounts.models import ROLES
from peers.extensions import login_manager

P = ParamSpec("P")
R = TypeVar("R")


def role_required(*roles: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Only these roles may use the view: anonymous people log in first, others get 403."""
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"role_required needs roles from {ROLES}, got {roles!r}")

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
