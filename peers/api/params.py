"""What every API route can rely on before it reads its query: only the parameters the OpenAPI
document declares, each at most once, and no empty value where the document allows none."""

import re
from functools import cache

from flask import request

from peers.api.openapi import LICENSE_URL, openapi_document
from peers.pagination import InvalidParameter

PREFIX = "/api/v1"


@cache
def declared_parameters() -> dict[str, dict[str, dict]]:
    """Each path of the document, and its query parameters' schemas by name."""
    return {path: {p["name"]: p["schema"] for p in operation["get"].get("parameters", ())
                   if p["in"] == "query"}
            for path, operation in openapi_document()["paths"].items()}


def document_path(rule: str) -> str:
    """The document's name of a rule: /api/v1/vendors/<int:vendor_id> is /vendors/{vendor_id}."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(PREFIX))


def _needs_value(schema: dict) -> bool:
    return (schema.get("type") in ("integer", "number") or "enum" in schema
            or not re.search(schema.get("pattern", ""), "") or schema.get("minLength", 0) > 0)


def check_query() -> None:
    """Refuse a declared parameter given twice, or empty where it must have a value."""
    declared = declared_parameters().get(document_path(request.url_rule.rule)
                                         if request.url_rule else "")
    if declared is None:
        return
    # A misspelt filter refused, not silently ignored: ?catgory=tax is not all offers.
    for name in request.args:
        if name not in declared:
            raise InvalidParameter(name, f"Unknown parameter {name[:40]!r}; see "
                                         "/api/v1/openapi.json for the ones this path takes.")
    for name, schema in declared.items():
        values = request.args.getlist(name)
        if len(values) > 1:
            raise InvalidParameter(name, f"Give {name} once.")
        if values and not values[0].strip() and _needs_value(schema):
            raise InvalidParameter(name, f"{name} is empty: give a value, or leave it out.")
        if values and "pattern" in schema and not re.search(schema["pattern"], values[0]):
            raise InvalidParameter(name, f"{name} needs a word of letters or digits."
                                   if r"\w" in schema["pattern"] else
                                   f"{name} has a character no field takes.")


def open_data_headers(response):
    """Any site may read the open data (no credentials are allowed), under CC BY 4.0."""
    if request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.add("Link", f'<{LICENSE_URL}>; rel="license"')
    return response
