"""data/deactivation.yaml: the rights that apply where a worker is, and each platform's appeal
route and privacy contact. Checked when read: a fact without a source or year is an error."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry
import yaml

from peers.config import PROJECT_ROOT

GUIDE_FILE = PROJECT_ROOT / "data" / "deactivation.yaml"


class GuideError(ValueError):
    """The guide file is invalid; the message names the entry and field."""


@dataclass(frozen=True)
class Fact:
    text: str
    url: str
    source: str
    as_of: int


@dataclass(frozen=True)
class Right:
    key: str
    title: str
    where: tuple[str, ...]  # country codes (and "US-CA")
    text: str
    source: str
    as_of: int


@dataclass(frozen=True)
class Guide:
    rights: tuple[Right, ...]
    appeals: dict[str, Fact]
    privacy: dict[str, Fact]

    def rights_for(self, country: str | None) -> list[Right]:
        """The rights that apply in this country (all of them when it is not known). A US
        state's law (US-CA) is shown to every US worker, whose state we do not ask."""
        if not country:
            return list(self.rights)
        return [r for r in self.rights
                if country in r.where or any(w.startswith(f"{country}-") for w in r.where)]


def _https(value, where: str) -> str:
    if not isinstance(value, str) or not value.startswith("https://") or " " in value:
        raise GuideError(f"{where}: must be an https URL")
    return value


def _year(value, where: str) -> int:
    if not isinstance(value, int) or not 1990 <= value <= 2100:
        raise GuideError(f"{where}: 'as_of' must be a year")
    return value


def _fact(entry, where: str) -> Fact:
    if not isinstance(entry, dict) or not str(entry.get("text") or "").strip():
        raise GuideError(f"{where}: needs 'text'")
    return Fact(text=" ".join(str(entry["text"]).split()),
                url=_https(entry.get("url"), f"{where}: 'url'"),
                source=_https(entry.get("source"), f"{where}: 'source'"),
                as_of=_year(entry.get("as_of"), where))


def _is_country(code) -> bool:
    try:
        return isinstance(code, str) and pycountry.countries.get(alpha_2=code) is not None
    except LookupError:
        return False


def _expand(where: list, groups: dict[str, list[str]], label: str) -> tuple[str, ...]:
    codes: list[str] = []
    for code in where or []:
        if code in groups:
            codes.extend(groups[code])
        elif isinstance(code, str) and (code.startswith("US-") or _is_country(code)):
            codes.append(code)
        else:
            raise GuideError(f"{label}: unknown place {code!r}")
    return tuple(codes)


def parse(text: str, name: str = "deactivation.yaml") -> Guide:
    data = yaml.safe_load(text) or {}
    groups = data.get("groups") or {}
    for group, codes in groups.items():
        bad = [c for c in codes if not _is_country(c)]
        if bad:
            raise GuideError(f"{name}: group {group}: unknown country {bad[0]!r}")
    rights = []
    for number, entry in enumerate(data.get("rights") or [], 1):
        label = f"{name}: right #{number} ({entry.get('key', '?')})"
        for key in ("key", "title", "text"):
            if not str(entry.get(key) or "").strip():
                raise GuideError(f"{label}: needs {key!r}")
        rights.append(Right(key=entry["key"], title=entry["title"],
                            where=_expand(entry.get("where"), groups, label),
                            text=" ".join(entry["text"].split()),
                            source=_https(entry.get("source"), f"{label}: 'source'"),
                            as_of=_year(entry.get("as_of"), label)))
    appeals, privacy = {}, {}
    for slug, entry in (data.get("platforms") or {}).items():
        if "appeal" in entry:
            appeals[slug] = _fact(entry["appeal"], f"{name}: {slug}: appeal")
        if "privacy" in entry:
            privacy[slug] = _fact(entry["privacy"], f"{name}: {slug}: privacy")
    return Guide(tuple(rights), appeals, privacy)


@cache
def guide(path: Path = GUIDE_FILE) -> Guide:
    return parse(path.read_text(encoding="utf-8"), path.name)
