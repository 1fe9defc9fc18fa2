"""Routes of the moderation feature (HTTP only: forms in, services and queries out). Every
registered kind of contribution is moderated the same way, on the same pages."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from peers.accounts.decorators import role_required
from peers.community.kinds import kind_named, kinds
from peers.errors import commit_or_show
from peers.extensions import db
from peers.moderation import queries, services
from peers.moderation.forms import DecisionForm
from peers.moderation.queues import queues
from peers.pagination import page_arg

bp = Blueprint("moderation", __name__)

PER_PAGE = 25
MODERATORS = ("moderator", "admin")
DONE = {"hide": "Hidden", "keep": "Kept", "restore": "Restored"}


def _sections(read, failed=None) -> list[dict]:
    """Per kind: its page of items and a blank form per item; the failed one keeps its errors."""
    sections = []
    for kind in kinds():
        found = read(kind, page_arg(), PER_PAGE)
        forms = {item.id: DecisionForm(formdata=None).for_review(item.id, kind.form_key)
                 for item in found.items}
        if failed is not None and failed[0] == kind.name and failed[1] in forms:
            forms[failed[1]] = failed[2].for_review(failed[1], kind.form_key)
        sections.append({"kind": kind, "page": found, "forms": forms})
    return sections


def _longest(sections: list[dict]):
    """The page whose page numbers reach furthest, for the one pagination of the page."""
    return max((s["page"] for s in sections), key=lambda page: page.pages, default=None)


def _queue(failed=None, status=200):
    sections = _sections(queries.flagged, failed)
    others = [(queue, queue.waiting()) for queue in queues()]
    return render_template("moderation/queue.html", sections=sections, others=others,
                           pages=_longest(sections)), status


def queue_page(status: int = 200):
    """The queue page, for another feature's decision route to answer a refused decision."""
    return _queue(None, status)


def _hidden(failed=None, status=200):
    sections = _sections(queries.hidden, failed)
    return render_template("moderation/hidden.html", sections=sections,
                           pages=_longest(sections)), status


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


def _decide(kind_name: str, review_id: int):
    """Validate the form, make the decision, commit once, and go back to the right list."""
    kind = kind_named(kind_name)
    item = queries.for_decision(kind, review_id)
    if item is None:
        abort(404)
    what = f"the review of {kind.label(item)}"
    again = _hidden if item.status == "hidden" else _queue
    form = DecisionForm()
    if not form.validate():
        db.session.rollback()
        return again((kind.name, review_id, form), 400)
    _, status = commit_or_show(form, lambda: services.decide(
        current_user._get_current_object(), item, form.action.data, form.reason.data))
    if status is not None:
        return again((kind.name, review_id, form), status)
    flash(f"{DONE[form.action.data]}: {what} (#{review_id}).", "success")
    return redirect(url_for("moderation.hidden" if form.action.data == "restore"
                            else "moderation.queue"))


def decide_about(kind_name: str):
    """The decision route for one kind; every kind's runs the same view."""
    @role_required(*MODERATORS)
    def decide(review_id: int):
        return _decide(kind_name, review_id)

    return decide


# Each kind keeps the address its forms have always posted to.
bp.add_url_rule("/moderation/reviews/<int:review_id>/decision", "decide",
                decide_about("review"), methods=["POST"])
bp.add_url_rule("/moderation/vendor-reviews/<int:review_id>/decide", "decide_vendor_review",
                decide_about("vendor_review"), methods=["POST"])
