"""Campaigns: workers take on a shared problem together, platform by platform."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the campaign pages, campaigns and their updates as kinds, the handlers."""
    # Imported here, not at the top: importing this package's models must not load its routes.
    from peers import community as engine
    from peers.campaigns import queries, signals_handlers, views
    from peers.campaigns.kind import CAMPAIGN_UPDATES, CAMPAIGNS

    app.register_blueprint(views.bp)
    app.register_blueprint(views.updates_bp)
    engine.register(app, CAMPAIGNS)
    engine.register(app, CAMPAIGN_UPDATES)
    signals_handlers.connect()
    # The issue map links each cell to the campaigns about it (one query for the whole map).
    app.jinja_env.globals["campaigns_by_issue"] = queries.counts_by_issue
