"""The OpenAPI entries of the meetups list (merged into peers.api.openapi's document)."""

from typing import Any

from peers.api.openapi_marketplace import ERROR, NULLABLE_STRING, TEXT
from peers.pagination import MAX_PAGE

SCHEMAS: dict[str, Any] = {
    "Event": {
        "type": "object",
        "description": "An upcoming meetup workers organized. Times are UTC; `timezone` is "
                       "the zone its organizer gave (an IANA name).",
        "required": ["id", "title", "details", "city", "country", "venue", "online_url",
                     "starts_at", "ends_at", "timezone", "capacity", "going", "waiting",
                     "platforms", "topics", "page", "ics"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "details": {"type": "string"},
            "city": {"type": "string"},
            "country": {"type": "string", "description": "ISO 3166-1 alpha-2"},
            "venue": NULLABLE_STRING,
            "online_url": NULLABLE_STRING,
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "timezone": {"type": "string", "description": "e.g. Europe/Paris"},
            "capacity": {"type": "integer", "minimum": 1},
            "going": {"type": "integer", "minimum": 0},
            "waiting": {"type": "integer", "minimum": 0},
            "platforms": {"type": "array", "items": {"type": "string"},
                          "description": "slugs of the platforms it is about"},
            "topics": {"type": "array", "items": {"type": "string"},
                       "description": "issue tags of the issue map"},
            "page": {"type": "string", "description": "the meetup's page on this site"},
            "ics": {"type": "string", "description": "its iCalendar file"},
        },
    },
}


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


PATHS: dict[str, Any] = {
    "/events": {"get": {
        "summary": "Upcoming meetups, nearest to a place first",
        "description": "Meetups that have not ended, neither cancelled nor hidden. With near, "
                       "those in the same city come first, then the same country, then the "
                       "rest; soonest first within each. The same list as /events.ics.",
        "parameters": [
            _param("near", "a city or a country (up to 120 characters)",
                   {**TEXT, "maxLength": 120}),
            _param("page", "page number from 1",
                   {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
            _param("per_page", "1-100, default 20",
                   {"type": "integer", "minimum": 1, "maximum": 100}),
        ],
        "responses": {
            "200": {"description": "A page of meetups", "content": {"application/json": {
                "schema": {
                    "type": "object", "required": ["events", "page", "per_page", "total"],
                    "properties": {
                        "events": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/Event"}},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                }}}},
            "400": ERROR,
        },
    }},
}
