"""The OpenAPI 3 document of /api/v1. Tests validate real responses against it."""

from typing import Any

NULLABLE_STRING = {"type": "string", "nullable": True}
FACT = {
    "type": "object",
    "nullable": True,
    "description": "A fact with its source URL and the year it was true; null when unknown.",
    "required": ["text", "source", "as_of"],
    "properties": {
        "text": {"type": "string"},
        "source": {"type": "string"},
        "as_of": {"type": "integer"},
        "percent": {"type": "number", "nullable": True},
        "amount": {"type": "number", "nullable": True},
        "currency": NULLABLE_STRING,
        "per": {"type": "string", "nullable": True,
                "enum": ["hour", "day", "week", "month", "year", "task", None]},
    },
}
PLATFORM_SUMMARY_PROPS = {
    "slug": {"type": "string"},
    "name": {"type": "string"},
    "url": {"type": "string"},
    "category": {"type": "string"},
    "summary": {"type": "string"},
    "status": {"type": "string", "enum": ["active", "closed", "merged"]},
    "regions": {"type": "array", "items": {"type": "string"},
                "description": "ISO 3166-1 alpha-2 codes, or 'worldwide'"},
    "successor": {**NULLABLE_STRING, "description": "slug of the successor of a merged platform"},
    "page": {"type": "string", "description": "the platform's page on this site"},
}
REQUIREMENTS = {
    "type": "object",
    "properties": {
        "min_age": {"type": "integer"},
        "licence": {"type": "string"},
        "vehicle": {"type": "string"},
        "background_check": {"type": "boolean"},
        "other": {"type": "array", "items": {"type": "string"}},
    },
}
SCHEMAS: dict[str, Any] = {
    "Fact": FACT,
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                           "field": NULLABLE_STRING},
        }},
    },
    "PlatformSummary": {"type": "object", "required": list(PLATFORM_SUMMARY_PROPS),
                        "properties": PLATFORM_SUMMARY_PROPS},
    "Platform": {
        "type": "object",
        "required": [*PLATFORM_SUMMARY_PROPS, "description", "requirements", "fee"],
        "properties": {
            **PLATFORM_SUMMARY_PROPS,
            "description": {"type": "string"},
            "skills": {"type": "array", "items": {"type": "string"}},
            "assets": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "requirements": REQUIREMENTS,
            "status_year": {"type": "integer", "nullable": True},
            "predecessors": {"type": "array", "items": {"type": "string"}},
            "fee": {"$ref": "#/components/schemas/Fact"},
            "advertised_pay": {"$ref": "#/components/schemas/Fact"},
            "worker_protection": {"$ref": "#/components/schemas/Fact"},
            "worker_classification": {"$ref": "#/components/schemas/Fact"},
        },
    },
    "Match": {
        "type": "object",
        "required": [*PLATFORM_SUMMARY_PROPS, "score", "reasons"],
        "properties": {
            **PLATFORM_SUMMARY_PROPS,
            "score": {"type": "number"},
            "reasons": {"type": "array", "items": {
                "type": "object",
                "required": ["kind", "source", "fields", "text"],
                "properties": {
                    "kind": {"type": "string", "enum": ["words", "asset"]},
                    "source": {"type": "string"},
                    "fields": {"type": "array", "items": {"type": "string"}},
                    "text": {"type": "string"},
                },
            }},
            "requirements": REQUIREMENTS,
            "advertised_pay": {"$ref": "#/components/schemas/Fact"},
        },
    },
}


def _json(schema_ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


BAD_REQUEST = _json("#/components/schemas/Error", "Bad input: the field and what is wrong")
NOT_FOUND = _json("#/components/schemas/Error", "Not found")


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


PATHS = {
    "/discover": {"get": {
        "summary": "Rank the platforms that fit a worker's words, assets and place",
        "parameters": [
            _param("q", "skills and interests in the worker's words (up to 500 characters)",
                   {"type": "string", "maxLength": 500}),
            _param("assets", "comma-separated asset keys, e.g. car,spare-room",
                   {"type": "string"}),
            _param("location", "a city or a country: Paris, 'Lyon, France', KR",
                   {"type": "string"}),
            _param("hours", "hours a week (1-100)", {"type": "integer"}),
            _param("limit", "how many results (1-50, default 10)", {"type": "integer"}),
        ],
        "responses": {
            "200": {"description": "Ranked platforms", "content": {"application/json": {
                "schema": {
                    "type": "object",
                    "required": ["results", "total", "suggestion", "location", "redirects"],
                    "properties": {
                        "results": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/Match"}},
                        "total": {"type": "integer"},
                        "suggestion": NULLABLE_STRING,
                        "location": {"type": "object", "nullable": True, "properties": {
                            "query": {"type": "string"}, "name": {"type": "string"},
                            "country_code": {"type": "string"}, "kind": {"type": "string"}}},
                        "redirects": {"type": "array", "items": {
                            "type": "object", "properties": {
                                "from": {"type": "string"}, "to": {"type": "string"}}}},
                    },
                }}}},
            "400": BAD_REQUEST,
        },
    }},
    "/platforms": {"get": {
        "summary": "The platform catalog, active platforms first",
        "parameters": [
            _param("category", "a category slug", {"type": "string"}),
            _param("region", "an ISO 3166-1 alpha-2 code", {"type": "string"}),
            _param("page", "page number from 1", {"type": "integer"}),
            _param("per_page", "1-100, default 50", {"type": "integer"}),
        ],
        "responses": {
            "200": {"description": "A page of platforms", "content": {"application/json": {
                "schema": {
                    "type": "object",
                    "required": ["platforms", "page", "per_page", "total"],
                    "properties": {
                        "platforms": {"type": "array",
                                      "items": {"$ref": "#/components/schemas/PlatformSummary"}},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                }}}},
            "400": BAD_REQUEST,
        },
    }},
    "/platforms/{slug}": {"get": {
        "summary": "Everything the catalog knows about one platform",
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": {"type": "string"}}],
        "responses": {"200": _json("#/components/schemas/Platform", "The platform"),
                      "404": NOT_FOUND},
    }},
}


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Peers open data API",
            "version": "1.0.0",
            "description": "Platforms where gig and sharing-economy workers earn, and how "
                           "they match a worker's skills, assets and place. Read-only, no key.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }
