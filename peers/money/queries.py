"""Reads of reported earnings by place, role and time: quartiles computed in SQL.

Every read is one statement whatever the number of platforms or groups: a window function
numbers each group's reports by net hourly pay and only the rows at the quartiles come back
(ROW_NUMBER and COUNT OVER work the same on SQLite and PostgreSQL).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings.models import Review

CENT = Decimal("0.01")
QUARTILES = {"p25": 1, "median": 2, "p75": 3}  # in quarters


@dataclass(frozen=True)
class Band:
    """Quartiles of the net hourly pay of a group of counted reports in one currency."""

    currency: str
    reports: int
    verified: int
    p25: Decimal
    median: Decimal
    p75: Decimal


def _positions(n, quarters: int) -> list:
    """1-based row numbers either side of the quartile (as SQL expressions of the count n)."""
    low = (quarters * (n - 1)) // 4 + 1
    high = (quarters * (n - 1) + 3) // 4 + 1
    return [low, high]


def _value(rows: dict[int, Decimal], n: int, quarters: int) -> Decimal:
    """Linear interpolation between the two rows around the quartile."""
    exact = Decimal(quarters * (n - 1)) / 4
    low = int(exact)
    fraction = exact - low
    lower, upper = rows[low + 1], rows[min(low + 2, n)] if fraction else rows[low + 1]
    return (lower + (upper - lower) * fraction).quantize(CENT, ROUND_HALF_UP)


def bands(keys: Sequence[sa.ColumnElement], *where: sa.ColumnElement[bool]
          ) -> dict[tuple, list[Band]]:
    """Quartile bands of counted earnings reports, grouped by `keys` and currency.

    The result maps each key tuple to its bands, the most reported currency first.
    """
    partition = [*keys, Review.currency]
    numbered = (
        sa.select(*(k.label(f"k{i}") for i, k in enumerate(keys)),
                  Review.currency, Review.net_hourly,
                  sa.func.row_number().over(partition_by=partition,
                                            order_by=Review.net_hourly).label("rn"),
                  sa.func.count().over(partition_by=partition).label("n"),
                  sa.func.sum(sa.case((Review.earnings_verified, 1), else_=0))
                  .over(partition_by=partition).label("v"))
        .where(Review.is_counted, Review.net_hourly.is_not(None), Review.currency.is_not(None),
               *where)
        .subquery()
    )
    wanted = [pos for q in QUARTILES.values() for pos in _positions(numbered.c.n, q)]
    stmt = sa.select(numbered).where(sa.or_(*(numbered.c.rn == pos for pos in wanted)))
    groups: dict[tuple, dict] = {}
    for row in db.session.execute(stmt).mappings():
        key = tuple(row[f"k{i}"] for i in range(len(keys)))
        group = groups.setdefault((key, row["currency"]), {"n": row["n"], "v": row["v"],
                                                           "rows": {}})
        group["rows"][row["rn"]] = Decimal(row["net_hourly"])
    found: dict[tuple, list[Band]] = {}
    for (key, currency), group in groups.items():
        n, rows = group["n"], group["rows"]
        found.setdefault(key, []).append(Band(
            currency, n, int(group["v"] or 0),
            *(_value(rows, n, quarters) for quarters in QUARTILES.values())))
    for listed in found.values():
        listed.sort(key=lambda b: (-b.reports, b.currency))
    return found


@dataclass(frozen=True)
class PlaceBands:
    """A platform's reported pay where the worker is, then everywhere (scopes may be empty)."""

    city: list[Band]
    country: list[Band]
    everywhere: list[Band]


def bands_by_place(platform_ids: Iterable[int], country: str | None,
                   city: str | None) -> dict[int, PlaceBands]:
    """For each platform: bands in the worker's city, country, and all countries.

    At most three statements for any number of platforms.
    """
    ids = sorted(set(platform_ids))
    if not ids:
        return {}
    listed = Review.platform_id.in_(ids)
    key = [Review.platform_id]
    everywhere = bands(key, listed)
    in_country = bands(key, listed, Review.country == country) if country else {}
    in_city = (bands(key, listed, Review.country == country,
                     sa.func.lower(Review.city) == city.casefold())
               if country and city else {})
    return {pid: PlaceBands(in_city.get((pid,), []), in_country.get((pid,), []),
                            everywhere.get((pid,), []))
            for pid in ids}


def quarter_of(column) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    year = sa.cast(sa.extract("year", column), sa.Integer)
    quarter = (sa.cast(sa.extract("month", column), sa.Integer) - 1) // 3 + 1
    return year, quarter


def breakdowns(platform_id: int, country: str | None = None) -> dict[str, dict[tuple, list[Band]]]:
    """One platform's bands per city, per role and per quarter (of the worker's country when
    given, else of every country)."""
    where = [Review.platform_id == platform_id]
    if country:
        where.append(Review.country == country)
    return {
        "city": bands([Review.country, sa.func.lower(Review.city)], *where, Review.city != ""),
        "role": bands([Review.role], *where, Review.role.is_not(None)),
        "quarter": bands(list(quarter_of(Review.created_at)), *where),
    }


def earnings_by_country() -> dict[tuple, list[Band]]:
    """Every platform's bands per reported country and currency, by (slug, country)."""
    return bands([Platform.slug, Review.country], Review.platform_id == Platform.id)
