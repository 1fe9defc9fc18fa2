"""What ratings does when an account changes, and its part of the account export;
peers.ratings.init_app connects them. Handlers run in the sender's transaction: they flush."""

from typing import Any

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, account_exporting, email_confirmed
from peers.ratings import export as ratings_export
from peers.ratings import services


def on_email_confirmed(user: User, **_extra) -> None:
    """The author's reviews start to count."""
    services.recount_author(user)


def on_account_deleting(user: User, keep_reviews: bool = False, **_extra) -> None:
    """Keep the reviews as "a former member's", or remove them; the aggregates follow."""
    if keep_reviews:
        services.release_reviews(user)
    else:
        services.remove_reviews(user)


def on_account_exporting(user: User, export: dict[str, Any], **_extra) -> None:
    """Reviews with their history, helpful votes, flags and replies."""
    export.update(ratings_export.export_for_user(user.id))


def connect() -> None:
    """Connect the handlers; connecting them again (a second app) changes nothing."""
    email_confirmed.connect(on_email_confirmed)
    account_deleting.connect(on_account_deleting)
    account_exporting.connect(on_account_exporting)
