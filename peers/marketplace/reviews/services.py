"""Workers' reviews of vendors: write or edit one's own; what goes when an account goes.

Writes only: each function flushes; the view (or the moderation queue) commits once. One
review per worker and vendor (a database constraint); only a moderator's decision hides one.
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peers.accounts.models import User
from peers.errors import Forbidden, NotFound, Refused
from peers.extensions import db
from peers.marketplace.models import Vendor, VendorReview

MAX_BODY = 2000


def own_vendor_review(user_id: int, vendor_id: int) -> VendorReview | None:
    """The user's review of the vendor, whatever its status."""
    return db.session.scalar(sa.select(VendorReview).where(
        VendorReview.user_id == user_id, VendorReview.vendor_id == vendor_id))


def may_review(user: User, vendor: Vendor) -> str | None:
    """Why this account may not review this vendor, or None when it may."""
    if vendor.owner_id == user.id:
        return "You cannot rate your own business."
    if user.role == "vendor":
        return "Vendor accounts cannot rate vendors: ratings come from workers."
    return None


def _checked(stars: int | None, body: str) -> tuple[int, str]:
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        raise Refused("Choose from 1 to 5 stars.", "stars")
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise Refused(f"Keep it under {MAX_BODY:,} characters.", "body")
    return stars, body


def save_vendor_review(author: User, vendor: Vendor, stars: int, body: str) -> VendorReview:
    """Create the author's one review of this vendor, or edit it when there is one."""
    refusal = may_review(author, vendor)
    if refusal:
        raise Forbidden(refusal)
    stars, body = _checked(stars, body)
    review = own_vendor_review(author.id, vendor.id)
    if review is None:
        review = VendorReview(vendor_id=vendor.id, user_id=author.id, stars=stars, body=body,
                              status="visible", helpful_count=0)
        try:
            with db.session.begin_nested():
                db.session.add(review)
            return review
        except IntegrityError:  # a simultaneous first submission won: edit that one instead
            review = own_vendor_review(author.id, vendor.id)
            if review is None:  # pragma: no cover - the constraint said it exists
                raise NotFound("The review to edit disappeared.") from None
    review.stars, review.body = stars, body  # a hidden review stays hidden
    db.session.flush()
    return review


# -- when an account goes ----------------------------------------------------------------------
def release_vendor_reviews(author: User, keep: bool) -> None:
    """Keep the leaving author's reviews as "a former member's", or delete them."""
    reviews = db.session.scalars(
        sa.select(VendorReview).where(VendorReview.user_id == author.id)).all()
    for review in reviews:
        if keep and author.is_confirmed:
            review.user_id = None
        else:  # an unconfirmed account's reviews never counted; kept they would start to
            db.session.delete(review)
    db.session.flush()


def remove_vendor_of(owner: User) -> None:
    """Delete the leaving owner's vendor profile and its offers (they leave the index too)."""
    vendor = db.session.scalar(sa.select(Vendor).where(Vendor.owner_id == owner.id))
    if vendor is not None:
        db.session.delete(vendor)
        db.session.flush()
