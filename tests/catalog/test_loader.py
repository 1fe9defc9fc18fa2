"""The catalog file's schema: every rule refuses the whole file and names file, line, entry
and field; a valid entry of the new schema is stored with all its facts."""

import re
import textwrap

import pytest
import sqlalchemy as sa

from peers.discovery.models import Platform
from peers.extensions import db

ENTRY = """\
categories:
  pet-care:
    name: Pet care
    description: Walk and board pets.
  ridesharing:
    name: Ridesharing
    description: Drive passengers.
platforms:
  - slug: rover
    name: Rover
    url: https://www.rover.com
    category: pet-care
    summary: Dog walking and pet sitting.
    description: >
      Sitters set their own prices.
    skills: [dog walking]
    assets: [dog-friendly-home]
    requirements:
      min_age: 18
      background_check: true
      languages: [en]
      equipment: [smartphone]
      source: https://www.rover.com/become-a-sitter/
      as_of: 2025
    regions: [US, GB, IE, DK]
    regions_source: https://www.irishexaminer.com/business/companies/arid-41622742.html
    regions_as_of: 2025
    cities:
      DK: [Copenhagen]
    status: active
    fee:
      text: "Rover keeps 20% of each booking"
      percent: 20
      fixed: null
      fixed_per: null
      currency: null
      payer: worker
      source: https://support.rover.com/hc/en-us/articles/205385304
      as_of: 2024
    advertised_pay:
      text: "Sitters earn 10 to 22 dollars an hour"
      min: 10
      max: 22
      currency: USD
      per: hour
      conditions: "before expenses"
      source: https://www.rover.com/become-a-sitter/
      as_of: 2025
    fairwork:
      - score: 2
        country: GB
        year: 2023
        source: https://fair.work/en/ratings/uk/
    changes:
      - fact: fee
        date: 2024-03-01
        from: "15%"
        to: "20%"
        source: https://support.rover.com/hc/en-us/articles/205385304
  - slug: uber
    name: Uber
    url: https://www.uber.com
    category: ridesharing
    summary: Drive passengers.
    description: Drivers accept trips in the app.
    assets: [car]
    regions: [US, GB]
    status: active
    roles:
      - slug: driver
        name: Driver
        assets: [car]
      - slug: courier
        name: Uber Eats courier
        assets: [car, bike]
"""


def write(tmp_path, text: str) -> str:
    path = tmp_path / "platforms.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def load(app, path: str, *args: str):
    return app.test_cli_runner().invoke(args=["peers", "load-platforms", path, *args])


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_full_entry_of_the_new_schema_is_stored(make_app, tmp_path):
    app = make_app("empty")
    result = load(app, write(tmp_path, ENTRY))
    assert result.exit_code == 0, result.output
    with app.app_context():
        rover = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        uber = db.session.scalar(sa.select(Platform).where(Platform.slug == "uber"))
        assert rover.regions == ["DK", "GB", "IE", "US"] and rover.regions_as_of == 2025
        assert rover.cities == {"DK": ["Copenhagen"]}
        assert rover.fee["payer"] == "worker" and rover.advertised_pay["max"] == 22
        assert rover.requirements["languages"] == ["en"]
        assert rover.fairwork == [{"score": 2, "country": "GB", "year": 2023,
                                   "source": "https://fair.work/en/ratings/uk/"}]
        assert [r["name"] for r in uber.roles] == ["Driver", "Uber Eats courier"]


