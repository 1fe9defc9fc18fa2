"""Writing the catalog back: the file's layout, load(export(load(file))) == load(file), and
the export of a site whose facts were corrected by workers."""

import re

import yaml

from peers.catalog.export import write_catalog
from peers.discovery.catalog import parse_catalog, read_catalog
from tests.sites import CATALOGS


def test_the_real_catalog_survives_a_round_trip(app, tmp_path):
    vocabulary = app.config["VOCABULARY_PATH"]
    loaded = read_catalog(CATALOGS["real"], vocabulary)
    with open(CATALOGS["real"], encoding="utf-8") as f:
        text = write_catalog(yaml.safe_load(f))
    path = tmp_path / "again.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_catalog(path, vocabulary) == loaded


def test_the_export_keeps_the_file_layout(app):
    with open(CATALOGS["real"], encoding="utf-8") as f:
        data = yaml.safe_load(f)
    text = write_catalog(data)
    assert text.startswith("# Peers: seed catalog of platforms")
    names = [body["name"] for body in data["categories"].values()]
    used = {p["category"] for p in data["platforms"]}
    comments = re.findall(r"^  # --- (.+)$", text, flags=re.M)
    assert comments == [body["name"] for slug, body in data["categories"].items() if slug in used]
    assert set(comments) <= set(names)
    entry = text[text.index("  - slug: uber\n"):]
    entry = entry[:entry.index("\n  - slug:", 1)]
    keys = re.findall(r"^(?:  - |    )([a-z_]+):", entry, flags=re.M)
    assert keys.index("slug") < keys.index("description") < keys.index("requirements") \
        < keys.index("regions") < keys.index("regions_source") < keys.index("status") \
        < keys.index("fee") < keys.index("advertised_pay")
    assert "    description: >\n      Drivers accept trip requests" in entry


def test_a_script_can_patch_the_parsed_catalog_and_write_it(app, tmp_path):
    with open(CATALOGS["small"], encoding="utf-8") as f:
        data = yaml.safe_load(f)
    data["platforms"][0]["regions"] = ["US", "GB", "CA", "IE"]
    data["platforms"][0]["description"] = "First paragraph of the text.\nSecond paragraph."
    text = write_catalog(data)
    catalog = parse_catalog(yaml.safe_load(text), "patched", app.config["VOCABULARY_PATH"])
    rover = catalog.platforms[0]
    assert rover.regions == ["CA", "GB", "IE", "US"]
    assert rover.description == "First paragraph of the text.\nSecond paragraph."
