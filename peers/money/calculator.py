"""The earnings calculator: a week's work on one or several platforms, to net pay.

Gross pay (what customers paid for the work) less each platform's percentage fee, less the
cost of driving at the country's sourced rate, less other costs, less self-employment
contributions at the country's sourced rate: net a week, an hour and a month.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from peers.money import facts
from peers.money.estimates import WEEKS_PER_MONTH
from peers.money.reference import Band, Rule, load

CENT = Decimal("0.01")
WEEKS_PER_YEAR = Decimal(52)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class Work:
    """One platform's week: the platform row (or None), hours and gross pay."""

    platform: object
    hours: Decimal
    gross: Decimal


@dataclass(frozen=True)
class PlatformLine:
    name: str
    hours: Decimal
    gross: Decimal
    fee: Decimal
    fee_note: str


@dataclass
class Result:
    currency: str
    lines: list[PlatformLine]
    hours: Decimal
    gross: Decimal
    fees: Decimal
    driving: Decimal
    other: Decimal
    contributions: Decimal
    net_week: Decimal
    net_hourly: Decimal
    net_month: Decimal
    driving_rule: Rule | None
    contribution_rule: Rule | None
    notes: list[str] = field(default_factory=list)


def _fee(work: Work, currency: str) -> tuple[Decimal, str]:
    fee = facts.fee(work.platform) if work.platform is not None else None
    if fee is None:
        return Decimal(0), "Fee unknown: nothing taken off."
    if fee.payer == "customer":
        return Decimal(0), "The customer pays the fee, not the worker."
    note = fee.text
    if fee.fixed is not None:
        note += " A fixed fee per unit is not applied: enter it under other costs."
    if fee.percent is None:
        return Decimal(0), note
    return cents(work.gross * fee.percent / 100), note


def whole_scale(amount: Decimal, bands: tuple[Band, ...]) -> Decimal:
    """A scale whose band, chosen by the whole amount, gives rate x amount + plus (France)."""
    for band in bands:
        if band.up_to is None or amount <= band.up_to:
            return amount * band.rate + band.plus
    return Decimal(0)


def marginal(amount: Decimal, bands: tuple[Band, ...], percent: bool = False) -> Decimal:
    """A progressive scale: each band's rate applies to the part of the amount inside it."""
    total, floor = Decimal(0), Decimal(0)
    for band in bands:
        top = amount if band.up_to is None else min(amount, band.up_to)
        if top > floor:
            total += (top - floor) * band.rate / (100 if percent else 1)
        if band.up_to is None or amount <= band.up_to:
            break
        floor = band.up_to
    return total


def driving_cost(distance_week: Decimal, rule: Rule | None) -> Decimal:
    """A week's cost of driving at the country's rate, the scale applied to a year's distance."""
    if rule is None or not distance_week:
        return Decimal(0)
    yearly = distance_week * WEEKS_PER_YEAR
    scale = whole_scale if rule.scale == "whole" else marginal
    return scale(yearly, rule.bands) / WEEKS_PER_YEAR


def contributions(profit_week: Decimal, rule: Rule | None) -> Decimal:
    """A week's self-employment contributions at the country's rate (never below 0)."""
    if rule is None or profit_week <= 0:
        return Decimal(0)
    if rule.rate is not None:
        return profit_week * rule.base_share / 100 * rule.rate / 100
    return marginal(profit_week * WEEKS_PER_YEAR, rule.bands, percent=True) / WEEKS_PER_YEAR


def calculate(work: list[Work], country: str | None, currency: str,
              distance_week: Decimal, other_week: Decimal) -> Result:
    """The week, hour and month of net pay for this work in this country."""
    rules = load()
    drive = rules["driving"].get(country or "")
    contrib = rules["self_employment"].get(country or "")
    lines = []
    for item in work:
        fee, note = _fee(item, currency)
        name = item.platform.name if item.platform is not None else "Other work"
        lines.append(PlatformLine(name, item.hours, item.gross, fee, note))
    hours = sum((line.hours for line in lines), Decimal(0))
    gross = sum((line.gross for line in lines), Decimal(0))
    fees = sum((line.fee for line in lines), Decimal(0))
    driving = cents(driving_cost(distance_week, drive))
    # France's micro-social contributions are charged on turnover, the others on profit.
    base = gross - fees if country == "FR" else gross - fees - driving - other_week
    contrib_week = cents(contributions(base, contrib))
    net = gross - fees - driving - other_week - contrib_week
    result = Result(currency, lines, hours, gross, fees, driving, other_week, contrib_week,
                    cents(net), cents(net / hours) if hours else Decimal(0),
                    cents(net * WEEKS_PER_MONTH), drive, contrib)
    if distance_week and drive is None:
        result.notes.append("No sourced cost of driving for this country: distance not costed.")
    if contrib is None:
        result.notes.append("No sourced self-employment rates for this country: "
                            "contributions not estimated.")
    return result
