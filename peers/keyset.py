"""Keyset ("older than") pagination: a page starts after the last row shown, not at an offset.

A listing declares its sort orders as `KeysetSort`s: the ordered key columns, the last one
unique (the id), so that every row has one place. A page link carries an opaque cursor: the
sort's name, the listing it belongs to (its scope, e.g. a platform id), the direction and the
key values of the row it continues from, signed with the app's secret key. Every page is then
an index walk of `per_page + 1` rows, whatever its depth, and the links stay right while rows
are added: "older than this review" is older than it whatever was written since.

A cursor that is malformed, forged, of another sort or of another listing is a 400
(`InvalidParameter`), never a 500 and never a silently different page.

Filters (a city, a role, a text search...) are conditions the caller adds to the statement;
a cursor stays valid under them since it names a position in the order, not a row number.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadData, URLSafeSerializer

from peers.pagination import InvalidParameter

MAX_CURSOR_LENGTH = 400  # a signed cursor of a few keys is about 150 characters
OLDER, NEWER = "n", "p"  # forwards (the next page) and backwards (the previous one)


@dataclass(frozen=True)
class KeysetSort:
    """An order: (column, descending) pairs, the last one unique and not nullable (the id)."""

    name: str
    keys: tuple[tuple[sa.ColumnElement, bool], ...]

    def order_by(self, backwards: bool = False) -> list[sa.ColumnElement]:
        return [column.asc() if descending == backwards else column.desc()
                for column, descending in self.keys]

    def after(self, values: Sequence[Any], backwards: bool = False) -> sa.ColumnElement[bool]:
        """Rows after `values` in this order (before them when backwards).

        (k0 after v0) or (k0 = v0 and k1 after v1) or ...; the first key's bound is repeated
        on its own so that the database walks the index from there.
        """

        def beyond(column, descending, value):
            return column < value if descending != backwards else column > value

        (first, first_desc), first_value = self.keys[0], values[0]
        ties, branches = [], []
        for (column, descending), value in zip(self.keys, values, strict=True):
            branches.append(sa.and_(*ties, beyond(column, descending, value)))
            ties.append(column == value)
        inclusive = (first <= first_value if first_desc != backwards else first >= first_value)
        return sa.and_(inclusive, sa.or_(*branches))

    def values_of(self, row: Any) -> list[Any]:
        return [getattr(row, column.key) for column, _desc in self.keys]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="peers.keyset")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def encode(sort: KeysetSort, scope: Any, direction: str, values: Sequence[Any]) -> str:
    """The opaque, signed cursor of a position in a listing."""
    return _serializer().dumps([sort.name, scope, direction, [_plain(v) for v in values]])


def _typed(column: sa.ColumnElement, value: Any) -> Any:
    """A key value from a cursor, as the column's Python type; ValueError if it is not one."""
    kind = column.type.python_type
    if kind is datetime and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise ValueError(f"not a {kind.__name__}")


def decode(raw: str, sort: KeysetSort, scope: Any, name: str = "cursor") -> tuple[str, list]:
    """(direction, key values) of a cursor of this sort and listing; InvalidParameter if not."""
    refused = InvalidParameter(name, "This page link is not valid (it may be from another "
                                     "listing or out of date). Go back to the first page.")
    if len(raw) > MAX_CURSOR_LENGTH:
        raise refused
    try:
        sort_name, cursor_scope, direction, values = _serializer().loads(raw)
        if (sort_name != sort.name or cursor_scope != scope or direction not in (OLDER, NEWER)
                or not isinstance(values, list) or len(values) != len(sort.keys)):
            raise ValueError("another listing")
        return direction, [_typed(column, value)
                           for (column, _desc), value in zip(sort.keys, values, strict=True)]
    except (BadData, ValueError, TypeError) as exc:
        raise refused from exc


@dataclass
class KeysetPage:
    """A page of a keyset listing and the cursors of its neighbours (None: no such page)."""

    items: list[Any]
    per_page: int
    total: int  # every row of the listing, from wherever the caller counts them
    newer: str | None = None  # the previous page's cursor
    older: str | None = None  # the next page's cursor
    first: bool = True  # the listing's first page (no cursor)
    extra: dict[int, Any] = field(default_factory=dict)


def page(stmt: sa.Select, sort: KeysetSort, scope: Any, cursor: str | None, per_page: int,
         total: int, fetch) -> KeysetPage:
    """A page of `stmt` (its filters set, no order or limit) in `sort`, from `cursor`.

    `fetch(stmt)` runs a statement and returns its rows (e.g. `db.session.scalars`).
    """
    if not cursor:
        return _forwards(stmt, sort, scope, None, per_page, total, fetch)
    direction, values = decode(cursor, sort, scope)
    if direction == OLDER:
        return _forwards(stmt, sort, scope, values, per_page, total, fetch)
    rows = list(fetch(stmt.where(sort.after(values, backwards=True))
                      .order_by(*sort.order_by(backwards=True)).limit(per_page + 1)))
    if len(rows) <= per_page:  # back at the top: the first page as it is now
        return _forwards(stmt, sort, scope, None, per_page, total, fetch)
    rows = rows[:per_page][::-1]
    return KeysetPage(rows, per_page, total, first=False,
                      newer=encode(sort, scope, NEWER, sort.values_of(rows[0])),
                      older=encode(sort, scope, OLDER, sort.values_of(rows[-1])))


def _forwards(stmt, sort, scope, values, per_page, total, fetch) -> KeysetPage:
    if values is not None:
        stmt = stmt.where(sort.after(values))
    rows = list(fetch(stmt.order_by(*sort.order_by()).limit(per_page + 1)))
    more, rows = len(rows) > per_page, rows[:per_page]
    result = KeysetPage(rows, per_page, total, first=values is None)
    if more:
        result.older = encode(sort, scope, OLDER, sort.values_of(rows[-1]))
    if values is not None:
        # Newer than the first row shown; on an empty page (past the end), than the cursor.
        result.newer = encode(sort, scope, NEWER, sort.values_of(rows[0]) if rows else values)
    return result
