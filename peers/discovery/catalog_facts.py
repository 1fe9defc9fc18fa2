"""The rules of each fact block of a catalog entry (fee, pay claim, requirements, regions,
roles, cities, Fairwork ratings, history of changes). Each reader reports every problem it
finds through `Report.add(field, message, mapping, key)`, which names the line."""

import datetime
import re
from typing import Any, Protocol

import pycountry

from peers.discovery.models import WORLDWIDE

FIRST_YEAR, LAST_YEAR = 1995, 2100
PAY_PERIODS = ("hour", "day", "week", "month", "year", "task", "trip", "night", "lesson",
               "delivery", "ride", "session", "job", "booking")
FEE_PAYERS = ("worker", "customer", "both")
FACT_KEYS = {
    "fee": ("text", "percent", "fixed", "fixed_per", "currency", "payer", "source", "as_of"),
    "advertised_pay": ("text", "amount", "min", "max", "currency", "per", "conditions",
                       "source", "as_of"),
    "worker_protection": ("text", "source", "as_of"),
    "worker_classification": ("text", "source", "as_of"),
}
FACT_FIELDS = tuple(FACT_KEYS)
REQUIREMENT_KEYS = ("min_age", "licence", "vehicle", "background_check", "languages",
                    "equipment", "other", "source", "as_of")
FAIRWORK_KEYS = ("score", "country", "year", "source")
ROLE_KEYS = ("slug", "name", "assets")
CHANGE_KEYS = ("fact", "date", "from", "to", "source")
# What a change in the history may be about: the facts, plus requirements and regions.
CHANGEABLE = (*FACT_FIELDS, "requirements", "regions")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2}$")


class Report(Protocol):
    def add(self, fieldname: str, message: str, mapping: Any = None, key: Any = None) -> None:
        ...


def is_year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and (
        FIRST_YEAR <= value <= LAST_YEAR)


