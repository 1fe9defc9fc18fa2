"""Reads of the accounts feature, and the export of everything the site holds about a user.

Accounts exports the account row; every other feature adds its own part through the
account_exporting signal (peers.accounts.signals), so accounts reads no other feature's tables.
"""

from typing import Any

import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.signals import account_exporting
from peers.core import plain_row
from peers.extensions import db

EXPORT_FORMAT = 1
ACCOUNT_FIELDS = ("id", "email", "pending_email", "display_name", "role", "email_confirmed_at",
                  "created_at", "last_login_at")


def user_by_email(email: str) -> User | None:
    """The account with this email (compared lowercased), or None."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def export_data(user: User) -> dict[str, Any]:
    """Everything the site holds about this user, as JSON-ready data (never the password)."""
    export: dict[str, Any] = {"format": EXPORT_FORMAT, "account": plain_row(user, ACCOUNT_FIELDS)}
    # reviews, votes, flags, replies (ratings); moderation_decisions (moderation); vendor,
    # vendor_reviews, ... (marketplace); account.represents_platform (discovery)
    account_exporting.send(user, export=export)
    return export
