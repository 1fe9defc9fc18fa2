"""Workers' reviews of vendors: write or edit one's own; helpful votes and reports come from
the engine's action routes (peers.community.views). peers.marketplace.views gives the
addresses."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.errors import commit_or_show
from peers.marketplace import queries
from peers.marketplace.forms import VendorReviewForm
from peers.marketplace.reviews import services as reviews


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
    status = 400
    if form.validate_on_submit():
        saved, status = commit_or_show(form, lambda: reviews.save_vendor_review(
            current_user._get_current_object(), vendor, form.stars_value(),
            form.body.data or ""))
        if status is None:
            flash("Your review is saved." if own else "Thank you: your review is published.",
                  "success")
            return redirect(url_for("marketplace.vendor", vendor_id=vendor.id,
                                    _anchor=f"review-{saved.id}"))
    return render_template("marketplace/review_form.html", form=form, vendor=vendor,
                           review=own), status
