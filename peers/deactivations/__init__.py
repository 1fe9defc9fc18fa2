"""Deactivations: workers report being cut off a platform; aggregates per platform, how to
appeal, the rights that apply, and a data-access request letter."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, reports as a kind, the handlers and the platform page's summary."""
    from peers import community as engine
    from peers.deactivations import queries, signals_handlers, views
    from peers.deactivations.kind import DEACTIVATION_REPORTS

    app.register_blueprint(views.bp)
    engine.register(app, DEACTIVATION_REPORTS)
    signals_handlers.connect()
    # The platform page shows a platform's deactivation aggregates (one query set per page).
    app.jinja_env.globals["deactivation_summary"] = (
        lambda platform_id: queries.summary(platform_id, app.config["MIN_REVIEWS_TO_SHOW"]))
