"""Routes of the moderation feature (HTTP only: forms in, services and queries out)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peers.accounts.decorators import role_required
from peers.extensions import db
from peers.moderation import queries, services
from peers.moderation.forms import DecisionForm

bp = Blueprint("moderation", __name__)

PER_PAGE = 25
MODERATORS = ("moderator", "admin")
DONE = {"hide": "Hidden", "keep": "Kept", "restore": "Restored"}


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _forms(reviews, failed: DecisionForm | None = None, failed_id: int | None = None) -> dict:
    forms = {r.id: DecisionForm(formdata=None).for_review(r.id) for r in reviews}
    if failed is not None and failed_id in forms:
        forms[failed_id] = failed.for_review(failed_id)
    return forms


def _queue(failed=None, failed_id=None, status=200):
    flagged = queries.flagged_reviews(_page_number(), PER_PAGE)
    return render_template(
        "moderation/queue.html", flagged=flagged, forms=_forms(flagged.items, failed, failed_id)
    ), status


def _hidden(failed=None, failed_id=None, status=200):
    hidden = queries.hidden_reviews(_page_number(), PER_PAGE)
    return render_template(
        "moderation/hidden.html", hidden=hidden, forms=_forms(hidden.items, failed, failed_id)
    ), status


@bp.get("/moderation")
@role_required(*MODERATORS)
def queue():
    return _queue()


@bp.get("/moderation/hidden")
@role_required(*MODERATORS)
def hidden():
    return _hidden()


@bp.get("/moderation/log")
@role_required(*MODERATORS)
def log():
    return render_template(
        "moderation/log.html", decisions=queries.decision_log(_page_number(), PER_PAGE)
    )


@bp.post("/moderation/reviews/<int:review_id>/decision")
@role_required(*MODERATORS)
def decide(review_id: int):
    review = queries.review_for_decision(review_id)
    if review is None:
        abort(404)
    again = _hidden if review.status == "hidden" else _queue
    form = DecisionForm()
    if not form.validate():
        db.session.rollback()
        return again(form, review_id, 400)
    try:
        services.decide(current_user, review, form.action.data, form.reason.data)
    except services.NotAModerator:
        db.session.rollback()
        abort(403)
    except services.ModerationError as exc:
        db.session.rollback()
        form.reason.errors = [str(exc)]
        return again(form, review_id, 409)
    platform_name = review.platform.name
    db.session.commit()
    flash(f"{DONE[form.action.data]}: the review of {platform_name} (#{review_id}).", "success")
    return redirect(url_for("moderation.hidden" if form.action.data == "restore"
                            else "moderation.queue"))
