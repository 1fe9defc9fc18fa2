"""Who may use each endpoint of the site: the table the access tests walk app.url_map
against, and a client logged in as any account."""

from peers.accounts.models import User
from peers.extensions import db

PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in account
AUTHOR = "author"  # the review's own author
REPRESENTATIVE = "representative"  # the platform's verified representative
MODERATOR = "moderator"  # moderators and admins
VENDOR = "vendor"  # vendor accounts (their own business only: tested in tests/marketplace)

ACCESS = {
    "static": PUBLIC,
    "health.healthz": PUBLIC,
    # discovery and insights
    "discovery.index": PUBLIC, "discovery.discover": PUBLIC, "discovery.platforms": PUBLIC,
    "discovery.platform": PUBLIC, "discovery.category": PUBLIC,
    "insights.compare": PUBLIC, "insights.issues": PUBLIC,
    # the JSON API is read-only and open
    "api.discover": PUBLIC, "api.openapi": PUBLIC, "api.platforms": PUBLIC,
    "api.platform": PUBLIC, "api.platform_ratings": PUBLIC, "api.ratings_csv": PUBLIC,
    "api.offers": PUBLIC, "api.vendor": PUBLIC, "api.catalog_report": PUBLIC,
    # corrections and suggested platforms: confirmed workers suggest, moderators decide
    "catalog.suggest_correction": LOGIN, "catalog.suggest_platform": LOGIN,
    "catalog.decide": MODERATOR,
    "api.earnings_csv": PUBLIC, "money.calculator": PUBLIC,
    # accounts
    "accounts.signup": PUBLIC, "accounts.login": PUBLIC, "accounts.logout": PUBLIC,
    "accounts.confirm_email": PUBLIC, "accounts.deleted": PUBLIC, "accounts.privacy": PUBLIC,
    "accounts.account": LOGIN, "accounts.resend_confirmation": LOGIN,
    "accounts.change_password": LOGIN, "accounts.export": LOGIN, "accounts.delete": LOGIN,
    "accounts.reset_request": PUBLIC, "accounts.reset_password": PUBLIC,
    "accounts.change_email": LOGIN, "accounts.cancel_email_change": LOGIN,
    "accounts.confirm_email_change": PUBLIC,
    # ratings and what people do with reviews
    "ratings.write": LOGIN, "ratings.edit": AUTHOR, "ratings.delete": AUTHOR,
    "ratings.history": AUTHOR, "statements.upload": AUTHOR,
    "community.helpful": LOGIN, "community.flag": LOGIN, "community.reply": REPRESENTATIVE,
    # moderation
    "moderation.queue": MODERATOR, "moderation.hidden": MODERATOR, "moderation.log": MODERATOR,
    "moderation.decide": MODERATOR, "moderation.decide_vendor_review": MODERATOR,
    "statements.queue": MODERATOR, "statements.download": MODERATOR,
    "statements.decide": MODERATOR,
    # marketplace
    "marketplace.index": PUBLIC, "marketplace.offer": PUBLIC, "marketplace.vendor": PUBLIC,
    "marketplace.review": LOGIN, "marketplace.helpful": LOGIN, "marketplace.flag": LOGIN,
    "marketplace.profile": VENDOR, "marketplace.my_offers": VENDOR,
    "marketplace.new_offer": VENDOR, "marketplace.edit_offer": VENDOR,
    "marketplace.withdraw_offer": VENDOR, "marketplace.relist_offer": VENDOR,
    # campaigns: reading is open; acting needs an account (the services check the rest:
    # confirmed; the organizer is the "author"; tested in tests/campaigns)
    "campaigns.index": PUBLIC, "campaigns.show": PUBLIC, "campaigns.printable": PUBLIC,
    "campaigns.supporters_csv": PUBLIC, "campaigns.new": LOGIN, "campaigns.support": LOGIN,
    "campaigns.withdraw": LOGIN, "campaigns.post_update": AUTHOR,
    "campaigns.respond": REPRESENTATIVE,
    "campaigns.flag": LOGIN, "campaign_updates.flag": LOGIN,
    "campaigns.decide": MODERATOR, "campaigns.decide_update": MODERATOR,
    "api.campaigns": PUBLIC, "api.campaign": PUBLIC,
    # deactivations; the letter is open and stores nothing
    "deactivations.index": PUBLIC, "deactivations.platform": PUBLIC,
    "deactivations.data_request_letter": PUBLIC, "deactivations.report": LOGIN,
    "deactivations.flag": LOGIN, "deactivations.decide": MODERATOR,
    "independence.page": PUBLIC,
    # meetups: reading is open; the organizer (the "author") cancels
    "events.index": PUBLIC, "events.feed": PUBLIC, "events.show": PUBLIC, "events.ics": PUBLIC,
    "api.events": PUBLIC, "events.new": LOGIN, "events.rsvp": LOGIN, "events.withdraw": LOGIN,
    "events.flag": LOGIN, "events.cancel": AUTHOR, "events.decide": MODERATOR,
    # following; the unsubscribe link is signed, so it needs no login (a forged one is a 400)
    "follows.follow_platform": LOGIN, "follows.unfollow_platform": LOGIN,
    "follows.follow_campaign": LOGIN, "follows.unfollow_campaign": LOGIN,
    "follows.following": LOGIN, "follows.unsubscribe": PUBLIC,
}

# Who is let in (True) or refused (False), per class; people not named are not checked
# (for instance a vendor rating a vendor: a business rule, tested with its feature).
EXPECTED = {
    PUBLIC: {"anonymous": True, "worker": True, "moderator": True, "vendor": True},
    LOGIN: {"anonymous": False, "worker": True, "moderator": True},
    AUTHOR: {"anonymous": False, "author": True, "worker": False, "moderator": False},
    REPRESENTATIVE: {"anonymous": False, "representative": True, "worker": False,
                     "moderator": False},
    MODERATOR: {"anonymous": False, "worker": False, "vendor": False, "author": False,
                "moderator": True, "admin": True},
    VENDOR: {"anonymous": False, "worker": False, "moderator": False, "admin": False,
             "vendor": True},
}


def endpoints(app) -> dict[str, list]:
    rules: dict[str, list] = {}
    for rule in app.url_map.iter_rules():
        rules.setdefault(rule.endpoint, []).append(rule)
    return rules


def client_as(app, user_id: int | None):
    """A client logged in as this account (its current session version), or anonymous."""
    client = app.test_client()
    if user_id is not None:
        with app.app_context():
            token = db.session.get(User, user_id).get_id()
        with client.session_transaction() as session:
            session["_user_id"] = token
            session["_fresh"] = True
    return client
