"""JSON routes of campaigns: the public list and one campaign with its counts. Nothing about a
supporter but the names of those who chose to be named."""

from typing import Any

from flask import abort, request, url_for

from peers.api.serializers import page_json
from peers.campaigns import queries
from peers.campaigns.models import Campaign
from peers.core import plain
from peers.pagination import InvalidParameter, int_arg, page_arg
from peers.ratings.models import ISSUE_TAGS

MAX_PER_PAGE = 100


def campaign_json(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "title": campaign.title,
        "problem": campaign.problem,
        "ask": campaign.ask,
        "platforms": [p.slug for p in campaign.platforms],
        "issues": campaign.tags,
        "country": campaign.country,
        "city": campaign.city,
        "supporters": campaign.support_count,
        "created_at": plain(campaign.created_at),
        "page": url_for("campaigns.show", campaign_id=campaign.id, _external=True),
    }


def _arg(name: str, allowed=None) -> str | None:
    value = (request.args.get(name) or "").strip() or None
    if value is not None and allowed is not None and value not in allowed:
        raise InvalidParameter(name, f"{name} must be one of: {', '.join(allowed)}.")
    return value


def campaigns():
    per_page = int_arg("per_page", 20, maximum=MAX_PER_PAGE)
    found = queries.campaigns(page_arg(), per_page, _arg("sort", queries.SORTS) or "supported",
                              _arg("platform"), _arg("issue", ISSUE_TAGS),
                              (_arg("country") or "").upper() or None)
    return page_json("campaigns", found, campaign_json)


def campaign(campaign_id: int):
    found = queries.campaign(campaign_id)
    if found is None or found.status != "visible":
        abort(404, description=f"No campaign with id {campaign_id}.")
    counts = queries.counts(found)
    return {**campaign_json(found), "counts": {
        "total": counts.total,
        "by_platform": [{"platform": name, "supporters": n} for name, n in counts.by_platform],
        "on_none_of_these_platforms": counts.not_on_these,
        "by_country": [{"country": code, "supporters": n} for code, n in counts.by_country],
        "country_not_given": counts.no_country,
        "named_supporters": counts.named,
    }}
