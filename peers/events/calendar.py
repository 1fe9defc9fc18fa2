"""Meetups as iCalendar (RFC 5545): one file per meetup, and the feed of upcoming ones."""

from datetime import UTC
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from peers.accounts.emails import site_link
from peers.events.models import Event


def _where(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.city, event.online_url) if part)


def _entry(event: Event, host: str) -> CalendarEvent:
    zone = ZoneInfo(event.timezone)
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{host}")
    entry.add("dtstamp", event.updated_at.replace(tzinfo=UTC))
    entry.add("dtstart", event.starts_at.replace(tzinfo=UTC).astimezone(zone))
    entry.add("dtend", event.ends_at.replace(tzinfo=UTC).astimezone(zone))
    entry.add("summary", event.title)
    entry.add("location", _where(event))
    entry.add("url", site_link("events.show", event_id=event.id))
    if event.details:
        entry.add("description", event.details)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def calendar(events: list[Event], name: str) -> bytes:
    """An iCalendar file of these meetups, each in its own time zone (VTIMEZONE included)."""
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "peers.invalid"
    cal = Calendar()
    cal.add("prodid", "-//Peers//Meetups//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_entry(event, host))
    cal.add_missing_timezones()
    return cal.to_ical()
