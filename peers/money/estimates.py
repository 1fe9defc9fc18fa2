"""What a worker may expect from a platform, in their currency, said honestly.

A monthly estimate is the 25th to 75th percentile of reported net hourly pay times the
worker's hours, from the closest place with enough reports (city, country, then all
countries). Without enough reports the platform's own claim is shown as a claim, with its
unit and conditions: it is never multiplied by every hour as if all time were paid.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peers import statscache
from peers.money import facts
from peers.money.queries import Band, PlaceBands, bands_by_place
from peers.money.rates import Converted, currency_for_country, in_currency

WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
SCOPE_LABELS = {"city": "in {city}", "country": "in {country}", "all": "in all countries"}


@dataclass(frozen=True)
class Median:
    """A reported median in the worker's currency, for one scope."""

    scope: str  # city | country | all
    amount: Converted
    reports: int
    verified: int


@dataclass(frozen=True)
class Estimate:
    low: Converted
    high: Converted
    period: str  # "month" for a range from reports; the claim's own unit otherwise
    basis: str  # "reports" | "claim"
    scope: str | None = None  # for reports: city | country | all
    reports: int = 0
    hours_per_week: int | None = None
    conditions: str | None = None


@dataclass(frozen=True)
class MoneyLine:
    """The money facts of one platform for one worker."""

    medians: list[Median]  # the worker's city and country first, then all countries
    too_few: int  # reports in the closest scope that has some, below the minimum
    estimate: Estimate | None


def _enough(found: list[Band], minimum: int) -> Band | None:
    return next((b for b in found if b.reports >= minimum), None)


def medians(bands: PlaceBands, currency: str | None, minimum: int) -> list[Median]:
    """The city and country medians when there are enough reports, then all countries'."""
    found = []
    for scope, listed in (("city", bands.city), ("country", bands.country),
                          ("all", bands.everywhere)):
        for band in listed:
            if band.reports >= minimum:
                found.append(Median(scope, in_currency(band.median, band.currency, currency),
                                    band.reports, band.verified))
    return found


def _monthly(hourly: Decimal, hours: int) -> Decimal:
    return (hourly * hours * WEEKS_PER_MONTH).quantize(Decimal(1), ROUND_HALF_UP)


def estimate(bands: PlaceBands, claim: facts.Claim | None, hours_per_week: int | None,
             currency: str | None, minimum: int) -> Estimate | None:
    """A monthly range from reports where enough, else the platform's claim as a claim."""
    for scope, listed in (("city", bands.city), ("country", bands.country),
                          ("all", bands.everywhere)):
        band = _enough(listed, minimum)
        if band is None:
            continue
        if not hours_per_week:
            return None  # the hourly medians say it; a month needs the worker's hours
        return Estimate(
            in_currency(_monthly(band.p25, hours_per_week), band.currency, currency),
            in_currency(_monthly(band.p75, hours_per_week), band.currency, currency),
            "month", "reports", scope, band.reports, hours_per_week)
    if claim is None or claim.low is None or not claim.currency:
        return None
    return Estimate(in_currency(claim.low, claim.currency, currency),
                    in_currency(claim.high, claim.currency, currency),
                    claim.per or "", "claim", conditions=claim.conditions)


def money_line(bands: PlaceBands, platform, hours_per_week: int | None,
               currency: str | None, minimum: int) -> MoneyLine:
    """What a result card or the API says about a platform's money for this worker."""
    shown = medians(bands, currency, minimum)
    closest = bands.city or bands.country or bands.everywhere
    too_few = 0 if shown else sum(b.reports for b in closest)
    return MoneyLine(shown, too_few,
                     estimate(bands, facts.claim(platform), hours_per_week, currency, minimum))


def money_lines(platforms, country: str | None, city: str | None, hours_per_week: int | None,
                minimum: int) -> dict[int, MoneyLine]:
    """Each platform's MoneyLine for a worker in this place (three queries at most)."""
    currency = currency_for_country(country)
    # Kept like the ratings of the results (peers.statscache), per place: countries and the
    # gazetteer's cities bound the number of kinds.
    kind = f"earnings:{country or ''}:{(city or '').casefold()}"
    found = statscache.get().get_many(
        kind, [p.id for p in platforms],
        lambda missing: bands_by_place(missing, country, city))
    return {p.id: money_line(found[p.id], p, hours_per_week, currency, minimum)
            for p in platforms}
