"""GET /api/v1/offers and /api/v1/vendors/<id>: shapes checked against the OpenAPI document
(the site's, with the marketplace's paths and schemas merged in), bad filters a JSON 400."""

from decimal import Decimal

import pytest
from openapi_spec_validator import validate

from tests.factories import make_offer, update_offer, write_vendor_review
from tests.helpers import validated_get


def get_valid(client, openapi, url, status=200):
    """The JSON of a GET whose status and shape the OpenAPI document allows."""
    return validated_get(client, openapi, url, status).json


def test_the_served_document_is_valid_and_has_the_marketplace(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)
    assert {"/offers", "/vendors/{vendor_id}"} <= set(document["paths"])


def test_offers_are_listed_with_price_platforms_and_disclosures(market_app, market_client,
                                                                 openapi, vendor_user):
    offer_id = make_offer(market_app, vendor_user, member_discount="10% off",
                          platform_slugs=("airbnb", "rover"))
    update_offer(market_app, offer_id, is_sponsored=True, platform_tie="Rover partner")
    body = get_valid(market_client, openapi, "/api/v1/offers")
    assert body["total"] == 1 and body["page"] == 1
    offer = body["offers"][0]
    assert offer["price"] == {"amount": 49.0, "currency": "USD", "on_quote": False}
    assert offer["platforms"] == ["airbnb", "rover"]
    assert offer["serves"] == [{"name": "United States", "country_code": "US", "kind": "country"}]
    assert offer["disclosures"] == {"pays_referral_fee": False, "platform_tie": "Rover partner",
                                    "is_sponsored": True}
    assert offer["vendor"]["id"] == vendor_user.vendor_id
    assert offer["page"].endswith(f"/marketplace/offers/{offer_id}")


def test_offers_take_the_pages_filters(market_app, market_client, openapi, vendor_user,
                                       other_vendor):
    tax = make_offer(market_app, vendor_user, title="Tax returns")
    law = make_offer(market_app, other_vendor, category="legal", title="Permit check",
                     price_amount=None, price_currency=None, price_on_quote=True,
                     platform_slugs=("rover",))
    cheap = make_offer(market_app, vendor_user, title="Quick tax check",
                       price_amount=Decimal("9.99"))

    def ids(query):
        return [o["id"] for o in get_valid(market_client, openapi, f"/api/v1/offers?{query}")[
            "offers"]]

    # "tax" names the tax-help need: "Tax returns" also has "returns", and the permit check
    # files a return (its description), so it comes last.
    assert ids("q=tax") == [tax, cheap, law]
    assert ids("category=legal") == [law]
    assert ids("platform=rover") == [law]
    # Remote or not, an offer reaches only the places it states.
    assert ids("place=Austin,+TX") == [cheap, tax]
    assert ids("place=Paris") == [law]
    assert ids("place=Tokyo") == []
    assert ids("currency=USD&max_price=10") == [cheap]
    assert ids("per_page=1&page=2") == [law]
    body = get_valid(market_client, openapi, "/api/v1/offers?per_page=1")
    assert body["total"] == 3 and body["per_page"] == 1


@pytest.mark.parametrize(("query", "field"), [
    ("category=astrology", "category"),
    ("platform=no-such-app", "platform"),
    ("place=Narnia", "place"),
    ("currency=ZZZ", "currency"),
    ("max_price=5", "currency"),
    ("min_price=-1&currency=USD", "min_price"),
    ("max_price=ten&currency=USD", "max_price"),
    ("q=" + "x" * 201, "q"),
    ("page=0", "page"),
    ("page=two", "page"),
    ("per_page=0", "per_page"),
    ("per_page=101", "per_page"),
    ("per_page=many", "per_page"),
])
def test_bad_filters_are_a_json_400_naming_the_field(market_client, openapi, query, field):
    body = get_valid(market_client, openapi, f"/api/v1/offers?{query}", status=400)
    assert body["error"]["code"] == "invalid_parameter"
    assert body["error"]["field"] == field and body["error"]["message"]


def test_a_vendor_with_its_active_offers_and_rating(market_app, market_client, openapi,
                                                    vendor_user, make_user):
    kept = make_offer(market_app, vendor_user, title="Kept")
    gone = make_offer(market_app, vendor_user, title="Withdrawn")
    update_offer(market_app, gone, status="withdrawn")
    write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id, 4, "Good.")
    write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id, 5, "Great.")
    body = get_valid(market_client, openapi, f"/api/v1/vendors/{vendor_user.vendor_id}")
    assert body["name"] == "Harbour Tax" and body["remote"] is True
    assert [o["id"] for o in body["offers"]] == [kept]
    assert body["rating"] == {"review_count": 2, "min_reviews": 1, "average": 4.5}
    assert "Good." not in str(body)  # no review text, nothing about reviewers


def test_an_unknown_vendor_is_a_json_404(market_client, openapi):
    body = get_valid(market_client, openapi, "/api/v1/vendors/4242", status=404)
    assert body["error"]["code"] == "not_found"
