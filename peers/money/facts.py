"""The catalog facts money reads (fee, advertised pay, roles, recorded changes), in one place.

Field names follow the catalog schema of data/platforms.yaml: fee {percent, fixed, fixed_per,
currency, payer}, advertised_pay {amount, min, max, currency, per, conditions}, roles
[{slug, name}], changes [{fact, date, from, to, source}]. A platform row that predates a
field simply lacks it: every reader here returns None or an empty list then.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Fee:
    percent: Decimal | None
    fixed: Decimal | None
    fixed_per: str | None
    currency: str | None
    payer: str | None
    text: str
    source: str | None
    as_of: Any


@dataclass(frozen=True)
class Claim:
    """The platform's own pay claim."""

    low: Decimal | None
    high: Decimal | None
    currency: str | None
    per: str | None
    conditions: str | None
    text: str
    source: str | None
    as_of: Any


@dataclass(frozen=True)
class Change:
    fact: str
    day: date
    before: str
    after: str
    source: str | None


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def fee(platform) -> Fee | None:
    """What the platform takes from its workers, or None when unknown."""
    raw = getattr(platform, "fee", None)
    if not raw:
        return None
    return Fee(_decimal(raw.get("percent")), _decimal(raw.get("fixed")), raw.get("fixed_per"),
               raw.get("currency"), raw.get("payer"), raw.get("text") or "", raw.get("source"),
               raw.get("as_of"))


def claim(platform) -> Claim | None:
    """The platform's advertised pay (amount, or min and max), or None when unknown."""
    raw = getattr(platform, "advertised_pay", None)
    if not raw:
        return None
    amount = _decimal(raw.get("amount"))
    low = _decimal(raw.get("min")) if raw.get("min") is not None else amount
    high = _decimal(raw.get("max")) if raw.get("max") is not None else amount
    return Claim(low, high, raw.get("currency"), raw.get("per"), raw.get("conditions"),
                 raw.get("text") or "", raw.get("source"), raw.get("as_of"))


def roles(platform) -> list[tuple[str, str]]:
    """(slug, name) of the kinds of worker the platform has; [] when it has one kind."""
    return [(r["slug"], r.get("name") or r["slug"])
            for r in getattr(platform, "roles", None) or () if r.get("slug")]


def changes(platform, facts: tuple[str, ...] = ("fee", "advertised_pay")) -> list[Change]:
    """Recorded changes of the platform's fee or pay, oldest first."""
    found = []
    for raw in getattr(platform, "changes", None) or ():
        if raw.get("fact") not in facts or not raw.get("date"):
            continue
        day = raw["date"] if isinstance(raw["date"], date) else date.fromisoformat(str(raw["date"]))
        found.append(Change(raw["fact"], day, str(raw.get("from", "")), str(raw.get("to", "")),
                            raw.get("source")))
    return sorted(found, key=lambda c: c.day)
