"""Discovery pages: the form, the ranked results, the catalog."""

from typing import NamedTuple

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from peers import statscache
from peers.discovery import queries, representatives, search
from peers.discovery.cards import CardParts, card_parts
from peers.discovery.forms import MAX_PAGES, DiscoverForm
from peers.discovery.matcher import RELEVANCE_FLOOR, Match, match_platforms
from peers.discovery.models import WORLDWIDE
from peers.discovery.places import country_name
from peers.discovery.reading import language_name
from peers.discovery.vocabulary import load_vocabulary
from peers.marketplace import queries as marketplace_queries
from peers.money import facts as money_facts
from peers.money.estimates import MoneyLine, money_lines
from peers.money.pages import platform_earnings
from peers.pagination import page_arg
from peers.ratings import queries as ratings_queries
from peers.ratings.community import kind as community
from peers.ratings.insights import queries as insights
from peers.ratings.listing import review_listing
from peers.ratings.queries import RatingSummary

bp = Blueprint("discovery", __name__)
# The account page names the platform an account represents (accounts keeps only its id).
bp.add_app_template_global(representatives.represented_platform)


MAX_REGIONS_LISTED = 8


@bp.app_template_filter("country_name")
def country_name_filter(code: str) -> str:
    return "Worldwide" if code == WORLDWIDE else country_name(code)


# Cards are filled in Python, not in macros: a results page shows twenty of them per search.
@bp.app_template_filter("regions_text")
def regions_text(codes: list[str], first: str | None = None) -> str:
    """Country codes, the worker's own country first; "and N more" past eight."""
    if first in codes:
        codes = [first, *(code for code in codes if code != first)]
    if codes == [WORLDWIDE]:
        return "Worldwide"
    if len(codes) > MAX_REGIONS_LISTED:
        return f"{', '.join(codes[:MAX_REGIONS_LISTED])} and {len(codes) - MAX_REGIONS_LISTED} more"
    return ", ".join(codes)


@bp.app_template_filter("requirement_lines")
def requirement_lines(requirements: dict | None) -> list[str]:
    """What a platform asks of its workers, one line each ("Age 18 or older")."""
    req = requirements or {}
    lines = [f"Age {req['min_age']} or older"] if req.get("min_age") else []
    lines += [req[key] for key in ("licence", "vehicle") if req.get(key)]
    if req.get("background_check") is not None:
        lines.append("Background check" if req["background_check"] else "No background check")
    if req.get("languages"):
        lines.append("Speak " + " or ".join(language_name(code) for code in req["languages"]))
    return lines + list(req.get("other") or ())


def _asset_labels() -> dict[str, str]:
    vocabulary = load_vocabulary(current_app.config["VOCABULARY_PATH"])
    return {key: asset.label for key, asset in vocabulary.assets.items()}


@bp.get("/")
def index():
    return render_template("discovery/index.html", form=DiscoverForm(formdata=None))


class ResultRow(NamedTuple):
    """What one result card shows, gathered before rendering (the template unpacks it)."""

    match: Match
    platform: queries.ResultCard
    summary: RatingSummary
    money: MoneyLine  # reported pay where the worker is, and an honest estimate
    parts: CardParts


def _result_stats(platform_ids) -> tuple[dict[int, RatingSummary], dict[int, dict[str, int]]]:
    """Each result's ratings and reported earnings, and its offers per category: as this
    process last read them, at most RESULTS_STATS_SECONDS ago (peers.statscache); what it
    has not kept, in one round of queries for each."""
    cache = statscache.get()
    summaries = cache.get_many(
        "ratings", platform_ids,
        lambda missing: ratings_queries.summaries_for(missing, top_issues=False))

    def offer_counts(missing: list[int]) -> dict[int, dict[str, int]]:
        counts = marketplace_queries.offer_counts_for_platforms(missing)
        return {platform_id: counts.get(platform_id, {}) for platform_id in missing}

    return summaries, cache.get_many("offers", platform_ids, offer_counts)


def _city(place) -> str | None:
    """"Paris" of "Paris, France": reports name their city alone."""
    return place.name.split(",")[0].strip() if place is not None and place.kind == "city" else None


