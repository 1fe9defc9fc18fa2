"""data/funders.yaml: who funds Peers, checked when read (a bad file is an error, not a page)."""

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from peers.config import PROJECT_ROOT

FUNDERS_FILE = PROJECT_ROOT / "data" / "funders.yaml"
KINDS = ("foundation", "public", "members", "donation", "platform", "vendor", "other")
FIELDS = ("name", "kind", "amount", "period", "source")


class FundersError(ValueError):
    """The funders file is invalid; the message names the entry and field."""


@dataclass(frozen=True)
class Funder:
    name: str
    kind: str
    amount: str
    period: str
    source: str


@dataclass(frozen=True)
class Funding:
    as_of: date
    statement: str
    funders: tuple[Funder, ...]


def parse(text: str, where: str = "funders.yaml") -> Funding:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise FundersError(f"{where}: expected a mapping")
    as_of = data.get("as_of")
    if not isinstance(as_of, date):
        raise FundersError(f"{where}: 'as_of' must be a date (YYYY-MM-DD)")
    statement = data.get("statement")
    if not isinstance(statement, str) or not statement.strip():
        raise FundersError(f"{where}: 'statement' must say, in words, who funds Peers")
    funders = tuple(_funder(entry, f"{where}: funder #{number}")
                    for number, entry in enumerate(data.get("funders") or [], 1))
    return Funding(as_of, statement.strip(), funders)


def _funder(entry, where: str) -> Funder:
    if not isinstance(entry, dict):
        raise FundersError(f"{where}: expected a mapping")
    unknown = set(entry) - set(FIELDS)
    if unknown:
        raise FundersError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    for name in FIELDS:
        value = entry.get(name)
        if not isinstance(value, str | int) or not str(value).strip():
            raise FundersError(f"{where}: field {name!r} is required")
    if entry["kind"] not in KINDS:
        raise FundersError(f"{where}: field 'kind' must be one of {KINDS}")
    if not str(entry["source"]).startswith("https://"):
        raise FundersError(f"{where}: field 'source' must be an https URL")
    return Funder(**{name: str(entry[name]).strip() for name in FIELDS})


@cache
def funding(path: Path = FUNDERS_FILE) -> Funding:
    return parse(path.read_text(encoding="utf-8"), str(path.name))
