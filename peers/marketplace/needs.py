"""What workers' words mean when they look for help: the needs vocabulary in data/needs.yaml.

A search that names a need ("accountant", "avocat", "oil change") also searches the need's
terms, so it finds offers written in a vendor's words ("Tax returns for drivers"). The words
typed come first and the terms follow, so a word the worker typed is never crowded out.
"""

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from flask import current_app, has_app_context

from peers.marketplace.models import OFFER_CATEGORIES

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "needs.yaml"


class NeedsError(ValueError):
    """The needs file is not what peers.marketplace.needs expects; says where."""


@dataclass(frozen=True)
class Need:
    key: str
    label: str
    category: str  # an offer category (OFFER_CATEGORIES)
    phrases: tuple[str, ...]
    terms: tuple[str, ...]


def _pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """Any of the phrases, on word boundaries, longest first."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)")


@dataclass(frozen=True)
class Needs:
    needs: tuple[Need, ...]

    def named_in(self, text: str) -> list[Need]:
        """The needs the text names, in the vocabulary's order."""
        text = " ".join((text or "").lower().split())
        return [need for need, pattern in zip(self.needs, _patterns(self), strict=True)
                if pattern.search(text)]

    def expand(self, text: str) -> str:
        """The text, then the terms of every need it names (each term once)."""
        extra = [term for need in self.named_in(text) for term in need.terms]
        return " ".join([text or "", *dict.fromkeys(extra)]).strip()


@cache
def _patterns(needs: Needs) -> tuple[re.Pattern, ...]:
    return tuple(_pattern(need.phrases) for need in needs.needs)


def parse_needs(data: dict) -> Needs:
    """Needs from the file's mapping; NeedsError naming the entry and field when one is wrong."""
    entries = (data or {}).get("needs")
    if not isinstance(entries, dict) or not entries:
        raise NeedsError("needs: expected a mapping of needs")
    needs = []
    for key, body in entries.items():
        body = body or {}
        if body.get("category") not in OFFER_CATEGORIES:
            raise NeedsError(f"needs.{key}.category: {body.get('category')!r} is not an offer "
                             f"category ({', '.join(OFFER_CATEGORIES)})")
        for field in ("phrases", "terms"):
            values = body.get(field)
            if not values or not all(isinstance(v, str) and v.strip() for v in values):
                raise NeedsError(f"needs.{key}.{field}: expected a list of words")
        needs.append(Need(key, str(body.get("label") or key), body["category"],
                          tuple(" ".join(p.lower().split()) for p in body["phrases"]),
                          tuple(t.lower() for t in body["terms"])))
    return Needs(tuple(needs))


def load_needs(path: str | os.PathLike | None = None) -> Needs:
    """The needs vocabulary (the app's NEEDS_PATH, else data/needs.yaml), cached per file
    version."""
    if path is None:
        path = current_app.config.get("NEEDS_PATH") if has_app_context() else None
    path = os.fspath(path or DEFAULT_PATH)
    return _load(path, os.stat(path).st_mtime_ns)


@cache
def _load(path: str, _mtime: int) -> Needs:
    with open(path, encoding="utf-8") as f:
        return parse_needs(yaml.safe_load(f))


def expand(text: str) -> str:
    """A worker's search words with the terms of the needs they name."""
    return load_needs().expand(text)
