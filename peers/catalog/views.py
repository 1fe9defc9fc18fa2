"""Routes of the catalog feature (HTTP only): workers suggest a correction or a platform;
moderators accept or reject suggestions from the moderation queue."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.accounts.decorators import role_required
from peers.catalog import queries, services
from peers.catalog.facts import LABELS
from peers.catalog.forms import (
    CorrectionForm,
    PlatformSuggestionForm,
    SuggestionDecisionForm,
    platform_choices,
)
from peers.discovery import queries as discovery_queries
from peers.errors import commit_or_show
from peers.extensions import db, limiter
from peers.moderation import views as moderation_views

bp = Blueprint("catalog", __name__)
MODERATORS = ("moderator", "admin")


def _suggestion_limit() -> str:
    return current_app.config["SUGGESTION_LIMIT"]


def _per_account() -> str:
    return f"catalog-suggestion:{current_user.get_id() if current_user.is_authenticated else ''}"


def _correction_form() -> CorrectionForm:
    form = CorrectionForm() if request.method == "POST" else CorrectionForm(
        formdata=None, data={"platform": request.args.get("platform", ""),
                             "fact": request.args.get("fact", "fee")})
    form.platform.choices = platform_choices(discovery_queries.platform_names())
    return form


@bp.route("/catalog/suggest", methods=["GET", "POST"])
@login_required
@limiter.limit(_suggestion_limit, key_func=_per_account, methods=["POST"])
def suggest_correction():
    form = _correction_form()
    if request.method == "GET":
        return render_template("catalog/suggest.html", form=form, labels=LABELS)
    if not form.validate():
        return render_template("catalog/suggest.html", form=form, labels=LABELS), 400
    slug = form.platform.data
    _, status = commit_or_show(form, lambda: services.suggest_correction(
        current_user._get_current_object(), slug, form.fact.data, form.suggested()))
    if status is not None:
        return render_template("catalog/suggest.html", form=form, labels=LABELS), status
    flash("Thank you: a moderator will check your correction against its source.", "success")
    return redirect(url_for("discovery.platform", slug=slug))


@bp.route("/catalog/suggest-platform", methods=["GET", "POST"])
@login_required
@limiter.limit(_suggestion_limit, key_func=_per_account, methods=["POST"])
def suggest_platform():
    form = PlatformSuggestionForm()
    if request.method == "GET" or not form.validate():
        status = 400 if request.method == "POST" else 200
        return render_template("catalog/suggest_platform.html", form=form), status
    _, status = commit_or_show(form, lambda: services.suggest_platform(
        current_user._get_current_object(), form.suggested()))
    if status is not None:
        return render_template("catalog/suggest_platform.html", form=form), status
    flash("Thank you: a moderator will look at the platform you suggested.", "success")
    return redirect(url_for("discovery.platforms"))


@bp.post("/moderation/suggestions/<int:suggestion_id>/decision")
@role_required(*MODERATORS)
def decide(suggestion_id: int):
    suggestion = queries.suggestion_for_decision(suggestion_id)
    if suggestion is None:
        abort(404)
    form = SuggestionDecisionForm()
    if not form.validate():
        db.session.rollback()
        flash(f"Suggestion #{suggestion_id}: "
              + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return moderation_views.queue_page(400)
    _, status = commit_or_show(form, lambda: services.decide(
        current_user._get_current_object(), suggestion, form.action.data, form.reason.data))
    if status is not None:
        flash(f"Suggestion #{suggestion_id}: " + (" ".join(form.reason.errors)
                                                  or "the decision was refused."), "error")
        return moderation_views.queue_page(status)
    flash(f"Suggestion #{suggestion_id}: "
          f"{'accepted' if form.action.data == 'accept' else 'rejected'}.", "success")
    return redirect(url_for("moderation.queue"))
