"""Peers: where gig and sharing-economy workers find where to earn."""

import logging
import os
from collections.abc import Mapping

from flask import Flask

from peers import (
    accounts,
    api,
    campaigns,
    catalog,
    community,
    deactivations,
    discovery,
    errors,
    events,
    follows,
    independence,
    links,
    marketplace,
    moderation,
    money,
    ops,
    ratings,
    search,
    security,
    statscache,
    tasks,
    urls,
)
from peers.cli import peers_cli
from peers.config import PROJECT_ROOT, load_config
from peers.extensions import csrf, db, install_engine_hooks, limiter, login_manager, migrate

# In the order their pages are matched and their kinds are listed (platform reviews first).
FEATURES = (discovery, accounts, community, ratings, marketplace, campaigns, deactivations,
            follows, events, moderation, catalog, money, independence, api, ops)


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application: config, extensions, features, error handlers."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("PEERS_INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    load_config(app, config)
    os.makedirs(app.instance_path, exist_ok=True)  # where SQLite, the index and mail live
    register_extensions(app)
    security.init_app(app)  # proxy headers, request size, security response headers
    urls.init_app(app)  # bounded <int:...> ids, before the features add their routes
    register_features(app)
    errors.register(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    install_engine_hooks()  # SQLite: foreign keys, WAL, when a transaction takes the lock
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    search.init_app(app)  # keeps every index a feature registers current after each commit
    statscache.init_app(app)
    links.init_app(app)
    tasks.init_app(app)  # the queue mail and digests go through (peers.tasks)


def register_features(app: Flask) -> None:
    """Each feature registers its blueprints, commands, handlers, kinds and indexes itself."""
    app.cli.add_command(peers_cli)
    for feature in FEATURES:
        feature.init_app(app)
