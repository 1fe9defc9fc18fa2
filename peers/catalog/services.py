"""Writes of the catalog feature: workers' suggestions, moderators' decisions on them, and
loading the catalog file without losing an accepted correction. Flush only; the caller
(view or CLI) commits once."""

import datetime
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from peers.accounts.models import User
from peers.catalog import facts
from peers.catalog.models import CatalogSuggestion, FactChange
from peers.catalog.queries import corrected_facts
from peers.core import utcnow
from peers.discovery import queries as discovery_queries
from peers.discovery import services as discovery_services
from peers.discovery.catalog import Catalog
from peers.discovery.catalog_facts import PAY_PERIODS, is_country, is_currency, is_url
from peers.discovery.models import PlatformRegion
from peers.errors import Forbidden, Refused
from peers.extensions import db

MAX_TEXT, MAX_NOTE, MAX_REASON = 500, 2000, 1000
DECISIONS = ("accept", "reject")


@dataclass
class Suggested:
    """What a worker sends: one fact's new value with its source, or a platform to add."""

    text: str
    source: str
    note: str = ""
    number: float | None = None
    currency: str | None = None
    per: str | None = None
    url: str | None = None


def _author(user: User) -> None:
    if not getattr(user, "is_confirmed", False):
        raise Forbidden("Confirm your email address before suggesting changes to the catalog.")


def _checked(suggested: Suggested) -> Suggested:
    text, source = (suggested.text or "").strip(), (suggested.source or "").strip()
    if not source:
        raise Refused("Give the public page that shows this.", field="source")
    if not is_url(source):
        raise Refused("Give the full address of a public page (https://...).", field="source")
    if not text:
        raise Refused("Say what it should be.", field="text")
    if len(text) > MAX_TEXT or len(suggested.note or "") > MAX_NOTE:
        raise Refused(f"Keep it under {MAX_TEXT} characters.", field="text")
    if suggested.url is not None and not is_url(suggested.url):
        raise Refused("Give the platform's full address (https://...).", field="url")
    suggested.text, suggested.source = text, source
    return suggested


def suggest_correction(user: User, slug: str, fact: str, suggested: Suggested):
    """A worker's correction of one fact of one platform, waiting for a moderator."""
    _author(user)
    platform = discovery_queries.platform_by_slug(slug or "")
    if platform is None:
        raise Refused("There is no such platform in the catalog.", field="platform")
    if fact not in facts.CORRECTABLE:
        raise Refused("Choose which fact to correct.", field="fact")
    suggested = _checked(suggested)
    _check_figures(fact, suggested)
    suggestion = CatalogSuggestion(
        kind="correction", user_id=user.id, platform_id=platform.id, fact=fact,
        text=suggested.text, number=suggested.number, currency=suggested.currency,
        per=suggested.per, source=suggested.source, note=suggested.note or "")
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def _check_figures(fact: str, suggested: Suggested) -> None:
    number = suggested.number
    if fact == "min_age" and (number is None or number != int(number) or not 13 <= number <= 99):
        raise Refused("Give the minimum age as a whole number from 13 to 99.", field="number")
    if fact == "fee" and number is not None and not 0 <= number <= 100:
        raise Refused("A fee's share is a percentage from 0 to 100.", field="number")
    if fact == "advertised_pay" and number is not None:
        if number <= 0:
            raise Refused("Pay is a positive amount.", field="number")
        if not is_currency(suggested.currency):
            raise Refused("Give the amount's currency (EUR, USD...).", field="currency")
        if suggested.per not in PAY_PERIODS:
            raise Refused("Say what the amount is per (hour, trip...).", field="per")
    if fact == "regions":
        codes = facts.new_value(fact, suggested.text, None, None, None, "", 0)
        unknown = [code for code in codes if not is_country(code)]
        if unknown or not codes:
            raise Refused("List the countries as two-letter codes, e.g. FR, DE "
                          f"(unknown: {', '.join(unknown) or 'none given'}).", field="text")


