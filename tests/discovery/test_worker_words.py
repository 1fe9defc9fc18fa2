"""Discovery read as a worker writes: intents, hours and places in the text, typos, refining
in place, non-earning platforms, and input of any shape."""

import re

import pytest
import sqlalchemy as sa

from peers.discovery.catalog import CatalogError, read_catalog
from peers.discovery.matcher import read_profile
from peers.discovery.models import Platform
from peers.discovery.places import PlaceUnknown, resolve_place
from peers.errors import Refused
from peers.extensions import db
from peers.ratings import services as ratings_services
from peers.ratings.insights import queries as insights
from tests.api.test_api import get_valid
from tests.factories import write_platform_review
from tests.sites import CATALOGS


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def result_slugs(page: str) -> list[str]:
    results = page[page.index('<ol class="results">'):]
    return re.findall(r'<h2 class="card-title"><a href="/platforms/([\w-]+)"', results)


# -- reading the text -----------------------------------------------------------------------------

def test_hours_and_place_in_the_text_are_read_as_fields_not_words(app):
    with app.app_context():
        profile, reading = read_profile("15 hours a week walking dogs in Austin, TX")
    assert reading.hours == 15 and reading.hours_text == "15 hours a week"
    assert profile.place.name == "Austin, Texas, United States"
    assert "hours" not in profile.text and "Austin" not in profile.text


def test_the_fields_the_worker_filled_in_win_over_the_text(app):
    with app.app_context():
        profile, _ = read_profile("dogs in Austin", place=resolve_place("Lyon"))
    assert profile.place.country_code == "FR"


def test_assets_named_in_the_text_count_as_ticked(app):
    with app.app_context():
        profile, _ = read_profile("I have a car and a spare room")
    assert set(profile.named_assets) == {"car", "spare-room"}


def test_an_unknown_place_offers_the_nearest_names():
    with pytest.raises(PlaceUnknown) as found:
        resolve_place("Seatle")
    assert "Seattle" in found.value.suggestions
    assert "Did you mean Seattle" in str(found.value)


def test_a_city_name_shared_with_others_names_them():
    assert "Paris, Texas, United States" in resolve_place("Paris").alternatives
    assert resolve_place("Paris, TX").country_code == "US"


# -- the results page -----------------------------------------------------------------------------

def test_car_and_spare_room_cover_both_intents_and_say_which_each_serves(client):
    page = page_of(client, "/discover?q=I+have+a+car+and+a+spare+room&location=Austin%2C+TX")
    top = result_slugs(page)[:4]
    assert "airbnb" in top and ({"uber", "lyft"} & set(top))
    assert "zipcar" not in result_slugs(page)
    assert "Fits what you said: <strong>a spare room</strong>" in page
    assert "Fits what you said: <strong>a car</strong>" in page


def test_a_car_alone_ranks_ridesharing_first_and_never_the_car_club(client):
    slugs = result_slugs(page_of(client, "/discover?q=I+have+a+car"))
    assert slugs[0] in {"uber", "lyft"} and "zipcar" not in slugs


def test_the_page_shows_back_what_it_read_and_keeps_it_as_editable_filters(client):
    page = page_of(client, "/discover?q=15+hours+a+week+walking+dogs+in+Austin%2C+TX")
    assert "What we read in your words" in page
    assert "Hours: <strong>15 a week</strong> (from “15 hours a week”)" in page
    assert re.search(r'<input[^>]*id="location"[^>]*value="Austin, Texas, United States"', page)
    assert re.search(r'<input[^>]*id="hours"[^>]*value="15"', page)
    assert "in Austin, Texas, United States." in page


def test_a_named_asset_is_ticked_in_the_refine_form(client):
    page = page_of(client, "/discover?q=my+van")
    assert re.search(r'<input[^>]*checked[^>]*value="van"|<input[^>]*value="van"[^>]*checked',
                     page)


