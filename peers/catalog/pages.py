"""What the platform page and /compare need to show a platform's facts: the dated history,
whether a fact may be out of date, country names in words, pay claims in numbers."""

import gettext
from functools import cache
from typing import Any

import pycountry
from flask import Flask

from peers.catalog import facts, queries
from peers.core import utcnow
from peers.discovery.models import WORLDWIDE
from peers.discovery.places import country_name


def fact_history(platform_id: int) -> list:
    """The platform's history of changed facts, newest first (one query: the page shows it
    once)."""
    return queries.history(platform_id)


def may_be_out_of_date(as_of: int | None) -> bool:
    return facts.is_stale(as_of, utcnow().year)


@cache
def _translations(language: str) -> gettext.NullTranslations:
    """pycountry's own translations of ISO 3166-1 names (no list of our own to keep)."""
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def country_in(code: str, language: str = "en") -> str:
    """A country's name in the page's language: English short names ("South Korea") for
    English, pycountry's translation of its ISO name otherwise."""
    country = pycountry.countries.get(alpha_2=code)
    if language == "en" or country is None:
        return country_name(code)
    return _translations(language).gettext(country.name)


def country_names(codes: list[str] | None, language: str = "en") -> str:
    """Country codes in words, by name: "France, Germany"; "Worldwide" for worldwide."""
    if not codes:
        return ""
    if codes == [WORLDWIDE]:
        return "Worldwide"
    names = (country_in(code, language) for code in codes)
    return ", ".join(sorted(names, key=lambda name: name.removeprefix("The ")))


def country_names_short(codes: list[str] | None, limit: int = 8) -> str:
    """Country names for a card: the first `limit` by name, then "and N more"."""
    names = country_names(codes).split(", ") if codes else []
    if len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit} more"


def pay_figures(pay: dict[str, Any] | None) -> str:
    """A pay claim's figures: "10–22 USD an hour", "14,000 USD a year", or ""."""
    if not pay or not pay.get("currency"):
        return ""
    low, high, amount = pay.get("min"), pay.get("max"), pay.get("amount")
    if low is not None and high is not None:
        figure = f"{low:,g}–{high:,g}"
    elif amount is not None:
        figure = f"{amount:,g}"
    elif low is not None:
        figure = f"from {low:,g}"
    elif high is not None:
        figure = f"up to {high:,g}"
    else:
        return ""
    per = pay.get("per")
    return f"{figure} {pay['currency']}" + (f" {_a(per)} {per}" if per else "")


def _a(unit: str) -> str:
    """The article before a unit: "an hour", "a night"."""
    return "an" if unit[:1] in "aeio" or unit == "hour" else "a"


def fee_figures(fee: dict[str, Any] | None) -> str:
    """A fee's figures: "20%", "20% + 1.50 EUR a booking", paid by whom; or ""."""
    if not fee:
        return ""
    parts = []
    if fee.get("percent") is not None:
        parts.append(f"{fee['percent']:g}%")
    if fee.get("fixed") is not None:
        per = fee.get("fixed_per") or "time"
        parts.append(f"{fee['fixed']:,g} {fee.get('currency') or ''} {_a(per)} {per}"
                     .replace("  ", " "))
    text = " + ".join(parts)
    payer = {"worker": "paid by the worker", "customer": "paid by the customer",
             "both": "shared by worker and customer"}.get(fee.get("payer"))
    return f"{text}, {payer}" if text and payer else text


def register(app: Flask) -> None:
    """Make these helpers available to every template."""
    app.add_template_global(fact_history)
    app.add_template_global(facts.LABELS, "fact_labels")
    app.add_template_filter(may_be_out_of_date)
    app.add_template_filter(country_names)
    app.add_template_filter(country_names_short)
    app.add_template_filter(pay_figures)
    app.add_template_filter(fee_figures)
