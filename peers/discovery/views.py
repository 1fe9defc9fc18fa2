"""Discovery pages: the form, the ranked results, the catalog."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from peers.discovery import queries
from peers.discovery.forms import DiscoverForm
from peers.discovery.matcher import match_platforms
from peers.discovery.models import WORLDWIDE
from peers.discovery.places import country_name
from peers.discovery.vocabulary import load_vocabulary
from peers.marketplace import queries as marketplace_queries
from peers.ratings import community, insights
from peers.ratings import queries as ratings_queries

bp = Blueprint("discovery", __name__)


@bp.app_template_filter("country_name")
def country_name_filter(code: str) -> str:
    return "Worldwide" if code == WORLDWIDE else country_name(code)


def _asset_labels() -> dict[str, str]:
    vocabulary = load_vocabulary(current_app.config["VOCABULARY_PATH"])
    return {key: asset.label for key, asset in vocabulary.assets.items()}


@bp.get("/")
def index():
    return render_template("discovery/index.html", form=DiscoverForm(formdata=None))


@bp.get("/discover")
def discover():
    form = DiscoverForm(request.args)
    if not form.validate():
        return render_template("discovery/index.html", form=form), 400
    sort = request.args.get("sort", "match")
    sort = sort if sort in insights.SORTS else "match"
    results = match_platforms(form.profile(), limit=current_app.config["RESULTS_PER_PAGE"])
    slugs = [m.slug for m in results.matches]
    slugs += [r.to_slug for r in results.redirects] + [r.from_slug for r in results.redirects]
    platforms = queries.platforms_by_slug(slugs)
    claims = {slug: queries.monthly_claim(p, form.hours.data) for slug, p in platforms.items()}
    # Ratings and reported earnings of every result in one round of queries.
    summaries = ratings_queries.summaries_for(p.id for p in platforms.values())
    minimum = current_app.config["MIN_REVIEWS_TO_SHOW"]
    matches, currency = insights.sort_matches(
        results.matches, {slug: p.id for slug, p in platforms.items()}, summaries, sort, minimum
    )
    return render_template(
        "discovery/results.html", form=form, results=results, platforms=platforms, claims=claims,
        matches=matches, summaries=summaries, sort=sort, sorts=insights.SORTS,
        sort_currency=currency, min_reviews=minimum,
        offer_counts=marketplace_queries.offer_counts_for_platforms(
            p.id for p in platforms.values()
        ),
    )


@bp.get("/platforms")
def platforms():
    category = request.args.get("category") or None
    region = (request.args.get("region") or "").strip() or None
    page = request.args.get("page", 1, type=int)
    pagination = queries.browse_platforms(
        category, region, page, current_app.config["PLATFORMS_PER_PAGE"]
    )
    return render_template(
        "discovery/platforms.html",
        pagination=pagination,
        categories=queries.categories_with_counts(),
        countries=queries.countries_listed(),
        category=category,
        region=region,
        heading="All platforms",
    )


@bp.get("/platforms/<slug>")
def platform(slug: str):
    found = queries.platform_by_slug(slug)
    if found is None:
        abort(404)
    summary = ratings_queries.platform_summary(found.id)
    reviews = ratings_queries.reviews_for_platform(
        found.id, request.args.get("page", 1, type=int),
        current_app.config["REVIEWS_PER_PAGE"], total=summary.count,
    )
    own_review = (ratings_queries.own_review(current_user.id, found.id)
                  if current_user.is_authenticated else None)
    return render_template(
        "discovery/platform.html", platform=found, asset_labels=_asset_labels(),
        summary=summary, reviews=reviews, own_review=own_review,
        voted_review_ids=community.voted_review_ids(current_user, [r.id for r in reviews.items]),
        pay=ratings_queries.pay_comparison(summary, found.advertised_pay,
                                           current_app.config["MIN_REVIEWS_TO_SHOW"]),
        **marketplace_queries.platform_help(found.id),
    )


@bp.get("/categories/<slug>")
def category(slug: str):
    found = queries.category_by_slug(slug)
    if found is None:
        abort(404)
    page = request.args.get("page", 1, type=int)
    pagination = queries.browse_platforms(
        slug, None, page, current_app.config["PLATFORMS_PER_PAGE"]
    )
    return render_template(
        "discovery/platforms.html",
        pagination=pagination,
        categories=queries.categories_with_counts(),
        countries=queries.countries_listed(),
        category=slug,
        region=None,
        heading=found.name,
        category_obj=found,
    )
