"""What moderation adds when an account is exported. Handlers run in the sender's
transaction and only read."""

from typing import Any

from peers.accounts.models import User
from peers.accounts.signals import account_exporting
from peers.moderation import queries


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    """The moderator's decisions."""
    export.update(queries.export_for_user(user.id))


def connect_signals() -> None:
    """Connect moderation's part of the account export."""
    account_exporting.connect(on_account_exporting)
