"""Schemathesis fuzzes the API from its own OpenAPI document on a site with data in it."""

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

from tests.populate import fill_every_table

# Values checked against data the document cannot list (places, platforms) or rules across
# parameters (a price needs a currency) are held to known ones; tests/api/test_api.py and
# test_fuzz.py try odd ones.
KNOWN = {"query.location": "Lyon, France", "query.place": "Austin", "query.platform": "rover",
         "query.currency": "USD", "query.min_price": "0", "query.assets": "car",
         "query.near": "Lyon"}
# Held values also overwrite what a negative example changed (an extra query key, an odd
# value), so schemathesis would send a valid request and call its 200 a failure. Refusals of
# undeclared, repeated, empty and odd parameters are asserted in tests/api/test_api.py
# (test_*_is_a_400*) and fuzzed in test_fuzz.py; here every response must match the document.
CONFIG = {"seed": 11, "generation": {"max-examples": 20}, "workers": 1, "parameters": KNOWN,
          "checks": {"negative_data_rejection": {"enabled": False}}}


def _describe(label: str, check) -> str:
    info = check.failure_info
    if info is None:
        return f"{label} [{check.name}]: {check.status}"
    return (f"{label} [{check.name}]: {info.failure.title}: {info.failure.message}\n"
            f"{info.code_sample}")


def failures_of(stream) -> list[str]:
    found = []
    for event in stream:
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            for checks in event.recorder.checks.values():
                found += [_describe(event.recorder.label, check) for check in checks
                          if check.status != Status.SUCCESS]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            found.append(f"error: {event}")
    return found


def test_api_meets_its_document(make_app):
    app = make_app("real")
    fill_every_table(app)
    config = SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    found = failures_of(schemathesis.engine.from_schema(schema).execute())
    assert not found, "\n".join(sorted(set(found)))
