"""The marketplace's part of the OpenAPI document: PATHS and SCHEMAS to merge into
peers.api.openapi's (the same style; the lead merges them)."""

from typing import Any

import pycountry

from peers.marketplace.models import OFFER_CATEGORIES
from peers.marketplace.services import MAX_PRICE, NOT_MONEY
from peers.pagination import MAX_PAGE
from peers.urls import MAX_ID

CURRENCIES = sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in NOT_MONEY)
PRICE = {"type": "number", "minimum": 0, "maximum": float(MAX_PRICE)}

NULLABLE_STRING = {"type": "string", "nullable": True}
# No field of the site takes a NUL character: a 400 before any route reads one.
TEXT = {"type": "string", "pattern": r"^[^\u0000]*$"}
# At least one word, and no NUL.
WORDS = r"^[^\u0000]*\w[^\u0000]*$"
ERROR = {"description": "Bad input: the field and what is wrong",
         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
NOT_FOUND = {"description": "Not found",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

# A place a vendor works in or an offer serves, resolved like the discovery place.
AREA = {
    "type": "object", "required": ["name", "country_code", "kind"],
    "additionalProperties": False,
    "properties": {"name": {"type": "string"},
                   "country_code": {"type": "string", "description": "ISO 3166-1 alpha-2"},
                   "kind": {"type": "string", "enum": ["city", "region", "country"]}},
}

SCHEMAS: dict[str, Any] = {
    "Offer": {
        "type": "object",
        "description": "Help a vendor offers workers, with its disclosures. Whether a vendor "
                       "pays a referral fee or sponsors the listing never changes an order.",
        "required": ["id", "title", "description", "category", "category_label", "price",
                     "member_discount", "serves", "platforms", "how_to_get", "disclosures",
                     "vendor", "page", "created_at", "updated_at"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "category": {"type": "string", "enum": list(OFFER_CATEGORIES)},
            "category_label": {"type": "string"},
            "price": {
                "type": "object", "required": ["amount", "currency", "on_quote"],
                "additionalProperties": False,
                "properties": {
                    "amount": {"type": "number", "nullable": True, "minimum": 0},
                    "currency": {**NULLABLE_STRING, "description": "ISO 4217 code"},
                    "on_quote": {"type": "boolean",
                                 "description": "no fixed price: ask the vendor for a quote"},
                },
            },
            "member_discount": NULLABLE_STRING,
            "serves": {"type": "array", "items": AREA,
                       "description": "the places whose workers it serves, remote or not; "
                                      "it shows only to workers there"},
            "platforms": {"type": "array", "items": {"type": "string"},
                          "description": "slugs of the platforms whose workers it is for"},
            "how_to_get": {"type": "string", "description": "a web address or contact details"},
            "disclosures": {
                "type": "object", "additionalProperties": False,
                "required": ["pays_referral_fee", "platform_tie", "is_sponsored"],
                "properties": {
                    "pays_referral_fee": {"type": "boolean", "description":
                                          "the vendor pays a referral or affiliate fee"},
                    "platform_tie": {**NULLABLE_STRING,
                                     "description": "any tie to a platform, in the vendor's "
                                                    "words"},
                    "is_sponsored": {"type": "boolean"},
                },
            },
            "vendor": {
                "type": "object", "required": ["id", "name", "url"],
                "additionalProperties": False,
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                               "url": {"type": "string", "description": "the vendor's JSON"}},
            },
            "page": {"type": "string", "description": "the offer's page on this site"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
        },
    },
    "Vendor": {
        "type": "object",
        "description": "A business that offers help to workers, its active offers and the "
                       "average of workers' ratings (no review text, nothing about reviewers).",
        "required": ["id", "name", "description", "website", "remote", "areas", "rating",
                     "offers", "page"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "website": NULLABLE_STRING,
            "remote": {"type": "boolean", "description": "works with workers anywhere"},
            "areas": {"type": "array", "items": AREA},
            "rating": {
                "type": "object", "required": ["review_count", "min_reviews", "average"],
                "additionalProperties": False,
                "properties": {
                    "review_count": {"type": "integer", "minimum": 0},
                    "min_reviews": {"type": "integer"},
                    "average": {"type": "number", "nullable": True, "minimum": 1, "maximum": 5,
                                "description": "mean stars; null below min_reviews"},
                },
            },
            "offers": {"type": "array", "items": {"$ref": "#/components/schemas/Offer"}},
            "page": {"type": "string", "description": "the vendor's page on this site"},
        },
    },
}


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


PATHS: dict[str, Any] = {
    "/offers": {"get": {
        "summary": "Offers of help for workers: search by words, filter, paginate",
        "description": "With q, by relevance then newest; without, newest first. Withdrawn "
                       "offers are never listed. A price filter needs a currency and leaves "
                       "out offers given on quote.",
        "parameters": [
            _param("q", "words to search for (up to 200 characters, a word of two letters "
                   "or more; common words alone, such as 'the', are a 400)",
                   {"type": "string", "maxLength": 200,
                    "pattern": r"^[^\u0000]*\w\w[^\u0000]*$"}),
            _param("category", "an offer category", {"type": "string",
                                                     "enum": list(OFFER_CATEGORIES)}),
            _param("platform", "a platform slug: offers made for its workers", TEXT),
            _param("place", "a city, region or country: offers that serve workers there, "
                            "remote ones included", TEXT),
            _param("currency", "ISO 4217 code; required with a price filter",
                   {"type": "string", "enum": CURRENCIES}),
            _param("min_price", "lowest price, 0 or more", PRICE),
            _param("max_price", "highest price, 0 or more, not below min_price", PRICE),
            _param("page", "page number from 1",
                   {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
            _param("per_page", "1-100, default 20",
                   {"type": "integer", "minimum": 1, "maximum": 100}),
        ],
        "responses": {
            "200": {"description": "A page of offers", "content": {"application/json": {
                "schema": {
                    "type": "object", "required": ["offers", "page", "per_page", "total"],
                    "properties": {
                        "offers": {"type": "array",
                                   "items": {"$ref": "#/components/schemas/Offer"}},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "total": {"type": "integer"},
                    },
                }}}},
            "400": ERROR,
        },
    }},
    "/vendors/{vendor_id}": {"get": {
        "summary": "A vendor, where it works, its active offers and its rating",
        "parameters": [{"name": "vendor_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}],
        "responses": {
            "200": {"description": "The vendor", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Vendor"}}}},
            "404": NOT_FOUND,
        },
    }},
}
