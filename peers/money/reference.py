"""The calculator's reference rates from data/money_reference.yaml (year, source, caveats)."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from peers.config import PROJECT_ROOT

REFERENCE_PATH = PROJECT_ROOT / "data" / "money_reference.yaml"


@dataclass(frozen=True)
class Band:
    up_to: Decimal | None
    rate: Decimal
    plus: Decimal = Decimal(0)


@dataclass(frozen=True)
class Rule:
    """A sourced rate: a cost of driving or a self-employment contribution of one country."""

    country: str
    name: str
    year: int
    currency: str
    source: str
    caveats: str
    unit: str | None = None  # driving: mile or km
    bands: tuple[Band, ...] = ()
    rate: Decimal | None = None  # contributions: percent of the base
    base_share: Decimal = Decimal(100)  # contributions: percent of the profit they apply to
    scale: str = "marginal"  # driving: each band on its part (marginal) or on the whole


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _rule(country: str, raw: dict) -> Rule:
    for key in ("name", "year", "currency", "source", "caveats"):
        if not raw.get(key):
            raise ValueError(f"{REFERENCE_PATH.name}: {country} lacks {key}")
    return Rule(
        country, raw["name"], int(raw["year"]), raw["currency"], raw["source"],
        " ".join(raw["caveats"].split()), raw.get("unit"),
        tuple(Band(_dec(b.get("up_to")), _dec(b["rate"]), _dec(b.get("plus", 0)))
              for b in raw.get("bands") or ()),
        _dec(raw.get("rate")), _dec(raw.get("base_share", 100)),
        raw.get("scale", "marginal"))


@cache
def load(path: Path = REFERENCE_PATH) -> dict[str, dict[str, Rule]]:
    """{"driving": {country: Rule}, "self_employment": {country: Rule}}."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {part: {country: _rule(country, rule) for country, rule in raw[part].items()}
            for part in ("driving", "self_employment")}
