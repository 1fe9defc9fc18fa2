"""Routes of deactivations (HTTP only: forms in, services and queries out)."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.community.views import add_actions
from peers.core import utcnow
from peers.deactivations import letter, queries, services
from peers.deactivations.forms import LetterForm, ReportForm
from peers.deactivations.guide import guide
from peers.deactivations.kind import DEACTIVATION_REPORTS
from peers.deactivations.models import OUTCOMES, REASONS
from peers.discovery import queries as discovery_queries
from peers.errors import commit_or_show
from peers.extensions import limiter
from peers.moderation.views import decide_about

bp = Blueprint("deactivations", __name__)
add_actions(bp, DEACTIVATION_REPORTS, "/deactivation/reports")
bp.add_url_rule("/moderation/deactivation-reports/<int:review_id>/decide", "decide",
                decide_about("deactivation_report"), methods=["POST"])


@bp.app_context_processor
def deactivation_labels() -> dict:
    return {"DEACTIVATION_REASONS": REASONS, "DEACTIVATION_OUTCOMES": OUTCOMES}


def _platform_choices():
    """Active platforms where people earn (non-earning catalog entries take no reports)."""
    platforms = discovery_queries.platforms_in_slug_order(active_only=True)
    return sorted(((p.slug, p.name) for p in platforms if getattr(p, "earning", True)),
                  key=lambda pair: pair[1].lower())


def _index_page(letter_form=None, letter_text=None, status=200):
    found = guide()
    slugs = set(found.appeals) | set(found.privacy)
    platforms = [p for p in discovery_queries.platforms_in_slug_order(active_only=True)
                 if p.slug in slugs]
    return render_template(
        "deactivations/index.html", guide=found, platforms=platforms,
        letter_form=letter_form or LetterForm(formdata=None, platform_choices=_platform_choices()),
        letter_text=letter_text), status


@bp.get("/deactivation")
def index():
    return _index_page()


@bp.get("/deactivation/<slug>")
def platform(slug: str):
    found = discovery_queries.platform_by_slug(slug)
    if found is None:
        abort(404)
    info = guide()
    return render_template(
        "deactivations/platform.html", platform=found,
        summary=queries.summary(found.id, current_app.config["MIN_REVIEWS_TO_SHOW"]),
        reports=queries.latest(found.id), appeal=info.appeals.get(slug),
        privacy=info.privacy.get(slug))


@bp.route("/deactivation/report", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per hour", methods=["POST"])
def report():
    choices = _platform_choices()
    if request.method == "GET":
        chosen = request.args.get("platform", "")[:80]
        form = ReportForm(data={"platform": chosen if chosen in dict(choices) else ""},
                          platform_choices=choices)
        return render_template("deactivations/report.html", form=form)
    form = ReportForm(platform_choices=choices)
    status = 400
    if form.validate():
        country, city = form.place.country_and_city()
        found = discovery_queries.platform_by_slug(form.platform.data)
        data = services.ReportData(
            platform_id=found.id, country=country, city=city, month=form.month_date,
            reason=form.reason.data, role=form.role.data or "",
            reason_other=form.reason_other.data or "", warned=bool(form.warned.data),
            appealed=bool(form.appealed.data), outcome=form.outcome.data or None,
            days_to_outcome=form.days_to_outcome.data)
        row, status = commit_or_show(
            form, lambda: services.report(current_user._get_current_object(), data))
        if status is None:
            flash("Thank you. Your report is counted in this platform's deactivation figures.",
                  "success")
            return redirect(url_for("deactivations.platform", slug=found.slug,
                                    _anchor=f"deactivation-{row.id}"))
    return render_template("deactivations/report.html", form=form), status


@bp.post("/deactivation/letter")
@limiter.limit("30 per hour")
def data_request_letter():
    """Writes the letter for the worker to send; stores nothing."""
    form = LetterForm(platform_choices=_platform_choices())
    if not form.validate():
        return _index_page(letter_form=form, status=400)
    found = discovery_queries.platform_by_slug(form.platform.data)
    country, _city = form.place.country_and_city()
    text = letter.compose(guide(), found.name, guide().privacy.get(found.slug), form.name.data,
                          form.email.data, country, form.details.data or "", utcnow().date())
    return _index_page(letter_form=form, letter_text=text)
