"""Page numbers and other whole-number query parameters, bounded once for every listing;
and a page of a listing built from our own queries (where db.paginate does not fit)."""

from dataclasses import dataclass, field
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

# Far past any real listing, and small enough that (page - 1) * per_page fits every database.
MAX_PAGE = 1_000_000


class InvalidParameter(BadRequest):
    """A query parameter that is malformed or out of range: a 400 that names it."""

    error_code = "invalid_parameter"  # the API's JSON error code, as its forms' errors have

    def __init__(self, name: str, message: str):
        super().__init__(description=message)
        self.field = name


def parse_int(raw: str, name: str, minimum: int, maximum: int) -> int:
    """A whole number in ASCII digits from minimum to maximum, or ValueError saying so."""
    text = raw.strip()
    digits = text.lstrip("0") or "0"
    if not (text.isascii() and text.isdigit()) or int(digits[:30]) < minimum:
        raise ValueError(f"{name} must be a whole number, {minimum} or more.")
    # Checking the length first: int() of a few thousand digits is refused or slow.
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        raise ValueError(f"{name} must be {maximum} or less.")
    return int(text)


def int_arg(name: str, default: int, minimum: int = 1, maximum: int = MAX_PAGE) -> int:
    """A whole-number query parameter (the default when absent); InvalidParameter if bad."""
    values = request.args.getlist(name)
    if not values or values == [""]:  # an empty form field: the API refuses it beforehand
        return default
    if len(values) > 1:
        raise InvalidParameter(name, f"Give {name} once.")
    try:
        return parse_int(values[0], name, minimum, maximum)
    except ValueError as exc:
        raise InvalidParameter(name, str(exc)) from None


def page_arg() -> int:
    """The ?page= of a listing: 1 when absent; a 400 when it is not from 1 to MAX_PAGE."""
    return int_arg("page", 1)


@dataclass
class Page:
    """One page of a listing, and enough to link to the others."""

    items: list[Any]
    page: int
    per_page: int
    total: int
    extra: dict[int, Any] = field(default_factory=dict)  # details keyed by item id

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
