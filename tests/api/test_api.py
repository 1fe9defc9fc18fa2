"""The JSON API: shapes checked against its own OpenAPI document, errors for bad input."""

import pytest
from openapi_spec_validator import validate

from tests.helpers import validated_get


def get_valid(client, openapi, url, status=200):
    """The JSON of a GET whose status and shape the OpenAPI document allows."""
    return validated_get(client, openapi, url, status).json


def test_openapi_document_is_valid_and_served(small_client):
    document = small_client.get("/api/v1/openapi.json").json
    validate(document)
    assert {"/discover", "/platforms", "/platforms/{slug}", "/platforms/{slug}/ratings",
            "/ratings.csv"} <= set(document["paths"])


def test_discover_returns_ranked_results_with_reasons(small_client, openapi):
    body = get_valid(small_client, openapi,
                     "/api/v1/discover?q=dog+walking&assets=dog-friendly-home&limit=3")
    assert body["results"][0]["slug"] == "rover"
    first = body["results"][0]
    assert {"slug", "name", "score", "reasons", "status", "url"} <= set(first)
    assert any(r["kind"] == "asset" and r["source"] == "A dog-friendly home"
               for r in first["reasons"])
    assert len(body["results"]) <= 3 and body["total"] >= len(body["results"])
    scores = [r["score"] for r in body["results"] if r["status"] == "active"]
    assert scores == sorted(scores, reverse=True)


def test_discover_reports_location_suggestion_and_redirects(small_client, openapi):
    body = get_valid(small_client, openapi, "/api/v1/discover?q=dog+wlaking&location=KR")
    assert body["location"]["country_code"] == "KR"
    assert body["corrected"] == "dog walking" and body["suggestion"] is None
    assert all("worldwide" in r["regions"] or "KR" in r["regions"] for r in body["results"])
    body = get_valid(small_client, openapi, "/api/v1/discover?q=dogvacay")
    assert body["redirects"] == [{"from": "dogvacay", "to": "rover"}]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "x" * 501, "q"),
        ("q=", "q"),
        ("q=%20%22%2A", "q"),
        ("assets=car,yacht", "assets"),
        ("q=dogs&limit=0", "limit"),
        ("q=dogs&limit=51", "limit"),
        ("q=dogs&limit=ten", "limit"),
        ("q=dogs&location=Narnia", "location"),
        ("q=dogs&hours=-3", "hours"),
    ],
)
def test_discover_bad_input_is_a_400_naming_the_field(small_client, openapi, query, field):
    body = get_valid(small_client, openapi, f"/api/v1/discover?{query}", status=400)
    assert body["error"]["field"] == field
    assert body["error"]["code"] == "invalid_parameter"
    assert body["error"]["message"]


def test_platforms_list_is_paginated_and_filtered(small_client, openapi):
    body = get_valid(small_client, openapi, "/api/v1/platforms?per_page=2")
    assert body["total"] == 6 and len(body["platforms"]) == 2
    body = get_valid(small_client, openapi, "/api/v1/platforms?category=carpooling")
    assert [p["slug"] for p in body["platforms"]] == ["blablacar", "waze-carpool"]
    body = get_valid(small_client, openapi, "/api/v1/platforms?region=fr")
    assert {p["slug"] for p in body["platforms"]} == {"airbnb", "blablacar", "hourly-walkers"}


@pytest.mark.parametrize("query", ["category=%00", "region=%00", "category=carpooling%00"])
def test_a_filter_with_a_nul_character_is_a_400_naming_it(small_client, openapi, query):
    # PostgreSQL refuses NUL in text: refused before any query, never a 500.
    body = get_valid(small_client, openapi, f"/api/v1/platforms?{query}", status=400)
    assert query.split("=")[0] in body["error"]["message"]
    assert "NUL character" in body["error"]["message"]


@pytest.mark.parametrize(("query", "field"), [("page=0", "page"), ("per_page=1000", "per_page")])
def test_platforms_bad_paging_is_a_400(small_client, openapi, query, field):
    body = get_valid(small_client, openapi, f"/api/v1/platforms?{query}", status=400)
    assert body["error"]["field"] == field


def test_platform_detail(small_client, openapi):
    body = get_valid(small_client, openapi, "/api/v1/platforms/dogvacay")
    assert body["status"] == "merged" and body["successor"] == "rover"
    assert body["status_year"] == 2017
    body = get_valid(small_client, openapi, "/api/v1/platforms/airbnb")
    assert body["fee"]["source"] == "https://www.airbnb.com/help/article/1857"
    assert body["worker_protection"] is None


def test_unknown_platform_is_a_json_404(small_client, openapi):
    body = get_valid(small_client, openapi, "/api/v1/platforms/nope", status=404)
    assert body["error"]["code"] == "not_found"


def test_unknown_api_route_and_method_are_json(small_client):
    assert small_client.get("/api/v1/nope").json["error"]["code"] == "not_found"
    response = small_client.post("/api/v1/discover")
    assert response.status_code == 405 and response.json["error"]["code"] == "method_not_allowed"


def test_real_catalog_responses_match_the_document(client, openapi):
    body = get_valid(client, openapi, "/api/v1/platforms?per_page=100")
    assert body["total"] >= 60
    for platform in body["platforms"]:
        get_valid(client, openapi, f"/api/v1/platforms/{platform['slug']}")
    get_valid(client, openapi, "/api/v1/discover?q=drive+deliver+cook&limit=50")


def test_unknown_api_path_is_a_json_404_and_a_wrong_method_names_the_allowed(small_client):
    response = small_client.get("/api/v2/platforms")
    assert response.status_code == 404 and response.is_json
    assert response.json["error"]["code"] == "not_found"
    response = small_client.delete("/api/v1/platforms/rover")
    assert response.status_code == 405 and response.is_json
    assert "GET" in response.headers["Allow"]


def test_api_is_open_to_any_site_and_states_its_licence(small_client):
    licence = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    for url in ("/api/v1/platforms", "/api/v1/nope", "/api/v1/platforms?page=0"):
        response = small_client.get(url, headers={"Origin": "https://example.org"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert response.headers["Link"] == licence
    assert small_client.get("/api/v1/openapi.json").json["info"]["license"] == {
        "name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert "Access-Control-Allow-Origin" not in small_client.get("/platforms").headers


@pytest.mark.parametrize(("query", "field"), [
    ("page=99999999999999999999", "page"), ("page=false", "page"), ("page=", "page"),
    ("per_page=0", "per_page"), ("page=1&page=2", "page"), ("catgory=tax", "catgory"),
])
def test_bad_listing_parameters_are_a_400_naming_them(small_client, openapi, query, field):
    for path in ("/api/v1/platforms", "/api/v1/offers"):
        body = get_valid(small_client, openapi, f"{path}?{query}", status=400)
        assert body["error"]["field"] == field and body["error"]["message"]


def test_offers_refuse_empty_typed_filters(small_client, openapi):
    for query in ("category=", "min_price=&currency=USD", "currency=", "q=%21"):
        body = get_valid(small_client, openapi, f"/api/v1/offers?{query}", status=400)
        assert body["error"]["field"] == query.split("=")[0]


def test_huge_vendor_id_is_a_json_404(small_client, openapi):
    for vendor_id in ("9223372036854775808", "2147483648", "0", "-1", "9" * 5000):
        response = small_client.get(f"/api/v1/vendors/{vendor_id}")
        assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
