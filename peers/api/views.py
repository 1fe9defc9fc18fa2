"""JSON routes. They read through the features' queries and matcher, like the pages do."""

from flask import Blueprint, abort, current_app, request
from werkzeug.datastructures import MultiDict

from peers.api import campaigns, catalog, events, marketplace
from peers.api import money as money_api
from peers.api.money import csv_response, money_json
from peers.api.openapi import openapi_document
from peers.api.params import check_query, open_data_headers
from peers.api.serializers import (
    match_json,
    page_json,
    platform_json,
    platform_summary_json,
    ratings_json,
)
from peers.deactivations import queries as deactivation_queries
from peers.discovery import queries, search
from peers.discovery.forms import ApiDiscoverForm
from peers.discovery.matcher import match_platforms
from peers.discovery.views import sort_strong_matches
from peers.errors import json_error
from peers.money import queries as money_queries
from peers.money.estimates import money_lines
from peers.pagination import int_arg, page_arg
from peers.ratings import queries as ratings_queries

bp = Blueprint("api", __name__)
bp.before_request(check_query)
bp.after_app_request(open_data_headers)  # also on the 404 of an unknown /api/ path
bp.add_url_rule("/offers", "offers", marketplace.offers, methods=["GET"])
bp.add_url_rule("/vendors/<int:vendor_id>", "vendor", marketplace.vendor, methods=["GET"])
bp.add_url_rule("/catalog/report", "catalog_report", catalog.report, methods=["GET"])
bp.add_url_rule("/campaigns", "campaigns", campaigns.campaigns, methods=["GET"])
bp.add_url_rule("/campaigns/<int:campaign_id>", "campaign", campaigns.campaign, methods=["GET"])
bp.add_url_rule("/events", "events", events.events, methods=["GET"])

MAX_PER_PAGE = 100


def _discover_args() -> MultiDict:
    """The API takes assets as one comma-separated value; the form takes one value each."""
    args = MultiDict(request.args)
    assets = [a.strip() for raw in args.poplist("assets") for a in raw.split(",") if a.strip()]
    args.setlist("assets", assets)
    return args


@bp.get("/discover")
def discover():
    form = ApiDiscoverForm(_discover_args())
    if not form.validate():
        field, message = form.first_error()
        return json_error("invalid_parameter", message, 400, field={"q": "q"}.get(field, field))
    limit = form.limit.data or form.limit.default
    search.catch_up_if_due()  # a write, if one is due: the matcher itself only reads
    results = match_platforms(form.profile(), limit=limit)
    platforms = queries.platforms_by_slug(
        [m.slug for m in results.matches] + [r.to_slug for r in results.redirects]
        + results.not_earning
    )
    ids = {slug: p.id for slug, p in platforms.items()}
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    summaries = ratings_queries.summaries_for(list(ids.values()), top_issues=False)
    matches, _ = sort_strong_matches(results.matches, ids, summaries, form.sort.data, minimum)
    hours = form.hours_wanted
    reading = form.reading
    place = results.place
    listed = [platforms[m.slug] for m in results.matches if m.slug in platforms]
    money = money_lines(listed, place.country_code if place else None,
                        place.name.split(",")[0].strip() if place and place.kind == "city"
                        else None, hours, minimum)
    return {
        "results": [{**match_json(m, platforms[m.slug]),
                     **money_json(platforms[m.slug], summaries[platforms[m.slug].id],
                                  money[platforms[m.slug].id])}
                    for m in matches if m.slug in platforms],
        "total": results.total,
        "sort": form.sort.data,
        "suggestion": results.suggestion,
        "corrected": results.corrected_text,
        "hours": hours,
        "read_from_text": {
            "place": reading.place_text if reading and reading.place else None,
            "hours": reading.hours_text if reading and reading.hours else None,
            "assets": list(form.profile().named_assets),
            "place_problem": reading.place_problem if reading else None,
            "place_suggestions": list(reading.place_suggestions) if reading else [],
        },
        "intents": [{"kind": i.kind, "label": i.label, "uses": [u for u, _ in i.uses]}
                    for i in results.intents],
        "location": {"query": place.query, "name": place.name,
                     "country_code": place.country_code, "kind": place.kind,
                     "alternatives": list(place.alternatives)} if place else None,
        "redirects": [{"from": r.from_slug, "to": r.to_slug} for r in results.redirects],
        "not_earning": [{"slug": slug, "note": platforms[slug].earning_note}
                        for slug in results.not_earning if slug in platforms],
    }


@bp.get("/platforms")
def platforms():
    page = page_arg()
    per_page = int_arg("per_page", 50, maximum=MAX_PER_PAGE)
    region = (request.args.get("region") or "").strip() or None
    category = request.args.get("category") or None
    pagination = queries.browse_platforms(category, region, page, per_page)
    return page_json("platforms", pagination, platform_summary_json)


@bp.get("/platforms/<slug>")
def platform(slug: str):
    found = queries.platform_by_slug(slug)
    if found is None:
        abort(404, description=f"No platform with slug {slug!r}.")
    return {**platform_json(found), **catalog.facts_json(found)}


@bp.get("/platforms/<slug>/ratings")
def platform_ratings(slug: str):
    found = queries.platform_by_slug(slug)
    if found is None:
        abort(404, description=f"No platform with slug {slug!r}.")
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    return {**ratings_json(found, ratings_queries.platform_summary(found.id), minimum),
            "deactivations": deactivation_queries.summary_json(
                deactivation_queries.summary(found.id, minimum))}


@bp.get("/ratings.csv")
def ratings_csv():
    return csv_response(money_api.RATINGS_COLUMNS,
                        money_api.ratings_rows(ratings_queries.all_summaries_for_csv()),
                        "peers-ratings.csv")


@bp.get("/earnings.csv")
def earnings_csv():
    return csv_response(money_api.EARNINGS_COLUMNS,
                        money_api.earnings_rows(money_queries.earnings_by_country(),
                                                current_app.config["MIN_REVIEWS_TO_SHOW"]),
                        "peers-earnings.csv")


@bp.get("/openapi.json")
def openapi():
    return openapi_document()
