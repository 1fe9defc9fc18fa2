"""The marketplace blueprint: browse and search offers, an offer, a vendor with its reviews,
and the addresses of the vendors' own pages (vendors.views) and of reviews (reviews.views).
"""

from decimal import Decimal

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_login import current_user

from peers.community.views import add_actions
from peers.marketplace import labels, queries, search
from peers.marketplace.forms import ActionForm, OfferSearchForm
from peers.marketplace.models import OFFER_CATEGORIES
from peers.marketplace.reviews import queries as review_queries
from peers.marketplace.reviews import views as review_views
from peers.marketplace.reviews.kind import VENDOR_REVIEWS
from peers.marketplace.reviews.services import may_review, own_vendor_review
from peers.marketplace.vendors import views as vendor_views
from peers.pagination import page_arg

bp = Blueprint("marketplace", __name__)

WEB_SCHEMES = ("http://", "https://")
BOTH = ["GET", "POST"]

bp.add_url_rule("/marketplace/vendors/<int:vendor_id>/review", "review", review_views.review,
                methods=BOTH)
add_actions(bp, VENDOR_REVIEWS, "/marketplace/reviews")
for _rule, _view, _methods in (
    ("/marketplace/vendor", vendor_views.profile, BOTH),
    ("/marketplace/vendor/offers", vendor_views.my_offers, ["GET"]),
    ("/marketplace/vendor/offers/new", vendor_views.new_offer, BOTH),
    ("/marketplace/vendor/offers/<int:offer_id>/edit", vendor_views.edit_offer, BOTH),
    ("/marketplace/vendor/offers/<int:offer_id>/withdraw", vendor_views.withdraw_offer, ["POST"]),
    ("/marketplace/vendor/offers/<int:offer_id>/relist", vendor_views.relist_offer, ["POST"]),
):
    bp.add_url_rule(_rule, _view.__name__, _view, methods=_methods)


@bp.app_context_processor
def marketplace_labels() -> dict:
    return {"OFFER_CATEGORIES": OFFER_CATEGORIES, "OFFER_SHORT_LABELS": labels.SHORT_LABELS,
            "help_for": labels.help_for, "worker_noun": labels.worker_noun}


@bp.app_template_filter("offer_price")
def offer_price(offer) -> str:
    """"49.00 USD", "Free" or "Ask for a quote"."""
    if offer.price_on_quote or offer.price_amount is None:
        return "Ask for a quote"
    if offer.price_amount == 0:
        return "Free"
    return f"{Decimal(offer.price_amount):,.2f} {offer.price_currency}"


@bp.app_template_filter("full_stop")
def full_stop(name: str) -> str:
    """A name that ends a sentence: "Harbour Tax" -> "Harbour Tax.", "Harbour Tax Co." as is."""
    name = (name or "").rstrip()
    return name if name.endswith((".", "!", "?", "…")) else f"{name}."


@bp.app_template_test("web_address")
def is_web_address(value: str | None) -> bool:
    """Only http and https addresses become links; anything else is shown as text."""
    return bool(value) and value.lower().startswith(WEB_SCHEMES) and " " not in value.strip()


def _per_page(name: str, default: int) -> int:
    return current_app.config.get(name, default)


@bp.get("/marketplace")
def index():
    form = OfferSearchForm(request.args, platform_choices=queries.platform_choices())
    ok = form.validate()
    results = None
    if ok:
        filters = form.filters()
        if filters.words.strip():  # a search: a write first, if one is due (it only reads)
            search.catch_up_if_due()
        results = queries.find_offers(filters, form.page.data or 1,
                                      _per_page("OFFERS_PER_PAGE", 20))
    vendor_ids = [offer.vendor_id for offer in results.items] if results else []
    counts = queries.category_counts()
    broader = None
    if results is not None and not results.total and any(counts.values()):
        broader = _broader_link(form, queries.nearest_broader(form.filters()))
    return render_template(
        "marketplace/index.html", form=form, results=results, broader=broader,
        ratings=review_queries.vendor_ratings(vendor_ids),
        platform=form.platform_found, category_counts=counts,
        min_reviews=current_app.config["MIN_REVIEWS_TO_SHOW"], page_args=form.link_args(),
    ), 200 if ok else 400


def _broader_link(form: OfferSearchForm, found) -> dict | None:
    """The nearest wider search that finds offers, as a link: its words, address and count."""
    if found is None:
        return None
    broader, total = found
    args = {k: v for k, v in form.link_args().items() if k not in broader.drop}
    if broader.category:
        args["category"] = broader.category
    return {"what": broader.what, "total": total,
            "url": url_for("marketplace.index", **args)}


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
