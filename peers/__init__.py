"""Peers: where gig and sharing-economy workers find where to earn."""

import logging
import os
from collections.abc import Mapping

from flask import Flask

from peers import errors, links, models, search, security, statscache, urls  # noqa: F401 (models)
from peers.accounts import loader  # noqa: F401  (registers Flask-Login's user loader)
from peers.accounts.views import bp as accounts_bp
from peers.api import bp as api_bp
from peers.cli import peers_cli
from peers.config import PROJECT_ROOT, load_config
from peers.discovery import representatives
from peers.discovery import search as platform_search
from peers.discovery.views import bp as discovery_bp
from peers.extensions import csrf, db, limiter, login_manager, migrate
from peers.health import bp as health_bp
from peers.marketplace import search as offer_search
from peers.marketplace import signals_handlers as marketplace_signals
from peers.marketplace.views import bp as marketplace_bp
from peers.moderation import signals_handlers as moderation_signals
from peers.moderation.views import bp as moderation_bp
from peers.ratings import signals_handlers as ratings_signals
from peers.ratings.community_views import bp as community_bp
from peers.ratings.insights_views import bp as insights_bp
from peers.ratings.views import bp as ratings_bp


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI, error handlers."""
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
    urls.init_app(app)  # bounded <int:...> ids, before the blueprints add their routes
    register_blueprints(app)
    register_signals()
    register_commands(app)
    register_errorhandlers(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    search.init_app(app)  # keeps the indexes below current after each commit
    platform_search.init_app(app)
    offer_search.init_app(app)
    statscache.init_app(app)
    links.init_app(app)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(discovery_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(ratings_bp)
    app.register_blueprint(community_bp)
    app.register_blueprint(insights_bp)
    app.register_blueprint(marketplace_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(health_bp)
    csrf.exempt(api_bp)  # the JSON API is read-only (GET) for now; no cookie-authenticated writes


def register_signals() -> None:
    # Each feature's part of account deletion and export; this order is the export's order.
    ratings_signals.connect_signals()
    moderation_signals.connect_signals()
    marketplace_signals.connect_signals()
    representatives.connect_signals()


def register_commands(app: Flask) -> None:
    app.cli.add_command(peers_cli)


def register_errorhandlers(app: Flask) -> None:
    errors.register(app)