def test_a_typo_is_corrected_with_a_way_back(client):
    page = page_of(client, "/discover?q=dgos")
    assert "Showing results for <strong>dogs</strong>; search instead for" in page
    assert result_slugs(page)[0] == "rover"
    exact = page_of(client, "/discover?q=dgos&exact=1")
    assert "Showing results for" not in exact and "No platform fits that yet" in exact


def test_an_unknown_place_in_the_text_offers_the_nearest_names(client):
    page = page_of(client, "/discover?q=dog+sitting+in+Seatle")
    assert "We could not find the place “Seatle”" in page
    assert re.search(r'<a href="[^"]*location=Seattle[^"]*">Seattle</a>', page)


def test_a_shared_city_name_asks_which_one(client):
    page = page_of(client, "/discover?q=spare+room&location=Paris")
    assert "Did you mean" in page and "Paris, Texas, United States</a>" in page


def test_results_page_by_ten_with_a_more_link(client):
    page = page_of(client, "/discover?q=drive+deliver+cook+teach+rent+dogs")
    assert len(result_slugs(page)) == 10
    more = re.search(r'href="([^"]*more=2[^"]*)">More results</a>', page)
    assert more
    assert len(result_slugs(page_of(client, more.group(1).replace("&amp;", "&")))) == 20


def test_sorting_by_rating_keeps_weak_matches_below_strong_ones(app, make_user):
    """Taskrabbit matches a dog lover only weakly ("yard"): five stars cannot lift it above
    Rover."""
    worker = make_user(app)
    write_platform_review(app, worker, "taskrabbit", overall=5)
    client = app.test_client()
    page = page_of(client, "/discover?q=I+love+dogs+and+have+a+yard&sort=rating")
    slugs = result_slugs(page)
    assert "taskrabbit" in slugs and slugs.index("rover") < slugs.index("taskrabbit")
    assert "Only platforms that fit you well" in page
    assert page.count("Weaker match") >= 1


@pytest.mark.parametrize("text", [
    "🐶🐶🐶", "the and of a", "12345", "我会做饭", "x" * 500, "in Austin", "15 hours a week",
    "مرحبا أنا أحب الكلاب", "' OR 1=1 --", "\u200b\u200b",
])
def test_any_input_gets_a_clear_answer_never_a_500(client, text):
    response = client.get("/discover", query_string={"q": text})
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    if response.status_code == 400:
        assert 'id="q-error"' in page
    else:
        assert '<ol class="results">' in page or "No platform fits that yet" in page


# -- non-earning platforms ------------------------------------------------------------------------

def test_a_search_for_a_non_earning_platform_explains_why_it_is_not_listed(client):
    page = page_of(client, "/discover?q=zipcar")
    assert "Zipcar</a> is not listed among the results: it is not an earning platform." in page
    assert "members cannot list their own cars" in page


def test_the_catalog_labels_a_non_earning_platform_and_hides_its_review_link(client):
    page = page_of(client, "/platforms/zipcar")
    assert "Not an earning platform" in page
    assert "/platforms/zipcar/review" not in page
    assert "Not an earning platform" in page_of(client, "/platforms?category=car-sharing")


def test_a_non_earning_platform_takes_no_review(app, make_user):
    worker = make_user(app)
    with pytest.raises(Refused, match="not an earning platform"):
        write_platform_review(app, worker, "zipcar")
    with app.app_context():
        zipcar = db.session.scalar(sa.select(Platform).where(Platform.slug == "zipcar"))
        assert ratings_services.not_reviewable(zipcar).startswith("Zipcar is not")


def test_the_review_form_of_a_non_earning_platform_is_refused(app, make_user):
    from tests.helpers import login
    worker = make_user(app)
    client = app.test_client()
    login(client, worker)
    response = client.get("/platforms/zipcar/review")
    assert response.status_code == 409
    assert "not an earning platform" in response.get_data(as_text=True)


