"""Writes to the catalog tables. Services flush; the caller (view or CLI) commits once."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from peers.core import utcnow
from peers.discovery.catalog import Catalog, PlatformEntry
from peers.discovery.models import Category, Platform, PlatformRegion
from peers.extensions import db

# Columns copied straight from a catalog entry onto a Platform row.
SIMPLE_FIELDS = ("name", "url", "summary", "description", "skills", "assets", "tags",
                 "requirements", "status", "status_year", "earning", "earning_note", "uses",
                 "regions_source", "regions_as_of", "cities", "roles", "fairwork")


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def load_catalog(catalog: Catalog) -> LoadReport:
    """Insert or update every category and platform of a validated catalog (idempotent).

    Every platform whose search document changes gets a new `updated_at`, even when no column
    of its own row did (its regions, its category's name, the platforms merged into it): other
    processes and hosts find what to re-index by that stamp (peers.search).
    """
    categories, renamed = _sync_categories(catalog)
    existing = {p.slug: p for p in db.session.scalars(sa.select(Platform))}
    report = LoadReport()
    touched: set[Platform] = {p for p in existing.values() if p.category_id in renamed}
    for entry in catalog.platforms:
        platform = existing.get(entry.slug)
        if platform is None:
            platform = Platform(slug=entry.slug)
            db.session.add(platform)
            existing[entry.slug] = platform
            report.added.append(entry.slug)
        elif _matches(platform, entry, categories[entry.category].id):
            report.unchanged.append(entry.slug)
            continue
        else:
            report.updated.append(entry.slug)
            touched.add(platform)
        _apply(platform, entry, categories[entry.category])
    db.session.flush()
    for entry in catalog.platforms:  # successors exist now, whatever their order in the file
        successor = existing[entry.merged_into] if entry.merged_into else None
        previous = existing[entry.slug].successor
        if previous is not successor:
            existing[entry.slug].successor = successor
            touched.update(p for p in (existing[entry.slug], previous, successor) if p)
            if entry.slug not in report.added + report.updated:
                report.unchanged.remove(entry.slug)
                report.updated.append(entry.slug)
    in_file = {e.slug for e in catalog.platforms}
    report.not_in_file = sorted(set(existing) - in_file)
    now = utcnow()
    for platform in touched:
        platform.updated_at = now
    db.session.flush()
    return report


def _sync_categories(catalog: Catalog) -> tuple[dict[str, Category], set[int]]:
    """The categories by slug, and the ids of those renamed (their platforms' documents name
    them)."""
    categories = {c.slug: c for c in db.session.scalars(sa.select(Category))}
    renamed: set[int] = set()
    for entry in catalog.categories:
        category = categories.get(entry.slug)
        if category is None:
            category = categories[entry.slug] = Category(slug=entry.slug)
            db.session.add(category)
        elif category.name != entry.name:
            renamed.add(category.id)
        if (category.name, category.description) != (entry.name, entry.description):
            category.name, category.description = entry.name, entry.description
    db.session.flush()
    return categories, renamed


def _matches(platform: Platform, entry: PlatformEntry, category_id: int) -> bool:
    return (
        all(getattr(platform, name) == getattr(entry, name) for name in SIMPLE_FIELDS)
        and platform.category_id == category_id
        and platform.regions == entry.regions
        and all(getattr(platform, name) == value for name, value in entry.facts.items())
    )


def _apply(platform: Platform, entry: PlatformEntry, category: Category) -> None:
    for name in SIMPLE_FIELDS:
        setattr(platform, name, getattr(entry, name))
    for name, value in entry.facts.items():
        setattr(platform, name, value)
    platform.category = category
    if platform.regions != entry.regions:
        platform.region_rows = [PlatformRegion(code=code) for code in entry.regions]
