"""A vendor's own pages: the vendor profile, and listing, editing and withdrawing offers.

Only vendor accounts reach them; whose offer it is, is checked again in the services.
peers.marketplace.views gives the addresses.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peers.accounts.decorators import role_required
from peers.errors import Refused, commit_or_show, refused_as_http
from peers.extensions import db
from peers.marketplace import queries, services
from peers.marketplace.forms import ActionForm, OfferForm, VendorForm


def _me():
    return current_user._get_current_object()


@role_required("vendor")
def profile():
    vendor = queries.vendor_of_owner(current_user.id)
    form = VendorForm() if request.method == "POST" else VendorForm.for_vendor(vendor)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        saved, status = commit_or_show(form, lambda: services.save_vendor(_me(),
                                                                          form.vendor_data()))
        if status is None:
            return _after_profile_saved(saved, first=vendor is None)
    return render_template("marketplace/profile_form.html", form=form, vendor=vendor), status


def _after_profile_saved(vendor, first: bool):
    """Onboarding: a finished new profile leads to the first offer; an unfinished one says
    what is missing before anything can be listed."""
    gaps = queries.profile_gaps(vendor)
    if gaps:
        flash(f"Your vendor profile is saved. Before you list an offer, {'; and '.join(gaps)}.",
              "error")
        return redirect(url_for("marketplace.profile"))
    if first or not vendor.offers:
        flash("Your vendor profile is ready. Now list what you offer workers.", "success")
        return redirect(url_for("marketplace.new_offer"))
    flash("Your vendor profile is saved.", "success")
    return redirect(url_for("marketplace.my_offers"))


@role_required("vendor")
def my_offers():
    vendor = queries.vendor_of_owner(current_user.id)
    if vendor is None:
        return redirect(url_for("marketplace.profile"))
    return render_template(
        "marketplace/my_offers.html", vendor=vendor,
        offers=queries.offers_of_vendor(vendor.id, include_withdrawn=True),
        action_form=ActionForm(formdata=None),
    )


def _offer_page(form, offer=None, status: int = 200):
    return render_template("marketplace/offer_form.html", form=form, offer=offer), status


@role_required("vendor")
def new_offer():
    vendor = queries.vendor_of_owner(current_user.id)
    gaps = queries.profile_gaps(vendor)
    form = None
    if request.method == "POST":  # malformed input is answered as such, finished profile or not
        form = OfferForm(platform_choices=queries.platform_choices())
        if not form.validate_on_submit():
            return _offer_page(form, status=400)
    if gaps:
        flash(f"Before you list an offer, {'; and '.join(gaps)}: workers read your profile "
              "with every offer.", "error")
        return redirect(url_for("marketplace.profile"))
    if form is None:
        return _offer_page(OfferForm.for_vendor(vendor, queries.platform_choices()))
    created, status = commit_or_show(form, lambda: services.create_offer(_me(),
                                                                          form.offer_data()))
    if status is not None:
        return _offer_page(form, status=status)
    flash("Your offer is listed.", "success")
    return redirect(url_for("marketplace.offer", offer_id=created.id))


@role_required("vendor")
def edit_offer(offer_id: int):
    with refused_as_http():
        offer = services.owned_offer(_me(), offer_id)
    choices = queries.platform_choices()
    if request.method == "GET":
        return _offer_page(OfferForm.for_offer(offer, choices), offer)
    form = OfferForm(platform_choices=choices)
    if not form.validate_on_submit():
        return _offer_page(form, offer, 400)
    _, status = commit_or_show(form, lambda: services.edit_offer(_me(), offer_id,
                                                                 form.offer_data()))
    if status is not None:
        return _offer_page(form, offer, status)
    flash("Your changes are saved.", "success")
    return redirect(url_for("marketplace.my_offers", _anchor=f"offer-{offer_id}"))


def _set_status(offer_id: int, status: str, message: str):
    if not ActionForm().validate_on_submit():
        abort(400, description="The form expired. Go back, reload the page and try again.")
    try:
        with refused_as_http():
            services.set_offer_status(_me(), offer_id, status)
    except Refused as exc:  # an unfinished profile: nothing changes, and the vendor is told why
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("marketplace.my_offers", _anchor=f"offer-{offer_id}"))
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("marketplace.my_offers", _anchor=f"offer-{offer_id}"))


@role_required("vendor")
def withdraw_offer(offer_id: int):
    return _set_status(offer_id, "withdrawn",
                       "Withdrawn: the offer has left the marketplace, search and the API.")


@role_required("vendor")
def relist_offer(offer_id: int):
    return _set_status(offer_id, "active", "Listed again: workers can find the offer.")
