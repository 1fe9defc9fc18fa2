"""Workers' reviews of vendors: write or edit one's own, vote helpful, report to moderators."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from peers import feedback
from peers.extensions import db
from peers.marketplace import queries, review_queries, reviews, services
from peers.marketplace.blueprint import bp, refused_as_http, show_error
from peers.marketplace.forms import ActionForm, FlagForm, VendorReviewForm


def _me():
    return current_user._get_current_object()


def _review_url(review) -> str:
    return url_for("marketplace.vendor", vendor_id=review.vendor_id, _anchor=f"review-{review.id}")


@bp.route("/marketplace/vendors/<int:vendor_id>/review", methods=["GET", "POST"])
@login_required
def review(vendor_id: int):
    vendor = queries.vendor_by_id(vendor_id)
    if vendor is None:
        abort(404)
    refusal = reviews.may_review(current_user, vendor)
    if refusal:
        abort(403, description=refusal)
    own = reviews.own_vendor_review(current_user.id, vendor.id)
    if request.method == "GET":
        form = VendorReviewForm(data={"stars": str(own.stars), "body": own.body} if own else None)
        return render_template("marketplace/review_form.html", form=form, vendor=vendor,
                               review=own)
    form = VendorReviewForm()
    if form.validate_on_submit():
        try:
            with refused_as_http():
                saved = reviews.save_vendor_review(_me(), vendor, form.stars_value(),
                                                   form.body.data or "")
        except services.MarketplaceError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Your review is saved." if own else "Thank you: your review is published.",
                  "success")
            return redirect(url_for("marketplace.vendor", vendor_id=vendor.id,
                                    _anchor=f"review-{saved.id}"))
    return render_template("marketplace/review_form.html", form=form, vendor=vendor,
                           review=own), 400


def _visible_review(review_id: int):
    found = review_queries.visible_review(review_id)
    if found is None:
        abort(404)
    return found


@bp.post("/marketplace/reviews/<int:review_id>/helpful")
@login_required
def helpful(review_id: int):
    found = _visible_review(review_id)
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired. Go back, reload the page and try again.")
    target = _review_url(found)
    try:
        with refused_as_http():
            counted = reviews.vote_helpful(_me(), found)
        db.session.commit()
    except IntegrityError:  # the same person's vote arrived twice at once
        db.session.rollback()
        counted = False
    flash("Thanks: your vote is counted." if counted
          else "You had already found this review helpful; it counts once.", "success")
    return redirect(target)


@bp.route("/marketplace/reviews/<int:review_id>/flag", methods=["GET", "POST"])
@login_required
def flag(review_id: int):
    found = _visible_review(review_id)
    form = FlagForm()
    if form.validate_on_submit():
        target = _review_url(found)
        try:
            reviews.flag_vendor_review(_me(), found, form.reason.data or "")
            db.session.commit()
        except services.MarketplaceError as exc:
            show_error(form, exc)
            return render_template("marketplace/flag.html", form=form, review=found), (
                400 if exc.field else 409)
        except IntegrityError:  # two reports from the same person at once
            show_error(form, services.MarketplaceError(feedback.ALREADY_FLAGGED))
            return render_template("marketplace/flag.html", form=form, review=found), 409
        flash("Thank you. A moderator will read your report; the review stays up until then.",
              "success")
        return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render_template("marketplace/flag.html", form=form, review=found), status
