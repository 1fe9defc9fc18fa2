"""Routes of the ratings feature (HTTP only: forms in, services and queries out)."""

from decimal import Decimal

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.discovery import queries as discovery_queries
from peers.errors import refused_as_http
from peers.extensions import db
from peers.money import facts as money_facts
from peers.ratings import queries, services
from peers.ratings.forms import DeleteReviewForm, ReviewForm, StatementForm, initial_data
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS, TENURES
from peers.text import plain_number

bp = Blueprint("ratings", __name__)


@bp.app_template_filter("money")
def money_filter(value) -> str:
    """12345.5 -> "12,345.50"."""
    return f"{Decimal(str(value)):,.2f}"


@bp.app_template_filter("number")
def number_filter(value) -> str:
    """40.00 -> "40" (hours), 12.5 -> "12.50"."""
    return plain_number(value)


@bp.app_context_processor
def ratings_labels() -> dict:
    return {"ISSUE_TAGS": ISSUE_TAGS, "TENURES": TENURES, "DIMENSIONS": DIMENSIONS}


def _platform_or_404(slug: str):
    platform = discovery_queries.platform_by_slug(slug)
    if platform is None:
        abort(404)
    return platform


def _form_page(form, platform, review, status: int = 200):
    return render_template(
        "ratings/review_form.html", form=form, platform=platform, review=review,
        delete_form=DeleteReviewForm(formdata=None),
        statement_form=StatementForm(formdata=None),
    ), status


def _review_form(platform, **kwargs) -> ReviewForm:
    form = ReviewForm(**kwargs)
    form.set_roles(money_facts.roles(platform))
    return form


def _submit(platform, review, write):
    """Validate the posted form, then write and commit once; the form again when it is wrong."""
    form = _review_form(platform)
    if not form.validate():
        return _form_page(form, platform, review, 400)
    with refused_as_http():
        write(form.review_data())
    db.session.commit()
    return redirect(url_for("discovery.platform", slug=platform.slug, _anchor="your-review"))


@bp.route("/platforms/<slug>/review", methods=["GET", "POST"])
@login_required
def write(slug: str):
    platform = _platform_or_404(slug)
    if not platform.earning:  # the service refuses too; say so before the form is filled in
        abort(409, description=services.not_reviewable(platform))
    review = queries.own_review(current_user.id, platform.id)
    if request.method == "GET":
        form = (_review_form(platform, data=initial_data(review)) if review
                else _review_form(platform))
        return _form_page(form, platform, review)
    return _submit(platform, review,
                   lambda data: services.save_review(current_user, platform, data))


@bp.post("/reviews/<int:review_id>/edit")
@login_required
def edit(review_id: int):
    with refused_as_http():
        review = services.owned_review(current_user, review_id)
    return _submit(review.platform, review,
                   lambda data: services.edit_review(current_user, review_id, data))


@bp.post("/reviews/<int:review_id>/delete")
@login_required
def delete(review_id: int):
    if not DeleteReviewForm().validate():
        abort(400, description="The form expired. Go back, reload the page and try again.")
    with refused_as_http():
        slug = services.owned_review(current_user, review_id).platform.slug
        services.delete_review(current_user, review_id)
    db.session.commit()
    return redirect(url_for("discovery.platform", slug=slug, deleted=1, _anchor="reviews"))


@bp.get("/reviews/<int:review_id>/history")
@login_required
def history(review_id: int):
    with refused_as_http():
        review = services.owned_review(current_user, review_id)
    return render_template("ratings/history.html", review=review, platform=review.platform,
                           versions=queries.review_versions(review.id))
