"""JSON route of meetups: the upcoming ones, nearest to a place first when one is given.

peers.api.views adds this route to the /api/v1 blueprint. Cancelled and hidden meetups are
never listed; times are UTC with the meetup's own time zone beside them.
"""

from typing import Any

from flask import request, url_for

from peers.api.serializers import page_json
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.errors import json_error
from peers.events import queries
from peers.events.models import Event
from peers.pagination import int_arg, page_arg

MAX_PER_PAGE = 100


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "title": event.title,
        "details": event.details,
        "city": event.city,
        "country": event.country,
        "venue": event.venue,
        "online_url": event.online_url,
        "starts_at": event.starts_at.isoformat() + "Z",
        "ends_at": event.ends_at.isoformat() + "Z",
        "timezone": event.timezone,
        "capacity": event.capacity,
        "going": event.going_count,
        "waiting": event.waiting_count,
        "platforms": [p.slug for p in event.platforms],
        "topics": list(event.topics),
        "page": url_for("events.show", event_id=event.id, _external=True),
        "ics": url_for("events.ics", event_id=event.id, _external=True),
    }


def events():
    near = (request.args.get("near") or "").strip()
    place = None
    if near:
        try:
            place = resolve_place(near)
        except PlaceNotFound as exc:
            return json_error("invalid_parameter", str(exc), 400, "near")
    city = place.name.split(",")[0] if place and place.kind == "city" else None
    per_page = int_arg("per_page", 20, maximum=MAX_PER_PAGE)
    found = queries.upcoming(page_arg(), per_page, city,
                             place.country_code if place else None)
    return page_json("events", found, event_json)
