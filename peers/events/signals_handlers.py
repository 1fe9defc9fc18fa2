"""What meetups do when an account goes, and their part of the account export. Handlers run
in the sender's transaction: they flush, never commit."""

from typing import Any

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, account_exporting
from peers.events import queries, services


def on_account_deleting(user: User, keep_reviews: bool = False, **_extra) -> None:
    """Answers go (the first waiting move up); meetups are kept or removed as chosen."""
    services.release(user, keep=keep_reviews)


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    export.update(queries.export_for_user(user.id))


def connect() -> None:
    account_deleting.connect(on_account_deleting)
    account_exporting.connect(on_account_exporting)
