"""Platform rows and matches as JSON-ready dicts."""

from typing import Any

from flask import url_for

from peers.discovery.matcher import Match
from peers.discovery.models import Platform


def platform_summary_json(platform: Platform) -> dict[str, Any]:
    return {
        "slug": platform.slug,
        "name": platform.name,
        "url": platform.url,
        "category": platform.category.slug,
        "summary": platform.summary,
        "status": platform.status,
        "regions": platform.regions,
        "successor": platform.successor.slug if platform.successor else None,
        "page": url_for("discovery.platform", slug=platform.slug, _external=True),
    }


def platform_json(platform: Platform) -> dict[str, Any]:
    return {
        **platform_summary_json(platform),
        "description": platform.description,
        "skills": platform.skills,
        "assets": platform.assets,
        "tags": platform.tags,
        "requirements": platform.requirements,
        "status_year": platform.status_year,
        "predecessors": [p.slug for p in platform.predecessors],
        "fee": platform.fee,
        "advertised_pay": platform.advertised_pay,
        "worker_protection": platform.worker_protection,
        "worker_classification": platform.worker_classification,
    }


def match_json(match: Match, platform: Platform) -> dict[str, Any]:
    return {
        **platform_summary_json(platform),
        "score": match.score,
        "reasons": [
            {"kind": r.kind, "source": r.source, "fields": list(r.fields), "text": str(r)}
            for r in match.reasons
        ],
        "requirements": platform.requirements,
        "advertised_pay": platform.advertised_pay,
    }
