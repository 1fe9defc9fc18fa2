"""Read and validate data/platforms.yaml; nothing is returned unless every entry is valid.

Every problem names the file, its line, the entry and the field (docs/catalog.md); the fact
blocks' own rules are in catalog_facts.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from peers.discovery import catalog_facts as facts
from peers.discovery.catalog_facts import FACT_FIELDS, SLUG_RE, is_url, is_year
from peers.discovery.models import STATUSES
from peers.discovery.vocabulary import Vocabulary, load_vocabulary
from peers.discovery.yaml_lines import line_of, load_with_lines

TEXT_LIMITS = {"name": 120, "url": 500, "summary": 200, "description": 4000}
# Every key an entry may have, in the order the export writes them (docs/catalog.md).
ENTRY_KEYS = (
    "slug", "name", "url", "category", "summary", "description", "skills", "assets", "tags",
    "earning", "earning_note", "uses", "requirements", "regions", "regions_source",
    "regions_as_of", "cities", "status", "status_year", "merged_into", "roles", *FACT_FIELDS,
    "fairwork", "changes",
)
__all__ = ["FACT_FIELDS", "Catalog", "CatalogError", "PlatformEntry", "read_catalog"]


class CatalogError(ValueError):
    """The catalog file is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class CategoryEntry:
    slug: str
    name: str
    description: str


@dataclass
class PlatformEntry:
    slug: str
    name: str
    url: str
    category: str
    summary: str
    description: str
    skills: list[str]
    assets: list[str]
    tags: list[str]
    requirements: dict[str, Any]
    regions: list[str]
    status: str
    status_year: int | None
    merged_into: str | None
    facts: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    regions_source: str | None = None
    regions_as_of: int | None = None
    cities: dict[str, list[str]] | None = None
    roles: list[dict[str, Any]] | None = None
    fairwork: list[dict[str, Any]] | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    earning: bool = True  # False: listed so workers can tell it apart, but nobody earns on it
    earning_note: str | None = None  # why not, one sentence (required when earning is false)
    uses: list[str] = field(default_factory=list)  # its own, else its category's default
    line: int = field(default=0, compare=False)  # where the entry starts in its file


@dataclass
class Catalog:
    categories: list[CategoryEntry]
    platforms: list[PlatformEntry]


class _Problems:
    """Collects problems, each prefixed with the file, the line and the entry it is about."""

    def __init__(self, path: str):
        self.path = path
        self.items: list[str] = []

    def add(self, line: int, where: str, fieldname: str, message: str) -> None:
        place = f"{self.path}:{line}" if line else self.path
        self.items.append(f"{place}: {where}: field '{fieldname}': {message}")


