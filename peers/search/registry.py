"""The derived indexes of an app, by name: rebuilt by the CLI, checked by /healthz, kept current
by the session hooks and by catch-up."""

from flask import Flask, current_app

from peers.extensions import db
from peers.search.storage import DerivedIndex

REGISTRY = "peers_indexes"


def register(app: Flask, search_index: DerivedIndex) -> None:
    """Make an index one of the app's: rebuilt by the CLI, checked by /healthz, kept current."""
    app.extensions.setdefault(REGISTRY, {})[search_index.name] = search_index


def registered(app: Flask | None = None) -> dict[str, DerivedIndex]:
    """The app's indexes by name, in the order they were registered."""
    return (app or current_app).extensions.get(REGISTRY, {})


def get(name: str, app: Flask | None = None) -> DerivedIndex:
    """The app's index of this name."""
    return registered(app)[name]


def catch_up_if_due(name: str) -> None:
    """Bring this index level with the database when INDEX_CATCHUP_SECONDS have passed since
    this process last looked: the step a request takes before it searches (never the search
    itself, which only reads)."""
    get(name).catch_up_if_due(db.session, current_app.config["INDEX_CATCHUP_SECONDS"])
