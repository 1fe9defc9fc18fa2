"""Read and validate data/platforms.yaml; nothing is returned unless every entry is valid."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import yaml

from peers.discovery.models import STATUSES, WORLDWIDE
from peers.discovery.vocabulary import Vocabulary, load_vocabulary

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_FIELDS = ("fee", "advertised_pay", "worker_protection", "worker_classification")
PAY_PERIODS = ("hour", "day", "week", "month", "year", "task")
REQUIREMENT_KEYS = ("min_age", "licence", "vehicle", "background_check", "languages", "other")
TEXT_LIMITS = {"name": 120, "url": 500, "summary": 200, "description": 4000}
FIRST_YEAR, LAST_YEAR = 1995, 2100


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
    earning: bool = True  # False: listed so workers can tell it apart, but nobody earns on it
    earning_note: str | None = None  # why not, one sentence (required when earning is false)
    uses: list[str] = field(default_factory=list)  # its own, else its category's default


@dataclass
class Catalog:
    categories: list[CategoryEntry]
    platforms: list[PlatformEntry]


class _Problems:
    """Collects problems, each prefixed with the file and the entry it is about."""

    def __init__(self, path: str):
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, fieldname: str, message: str) -> None:
        self.items.append(f"{self.path}: {where}: field '{fieldname}': {message}")


def read_catalog(path: str | Path, vocabulary_path: str | Path) -> Catalog:
    """Parse and validate the catalog file; raise CatalogError naming every problem."""
    path = str(path)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except OSError as exc:
        raise CatalogError([f"{path}: cannot read the file: {exc.strerror}"]) from exc
    except yaml.YAMLError as exc:
        raise CatalogError([f"{path}: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("platforms"), list):
        raise CatalogError([f"{path}: expected a mapping with a 'platforms' list"])
    problems = _Problems(path)
    categories = _read_categories(data.get("categories"), problems)
    vocabulary = load_vocabulary(vocabulary_path)
    platforms = [
        _read_platform(raw, i, {c.slug for c in categories}, vocabulary, problems)
        for i, raw in enumerate(data["platforms"], start=1)
    ]
    _check_across_entries(platforms, problems)
    if problems.items:
        raise CatalogError(problems.items)
    return Catalog(categories, platforms)


def _read_categories(raw: Any, problems: _Problems) -> list[CategoryEntry]:
    if not isinstance(raw, dict) or not raw:
        problems.add("categories", "categories", "expected a mapping of category slugs")
        return []
    entries = []
    for slug, body in raw.items():
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            problems.add(f"category {slug!r}", "slug", "use lowercase letters, digits, dashes")
            continue
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            problems.add(f"category {slug!r}", "name", "every category needs a name")
            continue
        entries.append(CategoryEntry(slug, body["name"], str(body.get("description") or "")))
    return entries


class _EntryReader:
    """Reads one raw platform mapping, reporting each problem with the entry's position."""

    def __init__(self, raw: dict[str, Any], position: int, problems: _Problems):
        self.raw = raw
        self.where = f"platform #{position} ({raw.get('slug', 'no slug')})"
        self.problems = problems

    def add(self, fieldname: str, message: str) -> None:
        self.problems.add(self.where, fieldname, message)

    def text(self, name: str) -> str:
        value = self.raw.get(name)
        if not isinstance(value, str) or not value.strip():
            self.add(name, "required text is missing")
            return ""
        limit = TEXT_LIMITS.get(name)
        if limit and len(value) > limit:
            self.add(name, f"longer than {limit} characters")
        return " ".join(value.split()) if name != "description" else value.strip()

    def words(self, name: str) -> list[str]:
        value = self.raw.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.add(name, "expected a list of words")
            return []
        return [v.strip().lower() for v in value]

    def choice(self, name: str, allowed: set[str], what: str) -> str:
        value = self.text(name)
        if value and value not in allowed:
            self.add(name, f"unknown {what} {value!r}")
        return value

    def status(self) -> tuple[str, int | None, str | None]:
        status = self.raw.get("status", "active")
        if status not in STATUSES:
            self.add("status", f"must be one of {', '.join(STATUSES)}")
        year = self.raw.get("status_year")
        if status != "active" and not _is_year(year):
            self.add("status_year", f"a {status} platform needs the year it happened")
        merged_into = self.raw.get("merged_into") or None
        if (status == "merged") != bool(merged_into):
            self.add("merged_into", "give a successor slug exactly when status is merged")
        return status, year if _is_year(year) else None, merged_into

    def earning(self) -> tuple[bool, str | None]:
        earning = self.raw.get("earning", True)
        note = self.raw.get("earning_note")
        if earning not in (True, False):
            self.add("earning", "expected true or false")
            earning = True
        if note is not None and (not isinstance(note, str) or not note.strip()):
            self.add("earning_note", "expected one sentence, or null")
            note = None
        if earning is False and not note:
            self.add("earning_note", "say in one sentence why it is not an earning platform")
        return earning, " ".join(note.split()) if note else None

    def uses(self, vocabulary: Vocabulary, category: str) -> list[str]:
        """The entry's own `uses`, else its category's default (data/vocabulary.yaml)."""
        if self.raw.get("uses") is None:
            return list(vocabulary.default_uses(category))
        uses = self.words("uses")
        for use in uses:
            if use not in vocabulary.uses:
                self.add("uses", f"unknown use {use!r} (see uses: in data/vocabulary.yaml)")
        return uses