def read_catalog(path: str | Path, vocabulary_path: str | Path) -> Catalog:
    """Parse and validate the catalog file; raise CatalogError naming every problem."""
    path = str(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = load_with_lines(f.read())
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read the file: {exc.strerror}"]) from exc
    except yaml.YAMLError as exc:
        raise CatalogError([f"{path}: not valid YAML: {exc}"]) from exc
    return parse_catalog(data, path, vocabulary_path)


def parse_catalog(data: Any, path: str, vocabulary_path: str | Path) -> Catalog:
    """Validate an already parsed catalog (a mapping as in the file)."""
    if not isinstance(data, dict) or not isinstance(data.get("platforms"), list):
        raise CatalogError([f"{path}: expected a mapping with a 'platforms' list"])
    problems = _Problems(path)
    categories = _read_categories(data.get("categories"), problems, line_of(data, "categories"))
    vocabulary = load_vocabulary(vocabulary_path)
    platforms = [
        _read_platform(raw, i, {c.slug for c in categories}, vocabulary, problems)
        for i, raw in enumerate(data["platforms"], start=1)
    ]
    _check_across_entries(platforms, problems)
    if problems.items:
        raise CatalogError(problems.items)
    return Catalog(categories, platforms)


def _read_categories(raw: Any, problems: _Problems, line: int) -> list[CategoryEntry]:
    if not isinstance(raw, dict) or not raw:
        problems.add(line, "categories", "categories", "expected a mapping of category slugs")
        return []
    entries = []
    for slug, body in raw.items():
        where = f"category {slug!r}"
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            problems.add(line_of(raw, slug), where, "slug", "use lowercase letters, digits, dashes")
            continue
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            problems.add(line_of(raw, slug), where, "name", "every category needs a name")
            continue
        entries.append(CategoryEntry(slug, body["name"], str(body.get("description") or "")))
    return entries


class _EntryReader:
    """Reads one raw platform mapping, reporting each problem with its line and the entry."""

    def __init__(self, raw: dict[str, Any], position: int, problems: _Problems):
        self.raw = raw
        self.where = f"platform #{position} ({raw.get('slug', 'no slug')})"
        self.problems = problems

    def add(self, fieldname: str, message: str, mapping: Any = None, key: Any = None) -> None:
        """A problem with a field; its line is that of `key` in `mapping` (default: the entry)."""
        mapping = self.raw if mapping is None else mapping
        top = fieldname.split(".")[0]
        if key is not None and key not in mapping and self.raw.get(top) is mapping:
            mapping, key = self.raw, top  # a key missing from a fact: the fact's own line
        line = line_of(mapping, key) or line_of(self.raw, top)
        self.problems.add(line, self.where, fieldname, message)

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        if not isinstance(value, str) or not value.strip():
            self.add(name, "required text is missing", key=name)
            return ""
        limit = TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            self.add(name, f"longer than {limit} characters", key=name)
        return " ".join(value.split()) if name != "description" else value.strip()

    def words(self, name: str) -> list[str]:
        value = self.raw.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.add(name, "expected a list of words", key=name)
            return []
        return [v.strip().lower() for v in value]

    def choice(self, name: str, allowed: set[str], what: str) -> str:
        value = self.text(name)
        if value and value not in allowed:
            self.add(name, f"unknown {what} {value!r}", key=name)
        return value

    def status(self) -> tuple[str, int | None, str | None]:
        status = self.raw.get("status", "active")
        if status not in STATUSES:
            self.add("status", f"must be one of {', '.join(STATUSES)}", key="status")
        year = self.raw.get("status_year")
        if status != "active" and not is_year(year):
            self.add("status_year", f"a {status} platform needs the year it happened",
                     key="status_year")
        merged_into = self.raw.get("merged_into") or None
        if (status == "merged") != bool(merged_into):
            self.add("merged_into", "give a successor slug exactly when status is merged",
                     key="merged_into")
        return status, year if is_year(year) else None, merged_into

    def earning(self) -> tuple[bool, str | None]:
        earning = self.raw.get("earning", True)
        note = self.raw.get("earning_note")
        if earning not in (True, False):
            self.add("earning", "expected true or false", key="earning")
            earning = True
        if note is not None and (not isinstance(note, str) or not note.strip()):
            self.add("earning_note", "expected one sentence, or null", key="earning_note")
            note = None
        if earning is False and not note:
            self.add("earning_note", "say in one sentence why it is not an earning platform",
                     key="earning")
        return earning, " ".join(note.split()) if note else None

    def uses(self, vocabulary: Vocabulary, category: str) -> list[str]:
        """The entry's own `uses`, else its category's default (data/vocabulary.yaml)."""
        if self.raw.get("uses") is None:
            return list(vocabulary.default_uses(category))
        uses = self.words("uses")
        for use in uses:
            if use not in vocabulary.uses:
                self.add("uses", f"unknown use {use!r} (see uses: in data/vocabulary.yaml)",
                         key="uses")
        return uses


def _read_platform(raw: Any, position: int, categories: set[str], vocabulary: Vocabulary,
                   problems: _Problems) -> PlatformEntry | None:
    if not isinstance(raw, dict):
        problems.add(0, f"platform #{position}", "-", "expected a mapping")
        return None
    entry = _EntryReader(raw, position, problems)
    for key in raw:
        if key not in ENTRY_KEYS:
            entry.add(str(key), "unknown key", key=key)
    slug = entry.text("slug")
    if slug and not SLUG_RE.match(slug):
        entry.add("slug", "use lowercase letters, digits and dashes", key="slug")
    url = entry.text("url")
    if url and not is_url(url):
        entry.add("url", "must be a web address starting with https:// or http://", key="url")
    asset_keys = set(vocabulary.assets)
    assets = entry.words("assets")
    for asset in assets:
        if asset not in asset_keys:
            entry.add("assets", f"unknown asset {asset!r} (see data/vocabulary.yaml)", key="assets")
    status, status_year, merged_into = entry.status()
    regions = facts.read_regions(raw.get("regions"), entry, raw)
    regions_source, regions_as_of = facts.read_regions_source(raw, entry)
    category = entry.choice("category", categories, "category")
    earning, earning_note = entry.earning()
    # Returned even when invalid, so that checks across entries see every slug.
    return PlatformEntry(
        slug=slug, name=entry.text("name"), url=url, category=category,
        summary=entry.text("summary"), description=entry.text("description"),
        skills=entry.words("skills"), assets=assets, tags=entry.words("tags"),
        requirements=facts.read_requirements(raw.get("requirements"), entry, raw),
        regions=regions, status=status, status_year=status_year, merged_into=merged_into,
        facts={name: facts.read_fact(name, raw.get(name), entry, raw) for name in FACT_FIELDS},
        regions_source=regions_source, regions_as_of=regions_as_of,
        cities=facts.read_cities(raw.get("cities"), regions, entry, raw),
        roles=facts.read_roles(raw.get("roles"), asset_keys, entry, raw),
        fairwork=facts.read_fairwork(raw.get("fairwork"), entry, raw),
        changes=facts.read_changes(raw.get("changes"), entry, raw),
        earning=earning, earning_note=earning_note, uses=entry.uses(vocabulary, category),
        line=line_of(raw),
    )


def _check_across_entries(platforms: list[PlatformEntry | None], problems: _Problems) -> None:
    seen: dict[str, int] = {}
    for position, entry in enumerate(platforms, start=1):
        if entry is None:
            continue
        if entry.slug in seen:
            problems.add(entry.line, f"platform #{position} ({entry.slug})", "slug",
                         f"duplicate slug, first used by platform #{seen[entry.slug]}")
        seen.setdefault(entry.slug, position)
    by_slug = {e.slug: e for e in platforms if e is not None}
    for position, entry in enumerate(platforms, start=1):
        if entry is None or entry.merged_into is None:
            continue
        target = by_slug.get(entry.merged_into)
        where = f"platform #{position} ({entry.slug})"
        if target is None:
            problems.add(entry.line, where, "merged_into",
                         f"no platform with slug {entry.merged_into!r}")
        elif target.slug == entry.slug or target.status == "merged":
            problems.add(entry.line, where, "merged_into",
                         "the successor must be another, unmerged platform")
