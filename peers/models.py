"""Every feature's tables in one metadata, for Alembic and the commands that need them all."""

from sqlalchemy import MetaData

from peers.accounts import models as accounts
from peers.campaigns import models as campaigns
from peers.catalog import models as catalog
from peers.deactivations import models as deactivations
from peers.discovery import models as discovery
from peers.events import models as events
from peers.extensions import db
from peers.follows import models as follows
from peers.marketplace import models as marketplace
from peers.moderation import models as moderation
from peers.ratings import models as ratings

FEATURE_MODELS = (accounts, discovery, ratings, marketplace, campaigns, deactivations, follows,
                  events, moderation, catalog)


def metadata() -> MetaData:
    """The metadata holding every feature's tables: the modules above define them on it."""
    return db.metadata