@bp.get("/discover")
def discover():
    form = DiscoverForm(request.args)
    if not form.validate():
        return render_template("discovery/index.html", form=form), 400
    sort = request.args.get("sort", "match")
    sort = sort if sort in insights.SORTS else "match"
    search.catch_up_if_due()  # a write, if one is due: the matcher itself only reads
    results = match_platforms(form.profile(), limit=form.result_limit)
    slugs = [m.slug for m in results.matches] + results.not_earning
    slugs += [r.to_slug for r in results.redirects] + [r.from_slug for r in results.redirects]
    platforms = queries.result_cards(slugs, results.index_state)
    ids = {slug: p.id for slug, p in platforms.items()}
    summaries, offers = _result_stats(ids.values())
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    matches, currency = sort_strong_matches(results.matches, ids, summaries, sort, minimum)
    home = results.place.country_code if results.place else None
    hours = form.hours_wanted
    money = money_lines(platforms.values(), home, _city(results.place), hours, minimum)
    rows = [
        ResultRow(m, card, summaries[card.id], money[card.id],
                  card_parts(card, home, results.index_state))
        for m in matches if (card := platforms.get(m.slug))  # a platform deleted since indexing
    ]
    filters = refine_args(form)
    form_location_given, form_hours_given = bool(form.location.data), bool(form.hours.data)
    # The refine form shows what the words gave as its fields' values.
    form.location.data, form.hours.data = filters.get("location"), hours
    form.assets.data = list(dict.fromkeys([*(form.assets.data or ()),
                                           *results_named_assets(form)]))
    return render_template(
        "discovery/results.html", form=form, results=results, platforms=platforms, rows=rows,
        offer_counts=offers, sort=sort, sorts=insights.SORTS, sort_currency=currency,
        min_reviews=minimum, reading=form.reading, hours=hours, filters=filters,
        form_location_given=form_location_given, form_hours_given=form_hours_given,
        more=(form.more.data or 1) + 1 if results.total > len(results.matches)
        and (form.more.data or 1) < MAX_PAGES else None,
        relevance_floor=int(RELEVANCE_FLOOR * 100),
    )


def results_named_assets(form: DiscoverForm) -> tuple[str, ...]:
    return form.profile().named_assets


def sort_strong_matches(matches: list[Match], ids, summaries, sort: str, minimum: int):
    """Sorting by rating or earnings re-orders only the matches above the relevance floor;
    weaker ones follow in match order, so a weak match never rises above a strong one."""
    strong = [m for m in matches if m.strong]
    ordered, currency = insights.sort_matches(strong, ids, summaries, sort, minimum)
    weak = [m for m in matches if not m.strong]
    # Closed and merged platforms still come after every active one.
    return ([m for m in ordered if m.status == "active"]
            + [m for m in weak if m.status == "active"]
            + [m for m in ordered + weak if m.status != "active"]), currency


def refine_args(form: DiscoverForm) -> dict:
    """The search's fields as URL arguments, with what the words gave filled in: a link
    built from them keeps the place, hours and assets the page shows."""
    reading = form.reading
    place = form.location.data or (reading.place.name if reading and reading.place else None)
    args = {"q": form.q.data or None, "assets": form.assets.data or None,
            "location": place, "hours": form.hours_wanted, "exact": form.exact.data or None}
    return {key: value for key, value in args.items() if value}


@bp.get("/platforms")
def platforms():
    category = request.args.get("category") or None
    region = (request.args.get("region") or "").strip() or None
    return _platform_list(category, region, "All platforms")


def _platform_list(category: str | None, region: str | None, heading: str, **extra):
    """A page of the catalog, with the category and country filters beside it."""
    pagination = queries.browse_platforms(
        category, region, page_arg(), current_app.config["PLATFORMS_PER_PAGE"]
    )
    return render_template(
        "discovery/platforms.html", pagination=pagination,
        categories=queries.categories_with_counts(), countries=queries.countries_listed(),
        category=category, region=region, heading=heading, **extra,
    )


@bp.get("/platforms/<slug>")
def platform(slug: str):
    found = queries.platform_by_slug(slug)
    if found is None:
        abort(404)
    summary = ratings_queries.platform_summary(found.id)
    reviews, review_form, listing_ok = review_listing(
        found.id, request.args, money_facts.roles(found), summary.count,
        current_app.config["REVIEWS_PER_PAGE"])
    own_review = (ratings_queries.own_review(current_user.id, found.id)
                  if current_user.is_authenticated else None)
    return render_template(
        "discovery/platform.html", platform=found, asset_labels=_asset_labels(),
        summary=summary, reviews=reviews, own_review=own_review,
        voted_review_ids=community.voted_review_ids(current_user, [r.id for r in reviews.items]),
        earnings=platform_earnings(found, request.args), review_form=review_form,
        **marketplace_queries.platform_help(found.id),
    ), 200 if listing_ok else 400


@bp.get("/categories/<slug>")
def category(slug: str):
    found = queries.category_by_slug(slug)
    if found is None:
        abort(404)
    return _platform_list(slug, None, found.name, category_obj=found)
