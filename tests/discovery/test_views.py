"""Discovery pages as a worker sees them."""

import re

import pytest

from peers.discovery.views import regions_text, requirement_lines


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def visible_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_home_has_the_discovery_form(small_client):
    page = text_of(small_client.get("/"))
    assert 'action="/discover" method="get"' in page
    for label in ("What can you do", "What do you have?", "Where do you live?", "Hours a week"):
        assert label in page
    assert 'type="checkbox"' in page and 'value="dog-friendly-home"' in page
    assert "<script" not in page  # works without JavaScript


def test_results_show_rank_reasons_requirements_regions_and_pay_claim(small_client):
    page = text_of(small_client.get("/discover?q=dog+walking&assets=dog-friendly-home"))
    assert page.index(">Rover</a>") < page.index(">Hourly Walkers</a>")
    assert "Why it matched" in page
    assert "You have a dog-friendly home" in page and "it appears in its" in page
    assert "Age 18 or older" in page and "Background check" in page
    assert "CA, GB, US" in page
    assert "Sitters earn up to $1,000 a month" in page
    assert 'href="https://www.rover.com/become-a-sitter/"' in page


def test_a_claim_is_never_multiplied_by_every_hour(small_client):
    page = visible_text(small_client.get("/discover?q=dog+walking&hours=10"))
    # Without reports the claim is shown as a claim, in its own unit: never $20 x 10 h x 52/12.
    assert "867" not in page
    assert "a month at 10 hours a week" not in page
    assert "The platform's own claim, not what workers report: 20.00 USD per hour" in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("", "q", "Tell us something you can do or enjoy, or tick what you have."),
        ("q=" + "a" * 501, "q", "Keep it under 500 characters."),
        ("q=dogs&assets=yacht", "assets", 'Unknown asset "yacht"'),
        ("q=dogs&location=Narnia", "location", "We could not find"),
        ("q=dogs&hours=500", "hours", "Enter between 1 and 100 hours."),
        ("q=%22*%28", "q", "Tell us something you can do or enjoy"),
    ],
)
def test_bad_input_is_shown_beside_its_field(small_client, query, field, message):
    response = small_client.get(f"/discover?{query}")
    assert response.status_code == 400
    page = text_of(response)
    assert f'id="{field}-error"' in page
    error = page[page.index(f'id="{field}-error"'):]
    assert message in error[: error.index("</p>")].replace("&#34;", '"').replace("&quot;", '"')
    assert 'aria-invalid="true"' in page or field == "assets"


def test_worker_text_is_escaped(small_client):
    page = small_client.get('/discover?q=<script>alert(1)</script>"dogs').get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_corrected_search_offers_the_words_as_typed(small_client):
    page = text_of(small_client.get("/discover?q=dog+wlaking&location=Austin%2C+TX"))
    assert "Showing results for <strong>dog walking</strong>; search instead for" in page
    link = re.search(r'href="([^"]*exact=1[^"]*)">dog wlaking</a>', page)
    assert link and "location=Austin" in link.group(1)
    exact = text_of(small_client.get(link.group(1).replace("&amp;", "&")))
    assert "Showing results for" not in exact


def test_merged_platform_search_says_where_the_work_went(small_client):
    page = text_of(small_client.get("/discover?q=dogvacay"))
    assert "DogVacay merged into Rover in 2017" in page


def test_place_is_named_in_the_summary(small_client):
    page = text_of(small_client.get("/discover?q=carpool&location=Lyon%2C+France"))
    assert "in Lyon, France." in page


def test_no_match_explains_what_to_try(small_client):
    page = text_of(small_client.get("/discover?q=zeppelin"))
    assert "No platform fits that yet" in page


def test_platform_page_shows_everything_the_catalog_knows(small_client):
    page = text_of(small_client.get("/platforms/airbnb"))
    assert "3% host service fee under the split-fee model" in page
    assert 'href="https://www.airbnb.com/help/article/1857"' in page and "2024" in page
    assert "Not known from a source yet." in page  # worker protection is unknown here
    assert "Worldwide" in page


def test_merged_platform_page_names_its_successor(small_client):
    page = text_of(small_client.get("/platforms/dogvacay"))
    assert "merged into Rover in 2017" in page and 'href="/platforms/rover"' in page
    assert "Formerly also:" in text_of(small_client.get("/platforms/rover"))


