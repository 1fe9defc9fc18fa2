"""Routes for what people do with others' reviews: helpful votes, flags, replies."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from peers.extensions import db
from peers.ratings import community
from peers.ratings.community import CommunityError
from peers.ratings.community_forms import FlagForm, HelpfulForm, ReplyForm
from peers.ratings.models import Review

bp = Blueprint("community", __name__)


def _published_review(review_id: int) -> Review:
    review = community.get_review(review_id)
    if review is None or not community.is_published(review):
        abort(404)
    return review


def _review_url(review: Review) -> str:
    return url_for("discovery.platform", slug=review.platform.slug, _anchor=f"review-{review.id}")


def _refused(form, field: str, exc: CommunityError | str, template: str, review: Review):
    """Show why the action was refused beside the field; nothing was written."""
    db.session.rollback()
    getattr(form, field).errors = [str(exc)]
    status = 400 if isinstance(exc, CommunityError) and exc.field else 409
    return render_template(template, form=form, review=review), status


@bp.post("/reviews/<int:review_id>/helpful")
@login_required
def helpful(review_id: int):
    review = _published_review(review_id)
    if not HelpfulForm().validate_on_submit():
        abort(400)
    target = _review_url(review)
    try:
        counted = community.vote_helpful(current_user, review)
        db.session.commit()
    except CommunityError as exc:
        db.session.rollback()
        abort(403, description=str(exc))
    except IntegrityError:  # the same person's vote arrived twice at once
        db.session.rollback()
        counted = False
    flash("Thanks: your vote is counted." if counted
          else "You had already found this review helpful; it counts once.", "success")
    return redirect(target)


@bp.route("/reviews/<int:review_id>/flag", methods=["GET", "POST"])
@login_required
def flag(review_id: int):
    review = _published_review(review_id)
    form = FlagForm()
    template = "community/flag.html"
    if form.validate_on_submit():
        try:
            community.flag_review(current_user, review, form.reason.data)
        except CommunityError as exc:
            return _refused(form, "reason", exc, template, review)
        except IntegrityError:  # two reports from the same person at once
            return _refused(form, "reason", community.ALREADY_FLAGGED, template, review)
        target = _review_url(review)
        db.session.commit()
        flash("Thank you. A moderator will read your report; the review stays up until then.",
              "success")
        return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, review=review), status


@bp.route("/reviews/<int:review_id>/reply", methods=["GET", "POST"])
@login_required
def reply(review_id: int):
    review = _published_review(review_id)
    if not community.can_reply(current_user, review):
        abort(403, description="Only a verified representative of this platform can reply.")
    form = ReplyForm()
    template = "community/reply.html"
    if form.validate_on_submit():
        try:
            community.reply_to_review(current_user, review, form.body.data)
        except CommunityError as exc:
            return _refused(form, "body", exc, template, review)
        except IntegrityError:  # two replies at once: the unique review_id keeps one
            return _refused(form, "body", community.ALREADY_REPLIED, template, review)
        target = _review_url(review)
        db.session.commit()
        flash("Your reply is published under the review.", "success")
        return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render_template(template, form=form, review=review), status
