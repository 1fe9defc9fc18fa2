"""Reads of the catalog for pages and the API (never one query per row)."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from peers.cache import PerIndexState
from peers.discovery.models import WORLDWIDE, Category, Platform, PlatformRegion
from peers.discovery.places import country_name
from peers.extensions import db

WEEKS_PER_MONTH = 52 / 12
CARDS_KEPT = 20_000  # per index state: past it the cards least recently shown are read again


def _with_details(stmt: sa.Select) -> sa.Select:
    # Result cards and pages show regions and the successor of every platform listed.
    return stmt.options(selectinload(Platform.region_rows), joinedload(Platform.successor))


def platforms_by_slug(slugs: list[str]) -> dict[str, Platform]:
    """The platforms with these slugs, in one round of queries."""
    if not slugs:
        return {}
    stmt = _with_details(sa.select(Platform).where(Platform.slug.in_(slugs)))
    return {p.slug: p for p in db.session.scalars(stmt)}


class Ref(NamedTuple):
    """A category or a successor as a card names and links it."""

    slug: str
    name: str


class ResultCard(NamedTuple):
    """What a discovery result shows of a platform: plain values, read without the ORM (a
    tuple: twenty are made per search). It answers to the same attribute names as Platform,
    so the platform macros take either.
    """

    id: int
    slug: str
    name: str
    status: str
    status_year: int | None
    summary: str
    category: Ref
    successor: Ref | None
    requirements: dict[str, Any]
    advertised_pay: dict[str, Any] | None
    fee: dict[str, Any] | None
    regions: list[str]
    earning: bool = True
    earning_note: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status == "active"


_SUCCESSOR = aliased(Platform)
_REGIONS = (  # "FR,US": codes contain no comma; one round trip for the cards and their regions
    sa.select(sa.func.aggregate_strings(PlatformRegion.code, ","))
    .where(PlatformRegion.platform_id == Platform.id)
    .scalar_subquery()
)
# Built once, with the slugs as a parameter: building a statement (and its cache key) costs
# more than running it, on a page served on every search.
_CARDS = (
    sa.select(Platform.id, Platform.slug, Platform.name, Platform.status, Platform.status_year,
              Platform.summary, Category.slug, Category.name, _SUCCESSOR.slug, _SUCCESSOR.name,
              Platform.requirements, Platform.advertised_pay, Platform.fee, _REGIONS,
              Platform.earning, Platform.earning_note)
    .join(Category, Category.id == Platform.category_id)
    .outerjoin(_SUCCESSOR, _SUCCESSOR.id == Platform.successor_id)
    .where(Platform.slug.in_(sa.bindparam("slugs", expanding=True)))
)


_CARDS_KEPT: PerIndexState[str, ResultCard] = PerIndexState(CARDS_KEPT)


def result_cards(slugs: list[str], index_state: Hashable = None) -> dict[str, ResultCard]:
    """The result cards of these platforms, in one query (a page lists twenty or more).

    With `index_state` (MatchResults.index_state: every committed change to a platform, its
    category, regions or successor makes a new one), a card is read once per state and
    process: searches repeat platforms far more often than the catalog changes.
    """
    if index_state is None:
        return _read_cards(slugs)
    kept = _CARDS_KEPT.of(index_state)
    cards = {slug: card for slug in slugs if (card := kept.get(slug)) is not None}
    missing = [slug for slug in slugs if slug not in cards]
    for slug, card in _read_cards(missing).items():
        cards[slug] = kept.put(slug, card)
    return {slug: cards[slug] for slug in slugs if slug in cards}


def _read_cards(slugs: list[str]) -> dict[str, ResultCard]:
    if not slugs:
        return {}
    return {
        slug: ResultCard(pid, slug, name, status, year, summary, Ref(cat_slug, cat_name),
                         Ref(next_slug, next_name) if next_slug else None, requirements or {},
                         pay, fee, sorted(regions.split(",")) if regions else [], earning,
                         earning_note)
        for (pid, slug, name, status, year, summary, cat_slug, cat_name, next_slug, next_name,
             requirements, pay, fee, regions, earning, earning_note)
        in db.session.execute(_CARDS, {"slugs": slugs})
    }


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


def monthly_claim(platform: Platform | ResultCard,
                  hours_per_week: int | None) -> MonthlyClaim | None:
    """What the platform's advertised hourly pay would make a month at these hours."""
    pay = platform.advertised_pay or {}
    if not hours_per_week or pay.get("per") != "hour" or not pay.get("amount"):
        return None
    amount = round(pay["amount"] * hours_per_week * WEEKS_PER_MONTH)
    return MonthlyClaim(amount, pay["currency"], hours_per_week)


def platform_by_id(platform_id: int | None) -> Platform | None:
    """The platform with this id, or None (also for None)."""
    return db.session.get(Platform, platform_id) if platform_id is not None else None


def platform_slugs(platform_ids: Iterable[int]) -> dict[int, str]:
    """The slug of each of these platforms, by id, in one query."""
    ids = set(platform_ids)
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Platform.id, Platform.slug).where(Platform.id.in_(ids)))
    return {platform_id: slug for platform_id, slug in rows}


def platform_names(active_only: bool = False) -> list[tuple[str, str]]:
    """(slug, name) of every platform (or every active one), by name."""
    stmt = sa.select(Platform.slug, Platform.name).order_by(Platform.name)
    if active_only:
        stmt = stmt.where(Platform.status == "active")
    return [(slug, name) for slug, name in db.session.execute(stmt)]


def platforms_in_slug_order(active_only: bool = False,
                            with_regions: bool = False) -> list[Platform]:
    """Every platform (or every active one), by slug; with their regions loaded if asked."""
    stmt = sa.select(Platform).order_by(Platform.slug)
    if active_only:
        stmt = stmt.where(Platform.status == "active")
    if with_regions:
        stmt = stmt.options(selectinload(Platform.region_rows))
    return list(db.session.scalars(stmt))


def platform_labels(platform_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """(slug, name, status) of each of these platforms, by id, in one query."""
    ids = set(platform_ids)
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Platform.id, Platform.slug, Platform.name,
                                        Platform.status).where(Platform.id.in_(ids)))
    return {platform_id: (slug, name, status) for platform_id, slug, name, status in rows}


def earning_platform_labels(platform_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """platform_labels of the earning platforms among these (the issue map leaves the others
    out: nobody works on them)."""
    ids = set(platform_ids)
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Platform.id, Platform.slug, Platform.name,
                                        Platform.status)
                              .where(Platform.id.in_(ids), Platform.earning.is_(True)))
    return {platform_id: (slug, name, status) for platform_id, slug, name, status in rows}


def catalog_readable() -> None:
    """Read one row of the catalog; raises SQLAlchemyError when the database is away."""
    db.session.execute(sa.select(Platform.id).limit(1))
