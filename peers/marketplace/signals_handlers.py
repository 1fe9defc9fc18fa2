"""What the marketplace does when an account goes, and its part of the account export;
peers.marketplace.init_app connects them. Handlers run in the sender's transaction: they flush,
never commit."""

from typing import Any

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, account_exporting
from peers.marketplace.reviews import queries as review_queries
from peers.marketplace.reviews import services as reviews


def on_account_deleting(user: User, keep_reviews: bool = False, **_extra) -> None:
    """The vendor profile and its offers go; reviews of vendors are kept or removed as chosen."""
    reviews.remove_vendor_of(user)
    reviews.release_vendor_reviews(user, keep=keep_reviews)


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    """The vendor profile and offers (for vendors), reviews of vendors, their votes and flags."""
    export.update(review_queries.export_for_user(user.id))


def connect() -> None:
    """Connect the handlers; connecting them again (a second app) changes nothing."""
    account_deleting.connect(on_account_deleting)
    account_exporting.connect(on_account_exporting)
