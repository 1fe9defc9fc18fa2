"""The OpenAPI 3 document of /api/v1. Tests validate real responses against it."""

from typing import Any

from peers.api import (
    openapi_campaigns,
    openapi_catalog,
    openapi_events,
    openapi_marketplace,
    openapi_money,
)
from peers.api.openapi_marketplace import TEXT, WORDS
from peers.pagination import MAX_PAGE

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

NULLABLE_STRING = {"type": "string", "nullable": True}
FACT = {
    "type": "object",
    "nullable": True,
    "description": "A fact with its source URL and the year it was true; null when unknown.",
    "required": ["text", "source", "as_of"],
    "properties": openapi_catalog.FACT_PROPERTIES,
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
        "languages": {"type": "array", "items": {"type": "string"},
                      "description": "ISO 639-1 codes of languages the worker must speak"},
        "other": {"type": "array", "items": {"type": "string"}},
        "equipment": {"type": "array", "items": {"type": "string"}},
        "source": {"type": "string"},
        "as_of": {"type": "integer"},
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
            **openapi_catalog.PLATFORM_FACTS,
        },
    },
    "Match": {
        "type": "object",
        "required": [*PLATFORM_SUMMARY_PROPS, "score", "reasons", "strong", "serves"],
        "properties": {
            **PLATFORM_SUMMARY_PROPS,
            "score": {"type": "number"},
            "strong": {"type": "boolean", "description": "at or above the relevance floor "
                       "(half the best score): only these are re-ordered by sort"},
            "serves": {"type": "array", "items": {"type": "string"},
                       "description": "the worker's intents (see intents) it fits"},
            "reasons": {"type": "array", "items": {
                "type": "object",
                "required": ["kind", "source", "fields", "text"],
                "properties": {
                    "kind": {"type": "string", "enum": ["words", "asset", "intent"]},
                    "source": {"type": "string"},
                    "fields": {"type": "array", "items": {"type": "string"}},
                    "text": {"type": "string"},
                },
            }},
            "requirements": REQUIREMENTS,
            "advertised_pay": {"$ref": "#/components/schemas/Fact"},
            **openapi_money.MATCH_MONEY_PROPS,
        },
    },
}


NULLABLE_NUMBER = {"type": "number", "nullable": True}
STARS_AVERAGE = {**NULLABLE_NUMBER, "minimum": 1, "maximum": 5}
DIMENSION_NAMES = ("pay", "flexibility", "support", "fairness", "safety")
SCHEMAS["Deactivations"] = {
    "type": "object",
    "description": "Workers' reports of being deactivated by the platform. Below min_reports "
                   "only report_count is given (the same rule as ratings).",
    "required": ["report_count", "min_reports", "enough", "appealed", "reinstated_share",
                 "median_days_to_outcome", "warned_share", "top_reasons"],
    "additionalProperties": False,
    "properties": {
        "report_count": {"type": "integer", "minimum": 0},
        "min_reports": {"type": "integer", "minimum": 1},
        "enough": {"type": "boolean", "description": "report_count >= min_reports"},
        "appealed": {"type": "integer", "minimum": 0, "nullable": True},
        "reinstated_share": {"type": "number", "minimum": 0, "maximum": 1, "nullable": True,
                             "description": "share reinstated, of appeals with an outcome"},
        "median_days_to_outcome": {"type": "number", "minimum": 0, "nullable": True},
        "warned_share": {"type": "number", "minimum": 0, "maximum": 1, "nullable": True},
        "top_reasons": {"type": "array", "items": {
            "type": "object", "required": ["reason", "label", "count"],
            "additionalProperties": False,
            "properties": {"reason": {"type": "string"}, "label": {"type": "string"},
                           "count": {"type": "integer", "minimum": 1}}}},
    },
}

