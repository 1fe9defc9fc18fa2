"""JSON routes. They read through the features' queries and matcher, like the pages do."""

import csv
import io

from flask import Blueprint, Response, abort, current_app, request
from werkzeug.datastructures import MultiDict

from peers.api import events, marketplace
from peers.api.openapi import openapi_document
from peers.api.params import check_query, open_data_headers
from peers.api.serializers import (
    RATINGS_CSV_COLUMNS,
    match_json,
    page_json,
    platform_json,
    platform_summary_json,
    ratings_csv_rows,
    ratings_json,
)
from peers.discovery import queries, search
from peers.discovery.forms import ApiDiscoverForm
from peers.discovery.matcher import match_platforms
from peers.errors import json_error
from peers.pagination import int_arg, page_arg
from peers.ratings import queries as ratings_queries

bp = Blueprint("api", __name__)
bp.before_request(check_query)
bp.after_app_request(open_data_headers)  # also on the 404 of an unknown /api/ path
bp.add_url_rule("/offers", "offers", marketplace.offers, methods=["GET"])
bp.add_url_rule("/vendors/<int:vendor_id>", "vendor", marketplace.vendor, methods=["GET"])
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
    )
    place = results.place
    return {
        "results": [match_json(m, platforms[m.slug]) for m in results.matches
                    if m.slug in platforms],
        "total": results.total,
        "suggestion": results.suggestion,
        "location": {"query": place.query, "name": place.name,
                     "country_code": place.country_code, "kind": place.kind} if place else None,
        "redirects": [{"from": r.from_slug, "to": r.to_slug} for r in results.redirects],
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
    return platform_json(found)


@bp.get("/platforms/<slug>/ratings")
def platform_ratings(slug: str):
    found = queries.platform_by_slug(slug)
    if found is None:
        abort(404, description=f"No platform with slug {slug!r}.")
    return ratings_json(found, ratings_queries.platform_summary(found.id),
                        current_app.config["MIN_REVIEWS_TO_SHOW"])


@bp.get("/ratings.csv")
def ratings_csv():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RATINGS_CSV_COLUMNS)
    writer.writerows(ratings_csv_rows(ratings_queries.all_summaries_for_csv(),
                                      current_app.config["MIN_REVIEWS_TO_SHOW"]))
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=peers-ratings.csv"})


@bp.get("/openapi.json")
def openapi():
    return openapi_document()
