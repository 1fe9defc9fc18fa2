"""Discovery pages: the form, the ranked results, the catalog."""

from flask import Blueprint, abort, current_app, render_template, request

from peers.discovery import queries
from peers.discovery.forms import DiscoverForm
from peers.discovery.matcher import match_platforms
from peers.discovery.models import WORLDWIDE
from peers.discovery.places import country_name
from peers.discovery.vocabulary import load_vocabulary

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
    results = match_platforms(form.profile(), limit=current_app.config["RESULTS_PER_PAGE"])
    slugs = [m.slug for m in results.matches]
    slugs += [r.to_slug for r in results.redirects] + [r.from_slug for r in results.redirects]
    platforms = queries.platforms_by_slug(slugs)
    claims = {slug: queries.monthly_claim(p, form.hours.data) for slug, p in platforms.items()}
    return render_template(
        "discovery/results.html", form=form, results=results, platforms=platforms, claims=claims
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
    return render_template("discovery/platform.html", platform=found,
                           asset_labels=_asset_labels())


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