def _read_platform(raw: Any, position: int, categories: set[str], vocabulary: Vocabulary,
                   problems: _Problems) -> PlatformEntry | None:
    if not isinstance(raw, dict):
        problems.add(f"platform #{position}", "-", "expected a mapping")
        return None
    entry = _EntryReader(raw, position, problems)
    slug = entry.text("slug")
    if slug and not SLUG_RE.match(slug):
        entry.add("slug", "use lowercase letters, digits and dashes")
    url = entry.text("url")
    if url and not url.startswith(("https://", "http://")):
        entry.add("url", "must start with https:// or http://")
    assets = entry.words("assets")
    for asset in assets:
        if asset not in vocabulary.assets:
            entry.add("assets", f"unknown asset {asset!r} (see data/vocabulary.yaml)")
    status, status_year, merged_into = entry.status()
    category = entry.choice("category", categories, "category")
    earning, earning_note = entry.earning()
    # Returned even when invalid, so that checks across entries see every slug.
    return PlatformEntry(
        slug=slug, name=entry.text("name"), url=url, category=category,
        summary=entry.text("summary"), description=entry.text("description"),
        skills=entry.words("skills"), assets=assets, tags=entry.words("tags"),
        requirements=_requirements(raw.get("requirements"), entry.where, problems),
        regions=_regions(raw.get("regions"), entry.where, problems),
        status=status, status_year=status_year, merged_into=merged_into,
        facts={name: _fact(name, raw.get(name), entry.where, problems) for name in FACT_FIELDS},
        earning=earning, earning_note=earning_note, uses=entry.uses(vocabulary, category),
    )


def _is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (
        FIRST_YEAR <= value <= LAST_YEAR
    )


def _requirements(raw: Any, where: str, problems: _Problems) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add(where, "requirements", "expected a mapping")
        return {}
    unknown = set(raw) - set(REQUIREMENT_KEYS)
    if unknown:
        problems.add(where, "requirements", f"unknown keys: {', '.join(sorted(unknown))}")
    min_age = raw.get("min_age")
    if min_age is not None and not (isinstance(min_age, int) and 13 <= min_age <= 99):
        problems.add(where, "requirements.min_age", "expected an age between 13 and 99")
    if raw.get("background_check") not in (True, False, None):
        problems.add(where, "requirements.background_check", "expected true, false or null")
    other = raw.get("other") or []
    if not isinstance(other, list):
        problems.add(where, "requirements.other", "expected a list of sentences")
    languages = raw.get("languages")
    if languages is not None and (not isinstance(languages, list) or not all(
            isinstance(code, str) and len(code) == 2 and pycountry.languages.get(alpha_2=code)
            for code in languages)):
        problems.add(where, "requirements.languages",
                     "expected a list of ISO 639-1 codes (like [en, fr]), [] or null")
    return {key: raw.get(key) for key in REQUIREMENT_KEYS if raw.get(key) not in (None, [])}


def _regions(raw: Any, where: str, problems: _Problems) -> list[str]:
    if raw == [WORLDWIDE]:
        return [WORLDWIDE]
    if not isinstance(raw, list) or not raw:
        problems.add(where, "regions", "expected a list of country codes, or [worldwide]")
        return []
    codes = []
    for code in raw:
        if not isinstance(code, str) or len(code) != 2 or pycountry.countries.get(
            alpha_2=code.upper()
        ) is None or code != code.upper():
            problems.add(where, "regions", f"unknown region code {code!r}")
            continue
        codes.append(code)
    if len(set(codes)) != len(codes):
        problems.add(where, "regions", "a region is listed twice")
    return sorted(set(codes))


def _fact(name: str, raw: Any, where: str, problems: _Problems) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.add(where, name, "expected a mapping with text, source and as_of, or null")
        return None
    if not isinstance(raw.get("text"), str) or not raw["text"].strip():
        problems.add(where, f"{name}.text", "a fact needs its text")
    source = raw.get("source")
    if not isinstance(source, str) or not source.startswith(("https://", "http://")):
        problems.add(where, f"{name}.source", "every fact needs a source URL")
    if not _is_year(raw.get("as_of")):
        problems.add(where, f"{name}.as_of", "every fact needs the year it was true (as_of)")
    if name == "advertised_pay" and raw.get("amount") is not None:
        _check_pay(raw, where, problems)
    if name == "fee" and raw.get("percent") is not None:
        percent = raw["percent"]
        if not isinstance(percent, int | float) or not 0 <= percent <= 100:
            problems.add(where, "fee.percent", "expected a number from 0 to 100")
    return dict(raw)


def _check_pay(raw: dict[str, Any], where: str, problems: _Problems) -> None:
    amount = raw["amount"]
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0:
        problems.add(where, "advertised_pay.amount", "expected a positive number")
    currency = raw.get("currency")
    if not isinstance(currency, str) or pycountry.currencies.get(alpha_3=currency) is None:
        problems.add(where, "advertised_pay.currency", f"unknown currency {currency!r}")
    if raw.get("per") not in PAY_PERIODS:
        problems.add(where, "advertised_pay.per", f"expected one of {', '.join(PAY_PERIODS)}")


def _check_across_entries(platforms: list[PlatformEntry | None], problems: _Problems) -> None:
    seen: dict[str, int] = {}
    for position, entry in enumerate(platforms, start=1):
        if entry is None:
            continue
        if entry.slug in seen:
            problems.add(f"platform #{position} ({entry.slug})", "slug",
                         f"duplicate slug, first used by platform #{seen[entry.slug]}")
        seen.setdefault(entry.slug, position)
    by_slug = {e.slug: e for e in platforms if e is not None}
    for position, entry in enumerate(platforms, start=1):
        if entry is None or entry.merged_into is None:
            continue
        target = by_slug.get(entry.merged_into)
        where = f"platform #{position} ({entry.slug})"
        if target is None:
            problems.add(where, "merged_into", f"no platform with slug {entry.merged_into!r}")
        elif target.slug == entry.slug or target.status == "merged":
            problems.add(where, "merged_into", "the successor must be another, unmerged platform")