BAD = {
    # case: (text to replace, replacement, the line to expect (a text on it), field, message)
    "negative fee": ("      percent: 20", "      percent: -5", "percent: -5", "fee.percent",
                     "expected a number from 0 to 100"),
    "unknown fee currency": ("      currency: null\n      payer",
                             "      currency: ABC\n      payer",
                             "currency: ABC", "fee.currency", "unknown currency 'ABC'"),
    "fixed fee without currency": ("      fixed: null", "      fixed: 2", "      currency: null",
                                   "fee.currency", "a fixed amount needs its currency"),
    "pay range upside down": ("      min: 10", "      min: 30", "min: 30", "advertised_pay.min",
                              "low end is above its high end"),
    "pay without currency": ("      currency: USD", "      currency: null",
                             "      currency: null\n      per", "advertised_pay.currency",
                             "unknown currency None"),
    "unknown country": ("regions: [US, GB, IE, DK]", "regions: [US, GB, IE, XK1]",
                        "regions: [US", "regions", "unknown region code 'XK1'"),
    "fact without source": ("      source: https://support.rover.com/hc/en-us/articles/205385304\n"
                            "      as_of: 2024", "      as_of: 2024", "fee:", "fee.source",
                            "every fact needs a source URL"),
    "fact without year": ("      as_of: 2024\n", "", "fee:", "fee.as_of",
                          "every fact needs the year"),
    "requirements source without year": ("      source: https://www.rover.com/become-a-sitter/\n"
                                         "      as_of: 2025\n    regions",
                                         "      source: https://www.rover.com/become-a-sitter/\n"
                                         "    regions", "requirements:", "requirements.as_of",
                                         "every fact needs the year"),
    "regions source without year": ("    regions_as_of: 2025\n", "", "regions_source:",
                                    "regions_as_of", "give the regions' source and its year"),
    "fairwork country": ("        country: GB", "        country: UK", "country: UK",
                         "fairwork.country", "unknown country 'UK'"),
    "fairwork score": ("      - score: 2", "      - score: 12", "score: 12", "fairwork.score",
                       "expected a score from 0 to 10"),
    "unknown role asset": ("        assets: [car, bike]", "        assets: [car, hovercraft]",
                           "assets: [car, hovercraft]", "roles.assets",
                           "unknown asset 'hovercraft'"),
    "cities outside the regions": ("      DK: [Copenhagen]", "      FR: [Paris]", "FR: [Paris]",
                                   "cities", "FR has cities but is not in the regions"),
    "unknown key": ("    status: active\n    fee:",
                    "    status: active\n    commission: 3\n    fee:",
                    "commission: 3", "commission", "unknown key"),
    "bad change date": ("        date: 2024-03-01", "        date: March 2024", "date: March",
                        "changes.date", "expected a date"),
    "successor missing": ("    status: active\n    roles:",
                          "    status: merged\n    status_year: 2020\n    merged_into: lyft\n"
                          "    roles:", "  - slug: uber", "merged_into",
                          "no platform with slug 'lyft'"),
    "duplicate slug": ("  - slug: uber", "  - slug: rover", "  - slug: rover\n    name: Uber",
                       "slug", "duplicate slug"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_rule_names_file_line_entry_and_field(make_app, tmp_path, case):
    old, new, on_line, fieldname, message = BAD[case]
    assert old in ENTRY
    text = ENTRY.replace(old, new, 1)
    app = make_app("empty")
    path = write(tmp_path, text)
    result = load(app, path)
    assert result.exit_code != 0
    line = line_of(text, on_line.split("\n")[0]) if "\n" not in on_line else (
        text.index(on_line) and text[:text.index(on_line)].count("\n") + 1)
    expected = (rf"{re.escape(path)}:{line}: platform #\d \((rover|uber)\): "
                rf"field '{re.escape(fieldname)}': ")
    assert re.search(expected + ".*" + re.escape(message), result.output), result.output
    assert "nothing was loaded" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Platform.id))) == 0


def test_every_problem_is_listed_with_its_own_line(make_app, tmp_path):
    text = ENTRY.replace("percent: 20", "percent: 120").replace("country: GB", "country: ZZ")
    result = load(make_app("empty"), write(tmp_path, text))
    for needle, fieldname in (("percent: 120", "fee.percent"), ("country: ZZ", "fairwork.country")):
        where = f":{line_of(text, needle)}: platform #1 (rover): field '{fieldname}'"
        assert where in result.output
    assert "2 problem(s)" in result.output


def test_a_bad_file_leaves_the_loaded_catalog_as_it_was(make_app, tmp_path):
    app = make_app("empty")
    assert load(app, write(tmp_path, ENTRY)).exit_code == 0
    bad = ENTRY.replace("Dog walking and pet sitting.", "Changed.").replace(
        "percent: 20", "percent: -1")
    assert load(app, write(tmp_path, bad)).exit_code != 0
    with app.app_context():
        rover = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        assert rover.summary == "Dog walking and pet sitting." and rover.fee["percent"] == 20


def test_the_real_catalog_names_no_worldwide_for_uber(app):
    from peers.discovery.catalog import read_catalog
    from tests.sites import CATALOGS

    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    by_slug = {p.slug: p for p in catalog.platforms}
    assert "worldwide" not in by_slug["uber"].regions and len(by_slug["uber"].regions) >= 10
    assert by_slug["uber"].regions_source
    assert {"IE", "DK"} <= set(by_slug["rover"].regions)
    assert "FR" in by_slug["turo"].regions
    assert by_slug["airbnb"].facts["fee"]["percent"] == 15.5


def test_text_blocks_of_the_fixture_are_plain():
    assert textwrap.dedent(ENTRY) == ENTRY