SCHEMAS["PlatformRatings"] = {
    "type": "object",
    "description": "A platform's aggregates of counted reviews (visible, by confirmed accounts). "
                   "No review text and nothing about any reviewer. Below min_reviews only "
                   "review_count is given: the averages are null and issues empty.",
    "required": ["slug", "name", "page", "review_count", "min_reviews", "enough", "average",
                 "bayesian_average", "distribution", "dimensions", "recommend_share", "issues",
                 "earnings", "advertised_pay", "deactivations"],
    "additionalProperties": False,
    "properties": {
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "page": {"type": "string", "description": "the platform's page on this site"},
        "review_count": {"type": "integer", "minimum": 0},
        "min_reviews": {"type": "integer", "description": "reviews needed before averages"},
        "enough": {"type": "boolean", "description": "review_count >= min_reviews"},
        "average": {**STARS_AVERAGE, "description": "mean overall stars"},
        "bayesian_average": {**STARS_AVERAGE, "description":
                             "overall stars shrunk towards a prior, used for ranking"},
        "distribution": {
            "type": "object", "nullable": True, "additionalProperties": False,
            "description": "number of reviews giving each overall star rating",
            "required": ["1", "2", "3", "4", "5"],
            "properties": {str(n): {"type": "integer", "minimum": 0} for n in range(1, 6)},
        },
        "dimensions": {
            "type": "object", "nullable": True, "additionalProperties": False,
            "description": "mean stars of each aspect of the work",
            "required": list(DIMENSION_NAMES),
            "properties": {name: STARS_AVERAGE for name in DIMENSION_NAMES},
        },
        "recommend_share": {**NULLABLE_NUMBER, "minimum": 0, "maximum": 1,
                            "description": "share of reviewers who would recommend it"},
        "issues": {"type": "array", "description": "most reported problems, most first",
                   "items": {
                       "type": "object", "required": ["tag", "label", "count"],
                       "additionalProperties": False,
                       "properties": {"tag": {"type": "string"}, "label": {"type": "string"},
                                      "count": {"type": "integer", "minimum": 1}},
                   }},
        "deactivations": {"$ref": "#/components/schemas/Deactivations"},
        "earnings": {"type": "array", "items": {
            "type": "object", "required": ["currency", "report_count", "median_net_hourly"],
            "additionalProperties": False,
            "properties": {
                "currency": {"type": "string", "description": "ISO 4217 code"},
                "report_count": {"type": "integer", "minimum": 1},
                "median_net_hourly": {
                    **NULLABLE_NUMBER,
                    "description": "median of (gross pay - expenses) / all hours worked, "
                                   "unpaid waiting and travel included; null below min_reviews "
                                   "reports in this currency",
                },
            },
        }},
        "advertised_pay": {"$ref": "#/components/schemas/Fact"},
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


PAGE = _param("page", "page number from 1 (a 400 past the bound)",
              {"type": "integer", "minimum": 1, "maximum": MAX_PAGE})
PER_PAGE = {"type": "integer", "minimum": 1, "maximum": 100}


PATHS = {
    "/discover": {"get": {
        "summary": "Rank the platforms that fit a worker's words, assets and place",
        "parameters": [
            _param("q", "skills and interests in the worker's words (up to 500 characters, "
                   "at least one word); q or assets is required",
                   {"type": "string", "maxLength": 500, "pattern": WORDS}),
            _param("assets", "comma-separated asset keys, e.g. car,spare-room", TEXT),
            _param("location", "a city or a country: Paris, 'Lyon, France', KR (a 400 when "
                   "no such place is known)", {**TEXT, "maxLength": 100}),
            _param("hours", "hours a week (1-100); without it, hours in q (\"15 hours a week\") "
                   "are used: each result's estimate is a month at these hours",
                   {"type": "integer", "minimum": 1, "maximum": 100}),
            _param("limit", "how many results (1-50, default 10)",
                   {"type": "integer", "minimum": 1, "maximum": 50}),
            _param("sort", "match (default), rating or earnings: re-orders only the results "
                   "above the relevance floor (strong: true)",
                   {"type": "string", "enum": ["match", "rating", "earnings"]}),
            _param("exact", "1: search q as typed, without correcting misspellings",
                   {"type": "integer", "minimum": 0, "maximum": 1}),
        ],
        "responses": {
            "200": {"description": "Ranked platforms", "content": {"application/json": {
                "schema": {
                    "type": "object",
                    "required": ["results", "total", "sort", "suggestion", "corrected", "hours",
                                 "read_from_text", "intents", "location", "redirects",
                                 "not_earning"],
                    "properties": {
                        "results": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/Match"}},
                        "total": {"type": "integer"},
                        "sort": {"type": "string", "enum": ["match", "rating", "earnings"]},
                        "suggestion": {**NULLABLE_STRING,
                                       "description": "did you mean (not applied)"},
                        "corrected": {**NULLABLE_STRING, "description":
                                      "misspellings corrected and applied: the results are "
                                      "for this text (exact=1 searches q as typed)"},
                        "hours": {"type": "integer", "nullable": True},
                        "read_from_text": {"type": "object", "properties": {
                            "place": NULLABLE_STRING, "hours": NULLABLE_STRING,
                            "assets": {"type": "array", "items": {"type": "string"}},
                            "place_problem": NULLABLE_STRING,
                            "place_suggestions": {"type": "array",
                                                  "items": {"type": "string"}}}},
                        "intents": {"type": "array", "items": {"type": "object", "properties": {
                            "kind": {"type": "string", "enum": ["has", "can do"]},
                            "label": {"type": "string"},
                            "uses": {"type": "array", "items": {"type": "string"}}}}},
                        "not_earning": {"type": "array", "items": {
                            "type": "object", "properties": {
                                "slug": {"type": "string"}, "note": NULLABLE_STRING}},
                            "description": "non-earning platforms q named: never results"},
                        "location": {"type": "object", "nullable": True, "properties": {
                            "query": {"type": "string"}, "name": {"type": "string"},
                            "country_code": {"type": "string"}, "kind": {"type": "string"},
                            "alternatives": {"type": "array", "items": {"type": "string"}}}},
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
            _param("category", "a category slug", TEXT),
            _param("region", "an ISO 3166-1 alpha-2 code", TEXT),
            PAGE,
            _param("per_page", "1-100, default 50", PER_PAGE),
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
    "/platforms/{slug}/ratings": {"get": {
        "summary": "What workers report about working on one platform: the aggregates",
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": TEXT}],
        "responses": {"200": _json("#/components/schemas/PlatformRatings", "The aggregates"),
                      "404": NOT_FOUND},
    }},
    "/platforms/{slug}": {"get": {
        "summary": "Everything the catalog knows about one platform",
        "parameters": [{"name": "slug", "in": "path", "required": True,
                        "schema": TEXT}],
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
                           "they match a worker's skills, assets and place. Read-only, no key; "
                           "any site may call it (CORS). The data is under CC BY 4.0: "
                           "credit Peers and link to the licence.",
            "license": {"name": "CC BY 4.0", "url": LICENSE_URL},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {**PATHS, **openapi_marketplace.PATHS, **openapi_catalog.PATHS,
                  **openapi_money.PATHS, **openapi_campaigns.PATHS, **openapi_events.PATHS},
        "components": {"schemas": {**SCHEMAS, **openapi_marketplace.SCHEMAS,
                                   **openapi_catalog.SCHEMAS, **openapi_campaigns.SCHEMAS,
                                   **openapi_events.SCHEMAS}},
    }
