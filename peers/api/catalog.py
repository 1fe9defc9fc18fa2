"""JSON routes about the catalog's facts: the coverage report. peers.api.views adds them to
the /api/v1 blueprint; the platform's own facts come with /platforms/<slug>."""

from typing import Any

from peers.catalog import queries
from peers.catalog.report import catalog_report
from peers.discovery.models import Platform


def report() -> dict[str, Any]:
    """Coverage of each fact over active platforms, stale facts, facts without a source."""
    return catalog_report().as_json()


def facts_json(platform: Platform) -> dict[str, Any]:
    """The facts of this round's schema beside the older ones, and the dated history."""
    return {
        "regions_source": platform.regions_source,
        "regions_as_of": platform.regions_as_of,
        "cities": platform.cities,
        "roles": platform.roles,
        "fairwork": platform.fairwork,
        "changes": [{"fact": c.fact, "date": c.changed_on.isoformat(), "from": c.from_text,
                     "to": c.to_text, "source": c.source,
                     "by_correction": c.suggestion_id is not None}
                    for c in queries.history(platform.id)],
    }
