"""Which platform an account represents: the User row keeps the id, discovery knows the rest.

A verified representative may reply once under its platform's reviews; the account page and
the account export name the platform through here, so accounts never reads the catalog.
"""

from typing import Any

from peers.accounts import queries as account_queries
from peers.accounts.models import User
from peers.accounts.signals import account_exporting
from peers.discovery import queries
from peers.discovery.models import Platform
from peers.errors import Refused
from peers.extensions import db


def represented_platform(user: Any) -> Platform | None:
    """The platform this account represents, or None (for templates: any user or none)."""
    return queries.platform_by_id(getattr(user, "represents_platform_id", None))


def set_representative(email: str, platform_slug: str | None) -> tuple[User, Platform | None]:
    """Make an account the verified representative of a platform (None: of no platform)."""
    user = account_queries.user_by_email(email)
    if user is None:
        raise Refused(f"No account uses {email}.", "email")
    platform = None
    if platform_slug is not None:
        platform = queries.platform_by_slug(platform_slug)
        if platform is None:
            raise Refused(f"No platform has the slug {platform_slug!r}.", "platform")
    user.represents_platform_id = platform.id if platform else None
    db.session.flush()
    return user, platform


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    """The export's account names the represented platform by slug."""
    platform = represented_platform(user)
    export["account"]["represents_platform"] = platform.slug if platform else None


def connect_signals() -> None:
    """Add the represented platform to every account export."""
    account_exporting.connect(on_account_exporting)
