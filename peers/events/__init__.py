"""Meetups: workers meet in their city or online; RSVPs, a waiting list, iCalendar files."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the meetup pages, meetups as a kind, and the account handlers."""
    from peers import community as engine
    from peers.events import signals_handlers, views
    from peers.events.kind import EVENTS

    app.register_blueprint(views.bp)
    engine.register(app, EVENTS)
    signals_handlers.connect()
    app.jinja_env.filters["in_zone"] = in_zone


def in_zone(moment: datetime, zone: str) -> datetime:
    """A stored UTC time as the clock shows it in that zone."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone))
