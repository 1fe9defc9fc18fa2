"""Merge the researched entries and facts into data/platforms.yaml (run from the repository root
with the project's virtualenv: .venv/bin/python docs/catalog-research/merge.py)."""

import yaml

from peers.catalog.export import write_catalog

FR = "docs/catalog-research/"
base = yaml.safe_load(open("data/platforms.yaml"))
c1 = yaml.safe_load(open(FR + "new-platforms-1.yaml"))
c2 = yaml.safe_load(open(FR + "new-platforms-2.yaml"))
for slug, body in (c1.get("categories") or {}).items():
    base["categories"].setdefault(slug, body)
existing = {p["slug"] for p in base["platforms"]}
for frag in (c1, c2):
    for p in frag["platforms"]:
        if p["slug"] in existing:
            print("skip duplicate", p["slug"])
            continue
        existing.add(p["slug"])
        base["platforms"].append(p)
by_slug = {p["slug"]: p for p in base["platforms"]}
for name in ("facts-of-listed-platforms.yaml", "more-facts-1.yaml", "more-facts-2.yaml"):
    patches = yaml.safe_load(open(FR + name)) or {}
    for slug, fields in patches.items():
        if slug not in by_slug:
            print(name, "unknown slug", slug)
            continue
        by_slug[slug].update(fields)
open("data/platforms.yaml", "w").write(write_catalog(base))
print(len(base["platforms"]), "platforms")
