"""What each correctable fact is called, how its value reads in a sentence of the history,
and how a platform's current value is read and written (pure functions, no queries)."""

from typing import Any

from peers.discovery.catalog_facts import FACT_KEYS
from peers.discovery.models import WORLDWIDE, Platform
from peers.discovery.places import country_name

# The facts a worker may correct, with the label the pages use ("Fee changed from ...").
LABELS = {
    "fee": "Fee",
    "advertised_pay": "Pay claim",
    "min_age": "Minimum age",
    "regions": "Countries",
    "worker_protection": "Insurance and protection",
    "worker_classification": "Classification",
}
CORRECTABLE = tuple(LABELS)
STALE_AFTER_YEARS = 3  # facts older than this "may be out of date"


def is_stale(as_of: int | None, this_year: int) -> bool:
    """True when a fact's year is more than STALE_AFTER_YEARS before this year."""
    return as_of is not None and this_year - as_of > STALE_AFTER_YEARS


def current_value(platform: Platform, fact: str) -> Any:
    """The platform's value of a correctable fact, as stored."""
    if fact == "min_age":
        return (platform.requirements or {}).get("min_age")
    if fact == "regions":
        return platform.regions
    return getattr(platform, fact)


def file_value(entry: Any, fact: str) -> Any:
    """The same fact as a catalog file entry (discovery.catalog.PlatformEntry) gives it."""
    if fact == "min_age":
        return entry.requirements.get("min_age")
    if fact == "regions":
        return entry.regions
    return entry.facts[fact]


def set_file_value(entry: Any, fact: str, value: Any) -> None:
    """Put a fact's value into a catalog entry (the database's, when it wins over the file)."""
    if fact == "min_age":
        entry.requirements = {**entry.requirements, "min_age": value}
        if value is None:
            entry.requirements.pop("min_age")
    elif fact == "regions":
        entry.regions = list(value)
    else:
        entry.facts[fact] = value


def in_words(fact: str, value: Any) -> str | None:
    """A fact's value as the history says it: "20%", "18", "France, Spain", or its text."""
    if value is None or value == []:
        return None
    if fact == "min_age":
        return str(value)
    if fact == "regions":
        return ", ".join("worldwide" if c == WORLDWIDE else country_name(c) for c in value)
    if fact == "fee" and value.get("percent") is not None:
        return f"{value['percent']:g}%"
    return value.get("text")


def new_value(fact: str, text: str, number: float | None, currency: str | None,
              per: str | None, source: str, year: int) -> Any:
    """The fact's value after a correction: the same shape the catalog file gives it."""
    if fact == "min_age":
        return int(number) if number is not None else None
    if fact == "regions":
        return sorted({code.strip().upper() for code in text.replace(";", ",").split(",")
                       if code.strip()})
    value = dict.fromkeys(FACT_KEYS[fact])
    value.update(text=text, source=source, as_of=year)
    if fact == "fee":
        value["percent"] = number
    elif fact == "advertised_pay" and number is not None:
        value.update(amount=number, currency=currency, per=per)
    return value
