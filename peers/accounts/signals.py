"""What other features may react to, without accounts knowing about them."""

from blinker import Namespace

_signals = Namespace()

# sender: the User, inside the request's transaction (handlers flush, never commit).
email_confirmed = _signals.signal("email-confirmed")
# sender: the User about to be deleted; keyword keep_reviews: bool.
account_deleting = _signals.signal("account-deleting")
# sender: the User; keyword export: the dict being built (already "format" and "account").
# Each feature adds its own keys to it, read-only, JSON-ready.
account_exporting = _signals.signal("account-exporting")
