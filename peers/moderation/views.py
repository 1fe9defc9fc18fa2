"""Routes of the moderation feature (HTTP only: forms in, services and queries out)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from peers.accounts.decorators import role_required
from peers.extensions import db
from peers.moderation import queries, services
from peers.moderation.forms import DecisionForm
from peers.pagination import page_arg

bp = Blueprint("moderation", __name__)

PER_PAGE = 25
MODERATORS = ("moderator", "admin")
DONE = {"hide": "Hidden", "keep": "Kept", "restore": "Restored"}
VENDOR = "vendor"  # the kind of the forms under reviews of vendors


def _forms(reviews, kind: str = "", failed=None) -> dict:
    """A blank form per review; the one that failed (kind, id, form) keeps its errors."""
    forms = {r.id: DecisionForm(formdata=None).for_review(r.id, kind) for r in reviews}
    if failed is not None:
        failed_kind, failed_id, form = failed
        if failed_kind == kind and failed_id in forms:
            forms[failed_id] = form.for_review(failed_id, kind)
    return forms


def _queue(failed=None, status=200):
    flagged = queries.flagged_reviews(page_arg(), PER_PAGE)
    vendor_flagged = queries.flagged_vendor_reviews(page_arg(), PER_PAGE)
    return render_template(
        "moderation/queue.html", flagged=flagged, forms=_forms(flagged.items, "", failed),
        vendor_flagged=vendor_flagged,
        vendor_forms=_forms(vendor_flagged.items, VENDOR, failed),
    ), status


def _hidden(failed=None, status=200):
    hidden = queries.hidden_reviews(page_arg(), PER_PAGE)
    vendor_hidden = queries.hidden_vendor_reviews(page_arg(), PER_PAGE)
    return render_template(
        "moderation/hidden.html", hidden=hidden, forms=_forms(hidden.items, "", failed),
        vendor_hidden=vendor_hidden,
        vendor_forms=_forms(vendor_hidden.items, VENDOR, failed),
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
        "moderation/log.html", decisions=queries.decision_log(page_arg(), PER_PAGE)
    )


def _apply(review, kind: str, decide, what: str):
    """Validate the form, make the decision, commit once, and go back to the right list."""
    review_id = review.id  # read before the commit expires the row
    again = _hidden if review.status == "hidden" else _queue
    form = DecisionForm()
    if not form.validate():
        db.session.rollback()
        return again((kind, review_id, form), 400)
    try:
        decide(current_user, review, form.action.data, form.reason.data)
    except services.NotAModerator:
        db.session.rollback()
        abort(403)
    except services.ModerationError as exc:
        db.session.rollback()
        form.reason.errors = [str(exc)]
        return again((kind, review_id, form), 409)
    db.session.commit()
    flash(f"{DONE[form.action.data]}: {what} (#{review_id}).", "success")
    return redirect(url_for("moderation.hidden" if form.action.data == "restore"
                            else "moderation.queue"))


@bp.post("/moderation/reviews/<int:review_id>/decision")
@role_required(*MODERATORS)
def decide(review_id: int):
    review = queries.review_for_decision(review_id)
    if review is None:
        abort(404)
    return _apply(review, "", services.decide, f"the review of {review.platform.name}")


@bp.post("/moderation/vendor-reviews/<int:review_id>/decide")
@role_required(*MODERATORS)
def decide_vendor_review(review_id: int):
    review = queries.vendor_review_for_decision(review_id)
    if review is None:
        abort(404)
    return _apply(review, VENDOR, services.decide_vendor_review,
                  f"the review of the vendor {review.vendor.name}")
