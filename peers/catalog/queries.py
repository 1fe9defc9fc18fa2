"""Reads of the catalog feature: a platform's history, the moderation queue's suggestions,
what accepted corrections changed (never one query per row)."""

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from peers.catalog.models import CatalogSuggestion, FactChange
from peers.discovery.models import Platform
from peers.extensions import db


def history(platform_id: int) -> list[FactChange]:
    """Every dated change of the platform's facts, newest first."""
    return list(db.session.scalars(
        sa.select(FactChange).where(FactChange.platform_id == platform_id)
        .order_by(FactChange.changed_on.desc(), FactChange.id.desc())))


def waiting_suggestions(limit: int = 50) -> tuple[list[CatalogSuggestion], int]:
    """The oldest waiting suggestions (with their platform and author), and how many wait."""
    stmt = (sa.select(CatalogSuggestion).where(CatalogSuggestion.status == "waiting")
            # The queue names each suggestion's platform and author.
            .options(joinedload(CatalogSuggestion.platform), joinedload(CatalogSuggestion.user))
            .order_by(CatalogSuggestion.created_at, CatalogSuggestion.id).limit(limit))
    total = db.session.scalar(sa.select(sa.func.count(CatalogSuggestion.id))
                              .where(CatalogSuggestion.status == "waiting")) or 0
    return list(db.session.scalars(stmt).unique()), total


def suggestion_for_decision(suggestion_id: int) -> CatalogSuggestion | None:
    """The suggestion a moderator decides about, locked against a simultaneous decision."""
    return db.session.scalars(
        sa.select(CatalogSuggestion).where(CatalogSuggestion.id == suggestion_id)
        .with_for_update()).first()


def corrected_facts() -> dict[tuple[str, str], tuple[Platform, datetime.date]]:
    """Each (slug, fact) an accepted correction changed, with its platform and the latest
    such change's date."""
    changes = db.session.scalars(
        sa.select(FactChange).where(FactChange.suggestion_id.is_not(None))
        # The loader compares each platform's current values, regions included.
        .options(joinedload(FactChange.platform).selectinload(Platform.region_rows))
        .order_by(FactChange.changed_on, FactChange.id))
    return {(c.platform.slug, c.fact): (c.platform, c.changed_on) for c in changes}


def history_by_platform() -> dict[int, list[FactChange]]:
    """Every platform's history, oldest first (for the export), in one query."""
    found: dict[int, list[FactChange]] = {}
    for change in db.session.scalars(sa.select(FactChange).order_by(
            FactChange.platform_id, FactChange.changed_on, FactChange.id)):
        found.setdefault(change.platform_id, []).append(change)
    return found


def export_for_user(user_id: int) -> dict:
    """The suggestions this account made, JSON-ready (for /account/export)."""
    rows = db.session.scalars(sa.select(CatalogSuggestion).where(
        CatalogSuggestion.user_id == user_id).order_by(CatalogSuggestion.id))
    return {"catalog_suggestions": [
        {"kind": s.kind, "fact": s.fact, "text": s.text, "source": s.source, "note": s.note,
         "status": s.status, "created_at": s.created_at.isoformat()} for s in rows]}

