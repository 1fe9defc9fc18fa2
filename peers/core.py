"""Small helpers every feature shares; this module imports no feature."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any


def utcnow() -> datetime:
    """Now, in UTC, as the naive datetime the tables store."""
    return datetime.now(UTC).replace(tzinfo=None)


def plain(value: Any) -> Any:
    """A value JSON can hold: dates as ISO 8601 (UTC), amounts as exact strings."""
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, Decimal):
        return str(value)
    return value


def plain_row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """These attributes of a row, JSON-ready (for the account export)."""
    return {name: plain(getattr(obj, name)) for name in fields}
