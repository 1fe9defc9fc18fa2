"""Platform rows, matches and ratings as JSON-ready dicts and CSV rows."""

from collections.abc import Callable
from typing import Any

from flask import url_for

from peers.discovery.matcher import Match
from peers.discovery.models import Platform
from peers.ratings.queries import RatingSummary


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
    """A result; the money fields (rating, earnings, fee, estimate) come from peers.api.money:
    a platform's claim is never multiplied by the worker's hours."""
    return {
        **platform_summary_json(platform),
        "score": match.score,
        "strong": match.strong,
        "serves": list(match.serves),
        "reasons": [
            {"kind": r.kind, "source": r.source, "fields": list(r.fields), "text": str(r)}
            for r in match.reasons
        ],
        "requirements": platform.requirements,
        "advertised_pay": platform.advertised_pay,
    }


def ratings_json(platform: Platform, summary: RatingSummary, minimum: int) -> dict[str, Any]:
    """A platform's aggregates. No review text, no author: nothing about any one person.

    Below the minimum number of reviews only the count is given; an earnings median only
    from the minimum number of reports in its currency.
    """
    enough = summary.enough
    return {
        "slug": platform.slug,
        "name": platform.name,
        "page": url_for("discovery.platform", slug=platform.slug, _external=True),
        "review_count": summary.count,
        "min_reviews": minimum,
        "enough": enough,
        "average": _rounded(summary.average) if enough else None,
        "bayesian_average": _rounded(summary.bayesian_average) if enough else None,
        "distribution": {str(n): c for n, c in summary.distribution.items()} if enough else None,
        "dimensions": ({d: _rounded(v) for d, v in summary.dimensions.items()}
                       if enough else None),
        "recommend_share": _rounded(summary.recommend_share, 3) if enough else None,
        "issues": [{"tag": tag, "label": label, "count": count}
                   for tag, label, count in summary.top_issues] if enough else [],
        "earnings": [
            {"currency": currency, "report_count": count,
             "median_net_hourly": float(median) if count >= minimum else None}
            for currency, median, count in summary.earnings
        ],
        "advertised_pay": platform.advertised_pay,
    }


def _rounded(value: float | None, digits: int = 2) -> float | None:
    """Averages and shares as the open data gives them: two decimals (shares three)."""
    return None if value is None else round(value, digits)


def page_json(key: str, page: Any, item_json: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """One page of a list: its items under `key`, and where it is in the whole."""
    return {key: [item_json(item) for item in page.items], "page": page.page,
            "per_page": page.per_page, "total": page.total}
