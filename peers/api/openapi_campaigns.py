"""The OpenAPI paths and schemas of campaigns (peers.api.campaigns)."""

from typing import Any

from peers.api.openapi_marketplace import NOT_FOUND, TEXT, _param
from peers.campaigns.queries import SORTS
from peers.pagination import MAX_PAGE
from peers.ratings.models import ISSUE_TAGS

CAMPAIGN_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "problem": {"type": "string"},
    "ask": {"type": "string"},
    "platforms": {"type": "array", "items": {"type": "string"}, "description": "slugs"},
    "issues": {"type": "array", "items": {"type": "string", "enum": list(ISSUE_TAGS)}},
    "country": {"type": "string", "nullable": True, "description": "ISO 3166-1 alpha-2"},
    "city": {"type": "string", "nullable": True},
    "supporters": {"type": "integer", "minimum": 0},
    "created_at": {"type": "string", "format": "date-time"},
    "page": {"type": "string", "description": "the campaign's page on this site"},
}
COUNT = {"type": "integer", "minimum": 0}

SCHEMAS: dict[str, Any] = {
    "Campaign": {
        "type": "object", "additionalProperties": False,
        "description": "A campaign workers started about platforms and issues of the issue map.",
        "required": list(CAMPAIGN_PROPERTIES), "properties": CAMPAIGN_PROPERTIES,
    },
    "CampaignWithCounts": {
        "type": "object", "additionalProperties": False,
        "description": "A campaign and its public counts. Supporters are named only when they "
                       "chose to be.",
        "required": [*CAMPAIGN_PROPERTIES, "counts"],
        "properties": {**CAMPAIGN_PROPERTIES, "counts": {
            "type": "object", "additionalProperties": False,
            "required": ["total", "by_platform", "on_none_of_these_platforms", "by_country",
                         "country_not_given", "named_supporters"],
            "properties": {
                "total": COUNT,
                "by_platform": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["platform", "supporters"],
                    "properties": {"platform": {"type": "string"}, "supporters": COUNT}}},
                "on_none_of_these_platforms": COUNT,
                "by_country": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False,
                    "required": ["country", "supporters"],
                    "properties": {"country": {"type": "string"}, "supporters": COUNT}}},
                "country_not_given": COUNT,
                "named_supporters": {"type": "array", "items": {"type": "string"}},
            }}},
    },
}

PATHS: dict[str, Any] = {
    "/campaigns": {"get": {
        "summary": "Campaigns: most supported (or newest) first",
        "parameters": [
            _param("sort", "order", {"type": "string", "enum": list(SORTS)}),
            _param("platform", "a platform slug: campaigns about it",
                   {**TEXT, "maxLength": 80}),
            _param("issue", "an issue tag", {"type": "string", "enum": list(ISSUE_TAGS)}),
            _param("country", "ISO 3166-1 alpha-2 country code",
                   {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
            _param("page", "page number", {"type": "integer", "minimum": 1,
                                           "maximum": MAX_PAGE}),
            _param("per_page", "campaigns per page", {"type": "integer", "minimum": 1,
                                                      "maximum": 100}),
        ],
        "responses": {"200": {"description": "A page of campaigns", "content": {
            "application/json": {"schema": {
                "type": "object", "additionalProperties": False,
                "required": ["campaigns", "page", "per_page", "total"],
                "properties": {
                    "campaigns": {"type": "array",
                                  "items": {"$ref": "#/components/schemas/Campaign"}},
                    "page": {"type": "integer"}, "per_page": {"type": "integer"},
                    "total": {"type": "integer"}}}}}},
            "400": {"description": "Bad input", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}},
    }},
    "/campaigns/{campaign_id}": {"get": {
        "summary": "One campaign with its public counts",
        "parameters": [{"name": "campaign_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
        "responses": {
            "200": {"description": "The campaign", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CampaignWithCounts"}}}},
            "404": NOT_FOUND},
    }},
}
