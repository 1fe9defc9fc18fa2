"""The JSON API: shapes checked against its own OpenAPI document, errors for bad input."""

import pytest
from openapi_spec_validator import validate

from tests.conftest import validated_get


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
    assert body["suggestion"] == "dog walking"
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
