"""The worker's currency and conversion at the European Central Bank's reference rates.

The rates come from `currencyconverter`, which ships the ECB's daily history
(https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/):
nothing is fetched at run time. A rate that is not in that table is never guessed: the
caller gets None and shows the original amount in its own currency.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pycountry
from babel.numbers import get_territory_currencies
from currency_converter import CurrencyConverter, RateNotFoundError

SOURCE = "European Central Bank euro foreign exchange reference rates"
SOURCE_URL = ("https://www.ecb.europa.eu/stats/policy_and_exchange_rates/"
              "euro_reference_exchange_rates/html/index.en.html")
CENT = Decimal("0.01")


class UnknownCurrency(ValueError):
    """Not an ISO 4217 currency code."""


class NoRate(LookupError):
    """The ECB table has no rate for this currency on this date."""


@dataclass(frozen=True)
class Converted:
    """An amount in the worker's currency, with the original and the rate's date beside it."""

    amount: Decimal
    currency: str
    original: Decimal
    original_currency: str
    rate_date: date | None  # None when no conversion was needed

    @property
    def converted(self) -> bool:
        return self.rate_date is not None

    def as_json(self) -> dict:
        return {"amount": float(self.amount), "currency": self.currency,
                "converted_from": ({"amount": float(self.original),
                                    "currency": self.original_currency,
                                    "rate_date": self.rate_date.isoformat(),
                                    "rate_source": SOURCE}
                                   if self.converted else None)}


@cache
def _converter() -> CurrencyConverter:
    # No fallbacks: a missing day or currency is an error here, never an interpolated number.
    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def is_currency(code: str | None) -> bool:
    """An ISO 4217 code (pycountry's list)."""
    return bool(code) and len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def convertible(code: str) -> bool:
    """The ECB table has rates for this currency."""
    return code in _converter().currencies


def currency_for_country(country_code: str | None) -> str | None:
    """The currency in use today in a country (CLDR data via Babel); None when unknown."""
    if not country_code or len(country_code) != 2:
        return None
    found = get_territory_currencies(country_code.upper(), date.today())  # [] when unknown
    return found[0] if found else None


def latest_rate_date(currency: str) -> date | None:
    """The newest day the table has a rate for this currency (the euro: the table's newest)."""
    converter = _converter()
    if currency == "EUR":
        return max(b.last_date for b in converter.bounds.values())
    bounds = converter.bounds.get(currency)
    return bounds.last_date if bounds else None


def rate_date_for(currency_a: str, currency_b: str, on: date | None = None) -> date:
    """The day whose rates convert between the two currencies: `on`, or the newest common one."""
    if on is not None:
        return on
    days = [latest_rate_date(c) for c in (currency_a, currency_b)]
    if None in days:
        raise NoRate(f"No ECB rate for {currency_a} or {currency_b}.")
    return min(days)


def convert(amount: Decimal | float | int, source: str, target: str,
            on: date | None = None) -> Converted:
    """The amount in `target` at the ECB rate of `on` (default: the newest rate both have).

    Raises UnknownCurrency for a code that is not a currency, NoRate when the table lacks it.
    """
    for code in (source, target):
        if not is_currency(code):
            raise UnknownCurrency(f"{code!r} is not a currency code.")
    original = Decimal(str(amount))
    if source == target:
        return Converted(original, target, original, source, None)
    day = rate_date_for(source, target, on)
    try:
        value = _converter().convert(float(original), source, target, date=day)
    except (RateNotFoundError, ValueError) as exc:
        raise NoRate(f"No ECB rate from {source} to {target} on {day}.") from exc
    return Converted(Decimal(str(value)).quantize(CENT, ROUND_HALF_UP), target, original,
                     source, day)


def in_currency(amount, source: str, target: str | None) -> Converted:
    """For display: converted when a rate exists, else the original in its own currency."""
    original = Decimal(str(amount))
    if not target or target == source:
        return Converted(original, source, original, source, None)
    try:
        return convert(original, source, target)
    except (NoRate, UnknownCurrency):
        return Converted(original, source, original, source, None)
