"""The `int` URL converter: ids in URLs bounded to what the database's id columns hold."""

from flask import Flask
from werkzeug.routing import IntegerConverter

# Ids are INTEGER columns: PostgreSQL's is 32-bit signed, and ids start at 1.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` from 1 to MAX_ID in ASCII digits; anything else matches no route (a 404)."""

    # At most ten digits: a longer number is out of range before int() is asked to read it.
    regex = r"[0-9]{1,10}"

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's parameter name)
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Replace the default `int` converter; call before any blueprint adds its routes."""
    app.url_map.converters["int"] = IdConverter