def suggest_platform(user: User, suggested: Suggested) -> CatalogSuggestion:
    """A platform a worker would like in the catalog, waiting for a moderator."""
    _author(user)
    suggested = _checked(suggested)
    if not suggested.url:
        raise Refused("Give the platform's address.", field="url")
    suggestion = CatalogSuggestion(kind="platform", user_id=user.id, text=suggested.text,
                                   url=suggested.url, source=suggested.source,
                                   note=suggested.note or "")
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def decide(moderator: User, suggestion: CatalogSuggestion, action: str, reason: str):
    """Accept or reject a waiting suggestion, with a reason. An accepted correction changes
    the fact and adds a dated line to its history."""
    if not getattr(moderator, "is_moderator", False):
        raise Forbidden("Only moderators decide about suggestions.")
    reason = (reason or "").strip()
    if action not in DECISIONS:
        raise Refused("Choose Accept or Reject.", field="action")
    if not reason or len(reason) > MAX_REASON:
        raise Refused(f"Give a reason (under {MAX_REASON} characters).", field="reason")
    if suggestion.status != "waiting":
        raise Refused("This suggestion has already been decided.")
    now = utcnow()
    suggestion.status = "accepted" if action == "accept" else "rejected"
    suggestion.decided_by_id, suggestion.decided_at, suggestion.reason = moderator.id, now, reason
    if action == "accept" and suggestion.kind == "correction":
        _apply(suggestion, now.date())
    db.session.flush()
    return suggestion


def _apply(suggestion: CatalogSuggestion, today: datetime.date) -> None:
    platform, fact = suggestion.platform, suggestion.fact
    before = facts.current_value(platform, fact)
    after = facts.new_value(fact, suggestion.text, suggestion.number, suggestion.currency,
                            suggestion.per, suggestion.source, today.year)
    if fact == "min_age":
        platform.requirements = {**(platform.requirements or {}), "min_age": after}
    elif fact == "regions":
        platform.region_rows = [PlatformRegion(code=code) for code in after]
        platform.regions_source, platform.regions_as_of = suggestion.source, today.year
    else:
        setattr(platform, fact, after)
    platform.updated_at = utcnow()  # its search document changes too
    db.session.add(FactChange(
        platform_id=platform.id, fact=fact, changed_on=today, source=suggestion.source,
        from_text=facts.in_words(fact, before), to_text=facts.in_words(fact, after),
        suggestion_id=suggestion.id))


@dataclass
class Difference:
    """A fact where the file and an accepted correction disagree."""

    slug: str
    fact: str
    in_file: str | None
    accepted: str | None
    accepted_on: datetime.date
    kept: str  # "accepted" or "file"


@dataclass
class FileLoad:
    report: discovery_services.LoadReport
    differences: list[Difference] = field(default_factory=list)
    history_added: int = 0


def load_catalog_file(catalog: Catalog, prefer_file: bool = False) -> FileLoad:
    """Load a validated catalog, keeping each accepted correction the file does not carry
    (unless prefer_file), and reporting every fact where the two differ."""
    differences = _reconcile(catalog, prefer_file)
    report = discovery_services.load_catalog(catalog)
    return FileLoad(report, differences, _add_file_history(catalog))


def _reconcile(catalog: Catalog, prefer_file: bool) -> list[Difference]:
    corrected = corrected_facts()  # {(slug, fact): (platform, date)}: one query
    entries = {entry.slug: entry for entry in catalog.platforms}
    differences = []
    for (slug, fact), (platform, changed_on) in sorted(corrected.items()):
        entry = entries.get(slug)
        if entry is None:
            continue
        accepted, in_file = facts.current_value(platform, fact), facts.file_value(entry, fact)
        if same_value(accepted, in_file):
            continue
        differences.append(Difference(slug, fact, facts.in_words(fact, in_file),
                                      facts.in_words(fact, accepted), changed_on,
                                      "file" if prefer_file else "accepted"))
        if not prefer_file:
            facts.set_file_value(entry, fact, accepted)
            if fact == "regions":  # the list keeps the source it was corrected with
                entry.regions_source = platform.regions_source
                entry.regions_as_of = platform.regions_as_of
    return differences


def same_value(a: Any, b: Any) -> bool:
    """Two values of a fact are the same (a missing key is the same as null)."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = set(a) | set(b)
        return all(a.get(k) == b.get(k) for k in keys)
    return a == b


def _add_file_history(catalog: Catalog) -> int:
    """The `changes:` lists of the file, as history rows (those not yet stored)."""
    wanted = [(entry.slug, change) for entry in catalog.platforms for change in entry.changes]
    if not wanted:
        return 0
    ids = {slug: platform.id for slug, platform in discovery_queries.platforms_by_slug(
        sorted({slug for slug, _ in wanted})).items()}
    stored = set(db.session.execute(sa.select(
        FactChange.platform_id, FactChange.fact, FactChange.changed_on, FactChange.to_text,
    ).where(FactChange.platform_id.in_(ids.values()))).all())
    added = 0
    for slug, change in wanted:
        key = (ids[slug], change["fact"], change["date"], change["to"])
        if key in stored:
            continue
        stored.add(key)
        db.session.add(FactChange(platform_id=ids[slug], fact=change["fact"],
                                  changed_on=change["date"], from_text=change["from"],
                                  to_text=change["to"], source=change["source"]))
        added += 1
    db.session.flush()
    return added
