"""The catalog file with the database's accepted corrections laid over it: what
`flask peers export-catalog` writes back (reads only)."""

from pathlib import Path
from typing import Any

from peers.catalog import facts, queries
from peers.catalog.services import same_value
from peers.discovery import queries as discovery_queries
from peers.discovery.catalog import parse_catalog


def merged_catalog(data: dict[str, Any], path: str,
                   vocabulary_path: str | Path) -> tuple[dict[str, Any], list[str]]:
    """The parsed file `data` (changed in place) with each fact an accepted correction
    changed set to the database's value, and each platform's history as stored. Returns
    it and the slugs of platforms in the database but not in the file (left out)."""
    catalog = parse_catalog(data, path, vocabulary_path)  # raises CatalogError
    corrected = queries.corrected_facts()
    histories = queries.history_by_platform()
    in_db = {p.slug: p for p in discovery_queries.platforms_in_slug_order()}
    for raw, entry in zip(data["platforms"], catalog.platforms, strict=True):
        platform = in_db.get(entry.slug)
        if platform is None:
            continue
        for fact in facts.CORRECTABLE:
            if (entry.slug, fact) not in corrected:
                continue
            value = facts.current_value(platform, fact)
            if not same_value(value, facts.file_value(entry, fact)):
                _put(raw, platform, fact, value)
        history = [{"fact": c.fact, "date": c.changed_on, "from": c.from_text, "to": c.to_text,
                    "source": c.source} for c in histories.get(platform.id, [])]
        if history != entry.changes:
            raw["changes"] = history
    return data, sorted(set(in_db) - {entry.slug for entry in catalog.platforms})


def _put(raw: dict[str, Any], platform: Any, fact: str, value: Any) -> None:
    if fact == "min_age":
        raw["requirements"] = {**(raw.get("requirements") or {}), "min_age": value}
    elif fact == "regions":
        raw.update(regions=list(value), regions_source=platform.regions_source,
                   regions_as_of=platform.regions_as_of)
    else:
        raw[fact] = dict(value) if value is not None else None