def test_the_issue_map_leaves_non_earning_platforms_out(app):
    with app.app_context():
        from peers.discovery import queries
        zipcar = db.session.scalar(sa.select(Platform.id).where(Platform.slug == "zipcar"))
        rover = db.session.scalar(sa.select(Platform.id).where(Platform.slug == "rover"))
        assert set(queries.earning_platform_labels([zipcar, rover])) == {rover}
        insights.issue_map()  # still builds


# -- the catalog file -----------------------------------------------------------------------------

def test_uses_default_to_the_category_and_an_entry_overrides_them(app):
    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    by_slug = {p.slug: p for p in catalog.platforms}
    assert by_slug["uber"].uses == ["drive-passengers"]
    assert by_slug["turo"].uses == ["rent-out-car"]
    assert by_slug["rover"].uses == ["care-for-pets", "house-sit"]
    assert by_slug["zipcar"].earning is False and by_slug["zipcar"].uses == []
    assert by_slug["cambly"].requirements["languages"] == ["en"]


def test_every_category_has_default_uses(app):
    from peers.discovery.vocabulary import load_vocabulary
    vocabulary = load_vocabulary(app.config["VOCABULARY_PATH"])
    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    for category in catalog.categories:
        assert vocabulary.default_uses(category.slug), category.slug
    for category in ("house-sitting", "ai-training", "rv-and-boat-rental"):
        assert vocabulary.default_uses(category)
    assert {"rv", "land", "boat"} <= set(vocabulary.assets)


@pytest.mark.parametrize(("patch", "message"), [
    ("    earning: false\n", "say in one sentence why"),
    ("    earning: maybe\n    earning_note: x\n", "expected true or false"),
    ("    uses: [juggling]\n", "unknown use 'juggling'"),
])
def test_bad_earning_or_uses_is_an_error_naming_the_field(app, tmp_path, patch, message):
    text = CATALOGS["real"].read_text(encoding="utf-8")
    start = text.index("  - slug: lyft")
    at = text.index("\n", text.index("    tags:", start)) + 1
    path = tmp_path / "platforms.yaml"
    path.write_text(text[:at] + patch + text[at:], encoding="utf-8")
    with pytest.raises(CatalogError) as found:
        read_catalog(path, app.config["VOCABULARY_PATH"])
    assert any("(lyft)" in p and message in p for p in found.value.problems), found.value.problems


# -- the API --------------------------------------------------------------------------------------

def test_the_api_takes_and_returns_the_same_fields(client, openapi):
    body = get_valid(client, openapi,
                     "/api/v1/discover?q=I+have+a+car+and+a+spare+room+20+hours+a+week+in+Austin")
    assert body["hours"] == 20 and body["read_from_text"]["hours"] == "20 hours a week"
    assert body["location"]["country_code"] == "US"
    assert {i["label"] for i in body["intents"]} == {"a car", "a spare room"}
    assert all(r["serves"] for r in body["results"][:4])
    body = get_valid(client, openapi, "/api/v1/discover?q=zipcar")
    assert body["not_earning"][0]["slug"] == "zipcar" and body["results"] == []


def test_the_api_sort_reorders_only_strong_matches(client, openapi):
    body = get_valid(client, openapi, "/api/v1/discover?q=dogs&sort=rating")
    strong = [r["strong"] for r in body["results"] if r["status"] == "active"]
    assert strong == sorted(strong, reverse=True) and not all(strong)
    assert body["sort"] == "rating"
    error = get_valid(client, openapi, "/api/v1/discover?q=dogs&sort=cheapest", status=400)
    assert error["error"]["field"] == "sort"


def test_the_api_hours_and_hours_in_the_words_set_the_estimates(client, openapi):
    body = get_valid(client, openapi, "/api/v1/discover?q=drive+people&hours=20&limit=20")
    assert body["hours"] == 20
    estimates = [r["estimate"] for r in body["results"] if r["estimate"]]
    assert all(e["hours_per_week"] == 20 for e in estimates)
    said = get_valid(client, openapi,
                     "/api/v1/discover?q=drive+people+15+hours+a+week&limit=20")
    assert said["hours"] == 15
