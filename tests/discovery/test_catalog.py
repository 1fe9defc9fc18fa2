"""data/platforms.yaml: validation first, all or nothing, idempotent."""

import re
import textwrap

import pytest
import sqlalchemy as sa
import yaml

from peers.discovery.catalog import read_catalog
from peers.discovery.models import Platform
from peers.extensions import db
from tests.sites import CATALOGS

REQUIRED_SLUGS = """airbnb airbnb-experiences vrbo turo getaround zipcar buzzcar uber lyft uber-eats
doordash grubhub deliveroo instacart shipt amazon-flex rover wag dogvacay eatwith feastly
taskrabbit thumbtack handy fiverr upwork 99designs topcoder etsy ebay poshmark depop vinted
neighbor spothero justpark swimply peerspace fat-llama kitsplit sharegrid spinlister blablacar
waze-carpool scoop outschool wyzant varsity-tutors care-com sittercity withlocals toursbylocals
mechanical-turk prolific lugg dolly""".split()


def small_catalog() -> dict:
    with open(CATALOGS["small"], encoding="utf-8") as f:
        return yaml.safe_load(f)


def write(tmp_path, data) -> str:
    path = tmp_path / "platforms.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return str(path)


def load(app, path):
    return app.test_cli_runner().invoke(args=["peers", "load-platforms", path])


def platform_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Platform.id)))


def test_real_catalog_is_valid_and_complete(app):
    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    slugs = {p.slug for p in catalog.platforms}
    assert len(catalog.platforms) >= 60
    assert sorted(set(REQUIRED_SLUGS) - slugs) == []


def test_real_catalog_facts_carry_source_and_year(app):
    catalog = read_catalog(CATALOGS["real"], app.config["VOCABULARY_PATH"])
    facts = [f for p in catalog.platforms for f in p.facts.values() if f is not None]
    assert facts, "the catalog should carry at least some sourced facts"
    for fact in facts:
        assert fact["source"].startswith("http") and 2000 <= fact["as_of"] <= 2026


def test_load_is_idempotent(make_app, tmp_path):
    app = make_app("empty")
    path = write(tmp_path, small_catalog())
    first = load(app, path)
    assert first.exit_code == 0, first.output
    assert "6 added" in first.output
    with app.app_context():
        stamps = dict(db.session.execute(sa.select(Platform.slug, Platform.updated_at)).all())
    second = load(app, path)
    assert "0 added, 0 updated, 6 unchanged" in second.output
    with app.app_context():
        assert dict(db.session.execute(sa.select(Platform.slug, Platform.updated_at)).all()) \
            == stamps


def test_changed_entry_is_updated(make_app, tmp_path):
    app = make_app("small")
    data = small_catalog()
    data["platforms"][0]["summary"] = "Walk dogs for neighbours."
    result = load(app, write(tmp_path, data))
    assert "0 added, 1 updated, 5 unchanged" in result.output
    with app.app_context():
        rover = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        assert rover.summary == "Walk dogs for neighbours."


def _broken(mutate):
    data = small_catalog()
    mutate(data)
    return data


BAD_CATALOGS = {
    "duplicate slug": (
        lambda d: d["platforms"].append(dict(d["platforms"][0])),
        "platform #7 (rover): field 'slug': duplicate slug, first used by platform #1",
    ),
    "merge target missing": (
        lambda d: d["platforms"][1].update(merged_into="nobody"),
        "platform #2 (dogvacay): field 'merged_into': no platform with slug 'nobody'",
    ),
    "unknown region": (
        lambda d: d["platforms"][0].update(regions=["US", "UK"]),
        "platform #1 (rover): field 'regions': unknown region code 'UK'",
    ),
    "fact without source": (
        lambda d: d["platforms"][2]["fee"].pop("source"),
        "platform #3 (airbnb): field 'fee.source': every fact needs a source URL",
    ),
    "fact without year": (
        lambda d: d["platforms"][2]["fee"].pop("as_of"),
        "platform #3 (airbnb): field 'fee.as_of'",
    ),
    "unknown asset": (
        lambda d: d["platforms"][3].update(assets=["spaceship"]),
        "platform #4 (blablacar): field 'assets': unknown asset 'spaceship'",
    ),
    "unknown category": (
        lambda d: d["platforms"][3].update(category="space-travel"),
        "field 'category': unknown category 'space-travel'",
    ),
    "missing slug": (
        lambda d: d["platforms"][4].pop("slug"),
        "platform #5 (no slug): field 'slug': required text is missing",
    ),
    "closed without year": (
        lambda d: d["platforms"][4].pop("status_year"),
        "platform #5 (waze-carpool): field 'status_year'",
    ),
    "bad currency": (
        lambda d: d["platforms"][0]["advertised_pay"].update(currency="XXY"),
        "field 'advertised_pay.currency': unknown currency 'XXY'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CATALOGS))
def test_bad_entry_is_named_and_nothing_is_loaded(make_app, tmp_path, case):
    app = make_app("empty")
    mutate, expected = BAD_CATALOGS[case]
    path = write(tmp_path, _broken(mutate))
    result = load(app, path)
    assert result.exit_code != 0
    assert re.search(rf"{re.escape(path)}:\d+: .*{re.escape(expected)}", result.output)
    assert "nothing was loaded" in result.output
    assert platform_count(app) == 0


def test_bad_entry_leaves_a_loaded_catalog_untouched(make_app, tmp_path):
    app = make_app("small")
    data = _broken(lambda d: d["platforms"][0].update(regions=["XX"]))
    data["platforms"][2]["summary"] = "This change must not be saved."
    assert load(app, write(tmp_path, data)).exit_code != 0
    with app.app_context():
        airbnb = db.session.scalar(sa.select(Platform).where(Platform.slug == "airbnb"))
        assert airbnb.summary != "This change must not be saved."


def test_invalid_yaml_is_reported(make_app, tmp_path):
    app = make_app("empty")
    result = load(app, write(tmp_path, "platforms: [\n  - slug: : :"))
    assert result.exit_code != 0 and "not valid YAML" in result.output


def test_missing_file_is_reported(make_app, tmp_path):
    result = load(make_app("empty"), str(tmp_path / "nope.yaml"))
    assert result.exit_code != 0 and "cannot read the file" in result.output


def test_every_problem_is_listed_at_once(make_app, tmp_path):
    def two_problems(d):
        d["platforms"][0]["regions"] = ["ZZ"]
        d["platforms"][3]["assets"] = ["rocket"]

    result = load(make_app("empty"), write(tmp_path, _broken(two_problems)))
    assert "unknown region code 'ZZ'" in result.output and "unknown asset 'rocket'" in result.output
    assert "2 problem(s)" in result.output


def test_merged_platform_points_at_successor(small_app):
    with small_app.app_context():
        dogvacay = db.session.scalar(sa.select(Platform).where(Platform.slug == "dogvacay"))
        assert dogvacay.successor.slug == "rover" and dogvacay.status_year == 2017


def test_file_order_does_not_matter_for_merges(make_app, tmp_path):
    app = make_app("empty")
    data = small_catalog()
    data["platforms"].reverse()
    assert load(app, write(tmp_path, data)).exit_code == 0
    with app.app_context():
        dogvacay = db.session.scalar(sa.select(Platform).where(Platform.slug == "dogvacay"))
        assert dogvacay.successor.slug == "rover"


def test_fixture_yaml_has_no_surprises():
    # The loader's messages above quote positions in this file; keep it as the tests expect.
    text = CATALOGS["small"].read_text()
    assert textwrap.dedent(text).count("- slug:") == 6
