"""The platform search index: one `DerivedIndex` (peers.search) of the Platform table.

It lives directly in INDEX_DIR (`gen-*` builds and the `current` link). Nothing outside
peers.discovery sees a Whoosh type: callers use the matcher.
"""

from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import selectinload
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from peers import search
from peers.discovery.models import Platform
from peers.search import CURRENT, META_FILE, WRITE_TIMEOUT, DerivedIndex, IndexMissing

__all__ = [
    "CURRENT", "META_FILE", "SCHEMA_VERSION", "WRITE_TIMEOUT", "IndexMissing", "SearchIndex",
    "catch_up_if_due", "get_index", "init_app", "make_schema", "platform_document",
]

# Raise when the schema or the documents change shape: an index of another version is rebuilt.
SCHEMA_VERSION = 2


def make_schema() -> Schema:
    stem = StemmingAnalyzer()
    return Schema(
        slug=ID(stored=True, unique=True),
        name=TEXT(analyzer=stem),
        formerly=TEXT(analyzer=stem),
        summary=TEXT(analyzer=stem),
        description=TEXT(analyzer=stem),
        skills=TEXT(analyzer=stem),
        tags=TEXT(analyzer=stem),
        category=TEXT(analyzer=stem),
        assets=KEYWORD(commas=True, lowercase=True),
        category_slug=ID,
        regions=KEYWORD(commas=True, lowercase=True),
        status=ID(stored=True),
        # What it earns through (data/vocabulary.yaml uses), whether it is an earning platform
        # at all ("yes"/"no"), and the languages it requires ("any" when none).
        uses=KEYWORD(commas=True),
        earning=ID(stored=True),
        languages=KEYWORD(commas=True),
        successor=STORED,
        updated=STORED,
        # Unstemmed words of every text field: the dictionary for "did you mean".
        words=TEXT(analyzer=StandardAnalyzer(stoplist=None)),
    )


def platform_document(platform: Platform) -> dict[str, Any]:
    """The index document for one platform row."""
    formerly = " ".join(f"{p.name} {p.slug}" for p in platform.predecessors)
    text_fields = {
        "name": f"{platform.name} {platform.slug.replace('-', ' ')}",
        "formerly": formerly,
        "summary": platform.summary,
        "description": platform.description,
        "skills": ". ".join(platform.skills),
        "tags": ". ".join(platform.tags),
        "category": platform.category.name,
    }
    return {
        "slug": platform.slug,
        **text_fields,
        "assets": ",".join(platform.assets),
        "category_slug": platform.category.slug,
        "regions": ",".join(platform.regions),
        "status": platform.status,
        "uses": ",".join(platform.uses or ()),
        "earning": "yes" if platform.earning else "no",
        "languages": ",".join((platform.requirements or {}).get("languages") or ()) or "any",
        "successor": platform.successor.slug if platform.successor else None,
        "updated": platform.updated_at.isoformat(),
        "words": " ".join(text_fields.values()),
    }


class SearchIndex(DerivedIndex):
    """The platform index of one app."""

    name = "platforms"
    title = "Search index"
    unit = "platform"
    schema_version = SCHEMA_VERSION
    model = Platform
    key_field = "slug"

    def make_schema(self) -> Schema:
        return make_schema()

    def document(self, row: Platform) -> dict[str, Any]:
        return platform_document(row)

    def rows_query(self) -> sa.Select:
        # The document reads regions, predecessors and successor of every row: load them in bulk.
        return sa.select(Platform).options(
            selectinload(Platform.region_rows),
            selectinload(Platform.predecessors),
            selectinload(Platform.successor),
        ).order_by(Platform.id)

    def changed_keys(self, obj: Any) -> set[str]:
        if not isinstance(obj, Platform):
            return set()
        keys = {obj.slug}
        # A successor's document lists its predecessors' names: old and new successor change.
        history = sa.inspect(obj).attrs.successor.history
        for successor in (*history.added, *history.deleted, *history.unchanged):
            if successor is not None:
                keys.add(successor.slug)
        return keys


def get_index(app: Flask | None = None) -> SearchIndex:
    """The app's platform index."""
    return search.get(SearchIndex.name, app)


def catch_up_if_due() -> None:
    """Bring the platform index level with the database when it is due (before a search)."""
    search.catch_up_if_due(SearchIndex.name)


def init_app(app: Flask) -> None:
    """Register this app's platform index (kept directly in INDEX_DIR)."""
    search.register(app, SearchIndex(app.config["INDEX_DIR"]))
