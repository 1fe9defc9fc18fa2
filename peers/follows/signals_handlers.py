"""What follows do when an account goes, and their part of the account export."""

from typing import Any

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, account_exporting
from peers.follows import queries, services


def on_account_deleting(user: User, **_extra) -> None:
    services.release(user)


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    export.update(queries.export_for_user(user.id))


def connect() -> None:
    account_deleting.connect(on_account_deleting)
    account_exporting.connect(on_account_exporting)
