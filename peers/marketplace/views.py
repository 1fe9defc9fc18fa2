"""Marketplace pages: browse and search offers, an offer, a vendor with its reviews.

The vendors' own pages are in vendor_views, reviews' actions in review_views: all are routes
of the one "marketplace" blueprint.
"""

from flask import abort, current_app, render_template, request
from flask_login import current_user

from peers.marketplace import (
    queries,
    review_queries,
    review_views,  # noqa: F401  (routes)
    vendor_views,  # noqa: F401  (routes)
)
from peers.marketplace.blueprint import bp
from peers.marketplace.forms import ActionForm, OfferSearchForm
from peers.marketplace.reviews import may_review, own_vendor_review
from peers.pagination import page_arg

__all__ = ["bp"]


def _per_page(name: str, default: int) -> int:
    return current_app.config.get(name, default)


@bp.get("/marketplace")
def index():
    form = OfferSearchForm(request.args, platform_choices=queries.platform_choices())
    ok = form.validate()
    results = None
    if ok:
        results = queries.find_offers(form.filters(), form.page.data or 1,
                                      _per_page("OFFERS_PER_PAGE", 20))
    vendor_ids = [offer.vendor_id for offer in results.items] if results else []
    return render_template(
        "marketplace/index.html", form=form, results=results,
        ratings=review_queries.vendor_ratings(vendor_ids),
        platform=form.platform_found, category_counts=queries.category_counts(),
        min_reviews=current_app.config["MIN_REVIEWS_TO_SHOW"], page_args=form.link_args(),
    ), 200 if ok else 400


@bp.get("/marketplace/offers/<int:offer_id>")
def offer(offer_id: int):
    found = queries.active_offer(offer_id)
    if found is None:
        abort(404, description="This offer does not exist or its vendor has withdrawn it.")
    return render_template(
        "marketplace/offer.html", offer=found,
        rating=review_queries.vendor_rating(found.vendor_id),
        min_reviews=current_app.config["MIN_REVIEWS_TO_SHOW"],
    )


@bp.get("/marketplace/vendors/<int:vendor_id>")
def vendor(vendor_id: int):
    found = queries.vendor_by_id(vendor_id)
    if found is None:
        abort(404)
    reviews = review_queries.vendor_reviews(found.id, page_arg(),
                                            _per_page("REVIEWS_PER_PAGE", 10))
    signed_in = current_user.is_authenticated
    return render_template(
        "marketplace/vendor.html", vendor=found, offers=queries.offers_of_vendor(found.id),
        rating=review_queries.vendor_rating(found.id), reviews=reviews,
        own_review=own_vendor_review(current_user.id, found.id) if signed_in else None,
        refusal=may_review(current_user, found) if signed_in else None,
        voted_review_ids=review_queries.voted_review_ids(current_user,
                                                         [r.id for r in reviews.items]),
        action_form=ActionForm(formdata=None),
        min_reviews=current_app.config["MIN_REVIEWS_TO_SHOW"],
    )
