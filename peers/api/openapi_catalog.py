"""The catalog's part of the OpenAPI document: the facts of a platform beyond the basic ones,
and the coverage report. PATHS and SCHEMAS are merged into peers.api.openapi."""

from typing import Any

from peers.discovery.catalog_facts import PAY_PERIODS

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
FACT_PROPERTIES = {
    "text": {"type": "string"},
    "source": {"type": "string", "description": "a public page that shows the fact"},
    "as_of": {"type": "integer", "description": "the year the fact was true"},
    "percent": {**NULLABLE_NUMBER, "description": "fee: share as a percentage"},
    "fixed": {**NULLABLE_NUMBER, "description": "fee: fixed amount per fixed_per"},
    "fixed_per": NULLABLE_STRING,
    "payer": {"type": "string", "nullable": True,
              "enum": ["worker", "customer", "both", None]},
    "amount": {**NULLABLE_NUMBER, "description": "pay claim: a single figure"},
    "min": {**NULLABLE_NUMBER, "description": "pay claim: low end of a range"},
    "max": {**NULLABLE_NUMBER, "description": "pay claim: high end of a range"},
    "currency": {**NULLABLE_STRING, "description": "ISO 4217"},
    "per": {"type": "string", "nullable": True, "enum": [*PAY_PERIODS, None]},
    "conditions": {**NULLABLE_STRING, "description": "pay claim: the platform's conditions"},
}
PLATFORM_FACTS = {
    "regions_source": {**NULLABLE_STRING, "description": "where the country list comes from"},
    "regions_as_of": {"type": "integer", "nullable": True},
    "cities": {"type": "object", "nullable": True,
               "additionalProperties": {"type": "array", "items": {"type": "string"}},
               "description": "country code -> cities, when the platform is city-limited"},
    "roles": {"type": "array", "nullable": True, "items": {
        "type": "object", "required": ["slug", "name", "assets"], "properties": {
            "slug": {"type": "string"}, "name": {"type": "string"},
            "assets": {"type": "array", "items": {"type": "string"}}}}},
    "fairwork": {"type": "array", "nullable": True, "items": {
        "type": "object", "required": ["score", "country", "year", "source"], "properties": {
            "score": {"type": "number", "description": "out of 10"},
            "country": {"type": "string"}, "year": {"type": "integer"},
            "source": {"type": "string"}}}},
    "changes": {"type": "array", "description": "dated history of facts' changes, newest first",
                "items": {"type": "object",
                          "required": ["fact", "date", "from", "to", "source", "by_correction"],
                          "properties": {
                              "fact": {"type": "string"}, "date": {"type": "string",
                                                                   "format": "date"},
                              "from": NULLABLE_STRING, "to": NULLABLE_STRING,
                              "source": {"type": "string"},
                              "by_correction": {"type": "boolean"}}}},
}
_NOTE = {"type": "object", "required": ["slug", "fact", "as_of"], "properties": {
    "slug": {"type": "string"}, "fact": {"type": "string"},
    "as_of": {"type": "integer", "nullable": True}}}
SCHEMAS: dict[str, Any] = {
    "CatalogReport": {
        "type": "object",
        "required": ["year", "active_platforms", "coverage", "stale", "without_source",
                     "countries_with_breadth", "stale_after_years", "country_breadth"],
        "properties": {
            "year": {"type": "integer"},
            "active_platforms": {"type": "integer"},
            "coverage": {"type": "array", "items": {
                "type": "object", "required": ["field", "count", "share", "target"],
                "properties": {
                    "field": {"type": "string"}, "count": {"type": "integer"},
                    "share": {"type": "number", "description": "percent of active platforms"},
                    "target": {"type": "integer", "nullable": True}}}},
            "stale": {"type": "array", "items": _NOTE,
                      "description": "facts older than stale_after_years"},
            "without_source": {"type": "array", "items": _NOTE},
            "countries_with_breadth": {"type": "array", "items": {"type": "string"},
                                       "description": "countries named by country_breadth or "
                                                      "more active platforms"},
            "stale_after_years": {"type": "integer"},
            "country_breadth": {"type": "integer"},
        },
    },
}
PATHS: dict[str, Any] = {
    "/catalog/report": {"get": {
        "summary": "How complete and fresh the catalog is: coverage of each fact over active "
                   "platforms, facts that may be out of date, facts without a source",
        "responses": {"200": {"description": "The report", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/CatalogReport"}}}}},
    }},
}
