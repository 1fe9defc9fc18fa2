"""Reads of the catalog for pages and the API (never one query per row)."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.discovery.models import WORLDWIDE, Category, Platform, PlatformRegion
from peers.discovery.places import country_name
from peers.extensions import db

WEEKS_PER_MONTH = 52 / 12


def _with_details(stmt: sa.Select) -> sa.Select:
    # Result cards and pages show regions and the successor of every platform listed.
    return stmt.options(selectinload(Platform.region_rows), joinedload(Platform.successor))


def platforms_by_slug(slugs: list[str]) -> dict[str, Platform]:
    """The platforms with these slugs, in one round of queries."""
    if not slugs:
        return {}
    stmt = _with_details(sa.select(Platform).where(Platform.slug.in_(slugs)))
    return {p.slug: p for p in db.session.scalars(stmt)}


def platform_by_slug(slug: str) -> Platform | None:
    stmt = _with_details(sa.select(Platform).where(Platform.slug == slug)).options(
        selectinload(Platform.predecessors)
    )
    return db.session.scalars(stmt).first()


def category_by_slug(slug: str) -> Category | None:
    return db.session.scalars(sa.select(Category).where(Category.slug == slug)).first()


def categories_with_counts() -> list[tuple[Category, int]]:
    stmt = (
        sa.select(Category, sa.func.count(Platform.id))
        .outerjoin(Platform, Platform.category_id == Category.id)
        .group_by(Category.id)
        .order_by(Category.name)
    )
    return [(c, n) for c, n in db.session.execute(stmt)]


def countries_listed() -> list[tuple[str, str]]:
    """(code, name) of every country some platform lists, by name."""
    codes = db.session.scalars(
        sa.select(PlatformRegion.code).where(PlatformRegion.code != WORLDWIDE).distinct()
    ).all()
    return sorted(((code, country_name(code)) for code in codes), key=lambda c: c[1])


def browse_platforms(category: str | None, region: str | None, page: int, per_page: int):
    """A page of platforms, active first, filtered by category slug and region code."""
    stmt = sa.select(Platform).join(Platform.category)
    if category:
        stmt = stmt.where(Category.slug == category)
    if region:
        stmt = stmt.where(Platform.id.in_(
            sa.select(PlatformRegion.platform_id)
            .where(PlatformRegion.code.in_([region.upper(), "worldwide"]))
        ))
    stmt = _with_details(stmt).order_by((Platform.status != "active"), Platform.name)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


@dataclass(frozen=True)
class MonthlyClaim:
    amount: float
    currency: str
    hours_per_week: int


def monthly_claim(platform: Platform, hours_per_week: int | None) -> MonthlyClaim | None:
    """What the platform's advertised hourly pay would make a month at these hours."""
    pay = platform.advertised_pay or {}
    if not hours_per_week or pay.get("per") != "hour" or not pay.get("amount"):
        return None
    amount = round(pay["amount"] * hours_per_week * WEEKS_PER_MONTH)
    return MonthlyClaim(amount, pay["currency"], hours_per_week)