def is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and (
        len(value) <= 500 and " " not in value and len(value) > len("https://x."))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_country(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 2 and code == code.upper() and (
        pycountry.countries.get(alpha_2=code) is not None)


def is_currency(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 3 and (
        pycountry.currencies.get(alpha_3=code) is not None)


def _unknown_keys(raw: dict, allowed: tuple[str, ...], name: str, report: Report) -> None:
    for key in raw:
        if key not in allowed:
            report.add(f"{name}.{key}", "unknown key", raw, key)


def _sourced(raw: dict, name: str, report: Report) -> None:
    if not is_url(raw.get("source")):
        report.add(f"{name}.source", "every fact needs a source URL", raw, "source")
    if not is_year(raw.get("as_of")):
        report.add(f"{name}.as_of", "every fact needs the year it was true (as_of)", raw,
                   "as_of")


def read_fact(name: str, raw: Any, report: Report, parent: Any) -> dict[str, Any] | None:
    """A fact block: a mapping with text, source, as_of and its figures, or None."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        report.add(name, "expected a mapping with text, source and as_of, or null", parent, name)
        return None
    _unknown_keys(raw, FACT_KEYS[name], name, report)
    if not isinstance(raw.get("text"), str) or not raw["text"].strip():
        report.add(f"{name}.text", "a fact needs its text", raw, "text")
    _sourced(raw, name, report)
    if name == "fee":
        _check_fee(raw, report)
    elif name == "advertised_pay":
        _check_pay(raw, report)
    return {key: raw.get(key) for key in FACT_KEYS[name]}


def _check_fee(raw: dict, report: Report) -> None:
    percent = raw.get("percent")
    if percent is not None and not (is_number(percent) and 0 <= percent <= 100):
        report.add("fee.percent", "expected a number from 0 to 100", raw, "percent")
    fixed = raw.get("fixed")
    if fixed is not None:
        if not is_number(fixed) or fixed < 0:
            report.add("fee.fixed", "expected a number, 0 or more", raw, "fixed")
        if not isinstance(raw.get("fixed_per"), str) or not raw["fixed_per"].strip():
            report.add("fee.fixed_per", "say what the fixed amount is per (booking, month...)",
                       raw, "fixed_per")
        if raw.get("currency") is None:
            report.add("fee.currency", "a fixed amount needs its currency", raw, "currency")
    if raw.get("currency") is not None and not is_currency(raw["currency"]):
        report.add("fee.currency", f"unknown currency {raw['currency']!r}", raw, "currency")
    if raw.get("payer") not in (*FEE_PAYERS, None):
        report.add("fee.payer", f"expected one of {', '.join(FEE_PAYERS)} or null", raw, "payer")


def _check_pay(raw: dict, report: Report) -> None:
    figures = {key: raw.get(key) for key in ("amount", "min", "max") if raw.get(key) is not None}
    for key, value in figures.items():
        if not is_number(value) or value <= 0:
            report.add(f"advertised_pay.{key}", "expected a positive number", raw, key)
    low, high = figures.get("min"), figures.get("max")
    if is_number(low) and is_number(high) and low > high:
        report.add("advertised_pay.min", "the range's low end is above its high end", raw, "min")
    if figures or raw.get("currency") is not None:
        if not is_currency(raw.get("currency")):
            report.add("advertised_pay.currency", f"unknown currency {raw.get('currency')!r}",
                       raw, "currency")
    if figures and raw.get("per") not in PAY_PERIODS:
        report.add("advertised_pay.per", f"expected one of {', '.join(PAY_PERIODS)}", raw, "per")
    conditions = raw.get("conditions")
    if conditions is not None and not isinstance(conditions, str):
        report.add("advertised_pay.conditions", "expected a sentence or null", raw, "conditions")


def read_requirements(raw: Any, report: Report, parent: Any) -> dict[str, Any]:
    """What a platform asks of workers. A source is optional for entries written before
    sources were asked for (the catalog report lists them); with one, its year is required."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        report.add("requirements", "expected a mapping", parent, "requirements")
        return {}
    _unknown_keys(raw, REQUIREMENT_KEYS, "requirements", report)
    _check_requirement_values(raw, report)
    if raw.get("source") is not None or raw.get("as_of") is not None:
        _sourced(raw, "requirements", report)
    return {key: raw.get(key) for key in REQUIREMENT_KEYS if raw.get(key) not in (None, [])}


def _check_requirement_values(raw: dict, report: Report) -> None:
    min_age = raw.get("min_age")
    if min_age is not None and not (isinstance(min_age, int) and not isinstance(min_age, bool)
                                    and 13 <= min_age <= 99):
        report.add("requirements.min_age", "expected an age between 13 and 99", raw, "min_age")
    if raw.get("background_check") not in (True, False, None):
        report.add("requirements.background_check", "expected true, false or null", raw,
                   "background_check")
    for key in ("licence", "vehicle"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            report.add(f"requirements.{key}", "expected text or null", raw, key)
    for key in ("other", "equipment"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, list)
                                      and all(isinstance(v, str) and v for v in value)):
            report.add(f"requirements.{key}", "expected a list of plain words or sentences",
                       raw, key)
    languages = raw.get("languages")
    if languages is not None and not (isinstance(languages, list) and all(
            isinstance(code, str) and LANGUAGE_RE.match(code) for code in languages)):
        report.add("requirements.languages", "expected a list of ISO 639-1 codes", raw,
                   "languages")


def read_regions(raw: Any, report: Report, parent: Any) -> list[str]:
    if raw == [WORLDWIDE]:
        return [WORLDWIDE]
    if not isinstance(raw, list) or not raw:
        report.add("regions", "expected a list of country codes, or [worldwide]", parent,
                   "regions")
        return []
    codes = []
    for code in raw:
        if not is_country(code):
            report.add("regions", f"unknown region code {code!r}", parent, "regions")
            continue
        codes.append(code)
    if len(set(codes)) != len(codes):
        report.add("regions", "a region is listed twice", parent, "regions")
    return sorted(set(codes))


def read_regions_source(raw: dict, report: Report) -> tuple[str | None, int | None]:
    source, as_of = raw.get("regions_source"), raw.get("regions_as_of")
    if source is not None and not is_url(source):
        report.add("regions_source", "expected a source URL or null", raw, "regions_source")
    if (source is None) != (as_of is None):
        report.add("regions_as_of", "give the regions' source and its year together", raw,
                   "regions_as_of" if "regions_as_of" in raw else "regions_source")
    elif as_of is not None and not is_year(as_of):
        report.add("regions_as_of", "expected a year", raw, "regions_as_of")
    return source, as_of


def read_cities(raw: Any, regions: list[str], report: Report, parent: Any):
    """{country code: [city, ...]} for a platform limited to some cities, or None."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        report.add("cities", "expected a mapping of country codes to city lists, or null",
                   parent, "cities")
        return None
    cities = {}
    for code, names in raw.items():
        if not is_country(code):
            report.add("cities", f"unknown country code {code!r}", raw, code)
        elif code not in regions:
            report.add("cities", f"{code} has cities but is not in the regions", raw, code)
        if not isinstance(names, list) or not names or not all(
                isinstance(n, str) and n.strip() for n in names):
            report.add(f"cities.{code}", "expected a list of city names", raw, code)
            continue
        cities[str(code)] = [n.strip() for n in names]
    return cities


def read_roles(raw: Any, asset_keys: set[str], report: Report, parent: Any):
    """The kinds of worker of a platform that has several, or None."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        report.add("roles", "expected a list of roles, or null", parent, "roles")
        return None
    roles: list[dict[str, Any]] = []
    for role in raw:
        if not isinstance(role, dict):
            report.add("roles", "each role is a mapping with slug, name and assets", parent,
                       "roles")
            continue
        roles.append(_read_role(role, {r["slug"] for r in roles}, asset_keys, report))
    return roles


def _read_role(role: dict, seen: set[str], asset_keys: set[str], report: Report) -> dict:
    _unknown_keys(role, ROLE_KEYS, "roles", report)
    slug, name = role.get("slug"), role.get("name")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        report.add("roles.slug", "use lowercase letters, digits and dashes", role, "slug")
    elif slug in seen:
        report.add("roles.slug", f"role {slug!r} is listed twice", role, "slug")
    if not isinstance(name, str) or not name.strip():
        report.add("roles.name", "every role needs a name", role, "name")
    assets = role.get("assets") or []
    if not isinstance(assets, list):
        report.add("roles.assets", "expected a list of asset keys", role, "assets")
        assets = []
    for asset in assets:
        if asset not in asset_keys:
            report.add("roles.assets", f"unknown asset {asset!r} (see data/vocabulary.yaml)",
                       role, "assets")
    return {"slug": slug, "name": name, "assets": list(assets)}


def _mappings(raw: Any, name: str, keys: tuple[str, ...], report: Report, parent: Any):
    """The mappings of a list of mappings, each problem of shape reported."""
    if not isinstance(raw, list):
        report.add(name, "expected a list of mappings, [] or null", parent, name)
        return
    for item in raw:
        if not isinstance(item, dict):
            report.add(name, "each item is a mapping", parent, name)
            continue
        _unknown_keys(item, keys, name, report)
        yield item


def read_fairwork(raw: Any, report: Report, parent: Any):
    """Published Fairwork ratings: [{score, country, year, source}], [] or None."""
    if raw is None:
        return None
    ratings = []
    for rating in _mappings(raw, "fairwork", FAIRWORK_KEYS, report, parent):
        score = rating.get("score")
        if not (is_number(score) and 0 <= score <= 10):
            report.add("fairwork.score", "expected a score from 0 to 10", rating, "score")
        # No country: a rating of online (cloudwork) platforms, which Fairwork gives worldwide.
        if rating.get("country") is not None and not is_country(rating.get("country")):
            report.add("fairwork.country", f"unknown country {rating.get('country')!r}",
                       rating, "country")
        if not is_year(rating.get("year")):
            report.add("fairwork.year", "expected the year of the rating", rating, "year")
        if not is_url(rating.get("source")):
            report.add("fairwork.source", "every rating needs a source URL", rating, "source")
        ratings.append({key: rating.get(key) for key in FAIRWORK_KEYS})
    return ratings


def read_changes(raw: Any, report: Report, parent: Any) -> list[dict[str, Any]]:
    """The dated history of facts' changes: [{fact, date, from, to, source}]."""
    if raw is None:
        return []
    changes = []
    for change in _mappings(raw, "changes", CHANGE_KEYS, report, parent):
        if change.get("fact") not in CHANGEABLE:
            report.add("changes.fact", f"expected one of {', '.join(CHANGEABLE)}", change,
                       "fact")
        date = change.get("date")
        if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
            report.add("changes.date", "expected a date (YYYY-MM-DD)", change, "date")
        if not is_url(change.get("source")):
            report.add("changes.source", "every change needs a source URL", change, "source")
        for key in ("from", "to"):
            if change.get(key) is not None and not isinstance(change[key], str):
                report.add(f"changes.{key}", "expected text (quote it) or null", change, key)
        changes.append({key: change.get(key) for key in CHANGE_KEYS})
    return changes
