"""What ratings does when an account changes. Connected at import (peers.ratings.views imports
this module, so every app has them). Handlers run in the sender's transaction: they flush."""

from peers.accounts.models import User
from peers.accounts.signals import account_deleting, email_confirmed
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


email_confirmed.connect(on_email_confirmed)
account_deleting.connect(on_account_deleting)
