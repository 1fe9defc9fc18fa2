"""Routes that compare platforms: /compare and the issue map at /issues."""

from flask import Blueprint, render_template, request

from peers.discovery.queries import platforms_by_slug
from peers.ratings.insights import queries as insights
from peers.ratings.insights.queries import CompareError
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS
from peers.ratings.queries import summaries_for

bp = Blueprint("insights", __name__)


def _compare_page(chosen: list[str], error: str | None = None, platforms=None, summaries=None):
    return render_template(
        "ratings/compare.html",
        choices=insights.platform_choices(),
        chosen=chosen,
        error=error,
        platforms=platforms or [],
        summaries=summaries or {},
        best=insights.best_by_metric(list((summaries or {}).values())),
        dimensions=DIMENSIONS,
        issue_labels=ISSUE_TAGS,
        max_compare=insights.MAX_COMPARE,
    )


@bp.get("/compare")
def compare():
    values = request.args.getlist("p")
    if not any(v.strip(" ,") for v in values):
        return _compare_page([])  # nothing asked yet: just the form
    try:
        slugs = insights.compare_slugs(values)
    except CompareError as exc:
        return _compare_page([], str(exc)), 400
    found = platforms_by_slug(slugs)
    unknown = [s for s in slugs if s not in found]
    if unknown:
        names = ", ".join(f'"{s[:64]}"' for s in unknown)
        return _compare_page(slugs, f"We know no platform called {names}. "
                                    "Choose from the list below."), 400
    platforms = [found[s] for s in slugs]
    summaries = summaries_for([p.id for p in platforms])
    return _compare_page(slugs, platforms=platforms, summaries=summaries)


@bp.get("/issues")
def issues():
    return render_template("ratings/issues.html", issue_map=insights.issue_map())
