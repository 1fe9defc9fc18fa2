"""What ratings does when an account changes; peers.ratings.init_app connects them. Handlers
run in the sender's transaction: they flush, never commit."""

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


def connect() -> None:
    """Connect the handlers; connecting them again (a second app) changes nothing."""
    email_confirmed.connect(on_email_confirmed)
    account_deleting.connect(on_account_deleting)
