"""What the platform page shows of earnings: where the worker is first, then by city, role
and quarter, in the worker's currency when they said where they are."""

from dataclasses import dataclass, field

import pycountry
from flask import current_app

from peers import statscache
from peers.money import facts
from peers.money.charts import TrendChart, trend
from peers.money.estimates import Median, medians
from peers.money.queries import Band, bands_by_place, breakdowns
from peers.money.rates import Converted, currency_for_country, in_currency


@dataclass(frozen=True)
class Row:
    label: str
    amount: Converted
    reports: int
    verified: int


@dataclass
class PlatformEarnings:
    country: str | None
    city: str | None
    currency: str | None
    medians: list[Median]
    cities: list[Row] = field(default_factory=list)
    roles: list[Row] = field(default_factory=list)
    quarters: list[Row] = field(default_factory=list)
    trend: TrendChart | None = None
    changes: list[facts.Change] = field(default_factory=list)
    claim: facts.Claim | None = None
    minimum: int = 3

    @property
    def bar_top(self):
        """The scale of the bars: the largest amount shown."""
        amounts = [r.amount.amount for r in (*self.cities, *self.roles)]
        return max(amounts) if amounts else 0


def place_args(args) -> tuple[str | None, str | None]:
    """?country=FR&city=Paris from the address, checked; anything else is ignored."""
    country = (args.get("country") or "").strip().upper()
    if len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
        return None, None
    city = (args.get("city") or "").strip()[:100] or None
    return country, city


def _rows(found: dict[tuple, list[Band]], label, currency: str | None,
          minimum: int) -> list[Row]:
    rows = []
    for key, listed in found.items():
        band = listed[0]  # the most reported currency of the group
        if band.reports >= minimum:
            rows.append(Row(label(key), in_currency(band.median, band.currency, currency),
                            band.reports, band.verified))
    return rows


def platform_earnings(platform, args) -> PlatformEarnings:
    """The earnings section of a platform page for the worker's place in `args`."""
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    country, city = place_args(args)
    currency = currency_for_country(country)
    # These reads walk every report of the platform: kept like the result stats
    # (peers.statscache, RESULTS_STATS_SECONDS, cleared by this process's writes).
    kind = f"earnings-page:{country or ''}:{(city or '').casefold()}"
    bands, found = statscache.get().get_many(
        kind, [platform.id],
        lambda ids: {pid: (bands_by_place([pid], country, city)[pid], breakdowns(pid))
                     for pid in ids})[platform.id]
    if currency is None and bands.everywhere:
        currency = bands.everywhere[0].currency  # no place: the most reported currency
    role_names = dict(facts.roles(platform))
    page = PlatformEarnings(country, city, currency, medians(bands, currency, minimum),
                            claim=facts.claim(platform), minimum=minimum,
                            changes=facts.changes(platform))
    page.cities = sorted(_rows(found["city"], lambda k: f"{k[1].title()} ({k[0] or '?'})",
                               currency, minimum), key=lambda r: -r.amount.amount)
    page.roles = _rows(found["role"], lambda k: role_names.get(k[0], k[0]), currency, minimum)
    quarters = sorted(found["quarter"].items())
    page.quarters = _rows(dict(quarters), lambda k: f"{k[0]} Q{k[1]}", currency, minimum)
    same_unit = [(y, q, listed[0]) for (y, q), listed in quarters
                 if listed[0].reports >= minimum]
    page.trend = trend([(y, q, in_currency(b.median, b.currency, currency).amount)
                        for y, q, b in same_unit],
                       [(c.day, f"{c.fact.replace('_', ' ')}: {c.before} → {c.after}")
                        for c in page.changes])
    return page
