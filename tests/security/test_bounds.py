"""No id in a URL and no page number, however large or odd, produces a 500: every
<int:...> route is bounded by its converter, every listing's ?page= by one helper."""

import pytest

from peers.urls import MAX_ID
from tests.helpers import login
from tests.populate import fill_every_table

TOO_BIG = ("9223372036854775808", str(MAX_ID + 1), "9" * 5000)
BAD_PAGES = ("99999999999999999999", "0", "-1", "abc", "false", "1.5", "1000001")


@pytest.fixture
def site(make_app, make_user):
    """The small site with a row in every table, CSRF off so that posts reach the views,
    and a client signed in as an admin, who may reach every route."""
    app = make_app("small", WTF_CSRF_ENABLED=False)
    world = fill_every_table(app)
    client = app.test_client()
    login(client, make_user(app, role="admin"))
    return app, client, world


def int_routes(app):
    """(rule, methods) of every route with an <int:...> part."""
    return [(rule, sorted(rule.methods - {"HEAD", "OPTIONS"})) for rule in app.url_map.iter_rules()
            if any(type(c).__name__ == "IdConverter" for c in rule._converters.values())]


def url_with(rule, value: str) -> str:
    url = rule.rule
    for name in rule.arguments:
        url = url.replace(f"<int:{name}>", value).replace(f"<{name}>", "rover")
    return url


def test_the_walk_finds_the_id_routes_of_every_feature(site):
    app, _client, _world = site
    paths = {rule.rule for rule, _methods in int_routes(app)}
    assert {"/marketplace/offers/<int:offer_id>", "/api/v1/vendors/<int:vendor_id>",
            "/reviews/<int:review_id>/history", "/reviews/<int:review_id>/delete",
            "/moderation/reviews/<int:review_id>/decision"} <= paths


def test_an_id_out_of_range_matches_no_route(site):
    app, client, _world = site
    for rule, methods in int_routes(app):
        for value in (*TOO_BIG, "0", "-1", "+1", "1e3"):
            for method in methods:
                response = client.open(url_with(rule, value), method=method)
                assert response.status_code == 404, (method, rule.rule, value)


def test_the_largest_id_reaches_the_view_and_is_not_found(site):
    app, client, _world = site
    for rule, methods in int_routes(app):
        for method in methods:
            response = client.open(url_with(rule, str(MAX_ID)), method=method)
            assert response.status_code < 500, (method, rule.rule)


def test_an_id_under_api_is_a_json_404(site):
    _app, client, _world = site
    response = client.get("/api/v1/vendors/9223372036854775808")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def listings(world) -> list[str]:
    # A platform page's reviews continue by cursor, not page (tests/ratings/test_review_pages.py).
    return ["/platforms", "/categories/pet-care", "/marketplace",
            f"/marketplace/vendors/{world.vendor_id}", "/moderation", "/moderation/hidden",
            "/moderation/log", "/api/v1/platforms", "/api/v1/offers"]


def test_every_listing_refuses_a_bad_page_with_a_400_naming_it(site):
    _app, client, world = site
    for url in listings(world):
        assert client.get(f"{url}?page=1").status_code == 200, url
        for page in BAD_PAGES:
            response = client.get(f"{url}?page={page}")
            assert response.status_code == 400, (url, page)
            text = response.get_data(as_text=True)
            assert "page must be" in text, (url, page)
            if url.startswith("/api/"):
                assert response.json["error"]["field"] == "page"


def test_the_last_allowed_page_is_an_empty_page(site):
    _app, client, world = site
    for url in listings(world):
        assert client.get(f"{url}?page=1000000").status_code == 200, url
    assert client.get("/api/v1/offers?page=1000000").json["offers"] == []


def test_every_other_page_ignores_or_refuses_odd_pages_without_a_500(site):
    app, client, _world = site
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and "static" not in rule.endpoint:
            for page in BAD_PAGES[:2]:
                assert client.get(f"{rule.rule}?page={page}").status_code < 500, rule.rule