def test_unknown_platform_and_category_are_404(small_client):
    assert small_client.get("/platforms/nope").status_code == 404
    assert small_client.get("/categories/nope").status_code == 404


def test_browse_filters_by_category_and_region(small_client):
    page = text_of(small_client.get("/platforms?category=pet-care"))
    assert "Rover" in page and "BlaBlaCar" not in page
    page = text_of(small_client.get("/platforms?region=FR"))
    assert "BlaBlaCar" in page and "Airbnb" in page  # FR, and worldwide
    assert ">Rover<" not in page


def test_browse_lists_active_platforms_before_closed_ones(small_client):
    page = text_of(small_client.get("/platforms?category=carpooling"))
    assert page.index("BlaBlaCar") < page.index("Waze Carpool")


def test_browse_is_paginated(make_app):
    app = make_app("real", PLATFORMS_PER_PAGE=10)
    client = app.test_client()
    first = text_of(client.get("/platforms"))
    assert "Page 1 of" in first and 'rel="next"' in first
    second = text_of(client.get("/platforms?page=2"))
    assert "Page 2 of" in second and 'rel="prev"' in second


def test_category_page(small_client):
    page = text_of(small_client.get("/categories/pet-care"))
    assert "<h1>Pet care</h1>" in page and "Rover" in page


def test_pages_do_not_query_per_row(make_app, count_queries):
    app = make_app("real")
    client = app.test_client()
    client.get("/discover?q=dogs")  # warm: the first search compares index and database
    with count_queries(app) as few:
        client.get("/discover?q=dogs")
    with count_queries(app) as many:
        assert client.get("/discover?q=drive+deliver+cook+teach+rent+dogs").status_code == 200
    # The cards with their regions, the rating summaries and earnings, the reported pay bands
    # where the worker is (one statement per scope), the offer counts: only
    # for platforms this process has not shown since the index changed (the cards) or within
    # RESULTS_STATS_SECONDS (the rest), whatever their number.
    assert len(few) == 0
    assert len(many) <= 5
    with count_queries(app) as browse:
        client.get("/platforms")
    assert len(browse) <= 6


def test_the_workers_country_is_listed_first(small_client):
    page = visible_text(small_client.get("/discover?q=dog+walking&location=Austin%2C+TX"))
    assert "Where US, CA, GB" in page


def test_country_filter_uses_country_names(small_client):
    page = text_of(small_client.get("/platforms"))
    assert '<option value="FR">France</option>' in page
    assert '<option value="worldwide"' not in page


def test_category_counts_match_the_category_pages(small_client):
    page = text_of(small_client.get("/platforms"))
    assert "Pet care (3)" in page and "Carpooling (2)" in page


def test_dead_platforms_get_no_visit_button(small_client):
    assert "Visit Rover" in text_of(small_client.get("/platforms/rover"))
    assert "Visit DogVacay" not in text_of(small_client.get("/platforms/dogvacay"))
    assert "Visit Waze Carpool" not in text_of(small_client.get("/platforms/waze-carpool"))


def test_platform_page_names_assets_and_countries_for_people(small_client):
    page = text_of(small_client.get("/platforms/rover"))
    assert "<li>A dog-friendly home</li>" in page
    assert "Canada, United Kingdom, United States" in page


def test_long_region_lists_are_cut_after_eight_with_the_workers_country_first():
    codes = ["AU", "BR", "CA", "DE", "ES", "FR", "GB", "IT", "JP", "US"]
    assert regions_text(codes, "US") == "US, AU, BR, CA, DE, ES, FR, GB and 2 more"
    assert regions_text(["worldwide"], "FR") == "Worldwide"
    assert regions_text(["CA", "US"], "FR") == "CA, US"


def test_requirements_read_as_one_line_each():
    assert requirement_lines({"min_age": 21, "vehicle": "A car from 2010 or newer",
                              "background_check": False, "other": ["A smartphone"]}) == [
        "Age 21 or older", "A car from 2010 or newer", "No background check", "A smartphone"]
    assert requirement_lines({"background_check": True}) == ["Background check"]
    assert requirement_lines(None) == []
