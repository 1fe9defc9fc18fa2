"""What the marketplace does when an account goes; peers.marketplace.init_app connects it.
Handlers run in the sender's transaction: they flush, never commit."""

from peers.accounts.models import User
from peers.accounts.signals import account_deleting
from peers.marketplace.reviews import services as reviews


def on_account_deleting(user: User, keep_reviews: bool = False, **_extra) -> None:
    """The vendor profile and its offers go; reviews of vendors are kept or removed as chosen."""
    reviews.remove_vendor_of(user)
    reviews.release_vendor_reviews(user, keep=keep_reviews)


def connect() -> None:
    """Connect the handler; connecting it again (a second app) changes nothing."""
    account_deleting.connect(on_account_deleting)
