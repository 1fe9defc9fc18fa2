"""Workers' reviews of vendors: write or edit one's own, vote helpful, flag, moderate.

Writes only: each function flushes; the view (or the moderation queue) commits once. The
rules are those of platform reviews: one review per worker and vendor (a database constraint),
helpful votes once each, flags with a reason that never hide anything by themselves, and only
a moderator's decision (`set_vendor_review_status`) hides a review.
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peers.accounts.models import User
from peers.discovery.models import utcnow
from peers.extensions import db
from peers.feedback import record_flag, record_helpful_vote
from peers.marketplace.models import (
    VENDOR_REVIEW_STATUSES,
    Vendor,
    VendorReview,
    VendorReviewFlag,
    VendorReviewVote,
)
from peers.marketplace.services import MarketplaceError, NotFound, PermissionDenied

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
        raise MarketplaceError("Choose from 1 to 5 stars.", "stars")
    body = (body or "").strip()
    if len(body) > MAX_BODY:
        raise MarketplaceError(f"Keep it under {MAX_BODY:,} characters.", "body")
    return stars, body


def save_vendor_review(author: User, vendor: Vendor, stars: int, body: str) -> VendorReview:
    """Create the author's one review of this vendor, or edit it when there is one."""
    refusal = may_review(author, vendor)
    if refusal:
        raise PermissionDenied(refusal)
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


def owned_vendor_review(actor: User | None, review_id: int) -> VendorReview:
    """The review, when the actor wrote it; NotFound or PermissionDenied otherwise."""
    review = db.session.get(VendorReview, review_id)
    if review is None:
        raise NotFound("There is no such review.")
    if actor is None or review.user_id is None or review.user_id != actor.id:
        raise PermissionDenied("Only its author can change a review.")
    return review


def _require_visible(review: VendorReview) -> None:
    if review.status != "visible":
        raise MarketplaceError("This review has been hidden by a moderator.")


def vote_helpful(voter: User, review: VendorReview) -> bool:
    """Count the voter's helpful vote once; False when they had already voted."""
    _require_visible(review)
    if review.user_id == voter.id:
        raise PermissionDenied("You cannot vote on your own review.")
    return record_helpful_vote(VendorReviewVote, review, voter)


def flag_vendor_review(user: User, review: VendorReview, reason: str) -> VendorReviewFlag:
    """Report a review to the moderators, once per person. It stays up until they decide."""
    _require_visible(review)
    return record_flag(VendorReviewFlag, review, user, reason, MarketplaceError)


# -- for the moderation queue ------------------------------------------------------------------
def set_vendor_review_status(review: VendorReview, status: str) -> None:
    """Show ("visible") or hide ("hidden") a review; hidden ones leave the vendor's average."""
    if status not in VENDOR_REVIEW_STATUSES:
        raise ValueError(f"status must be one of {VENDOR_REVIEW_STATUSES}")
    review.status = status
    db.session.flush()


def resolve_vendor_review_flags(review: VendorReview) -> int:
    """Mark every open flag of the review as dealt with; how many there were."""
    result = db.session.execute(
        sa.update(VendorReviewFlag)
        .where(VendorReviewFlag.review_id == review.id, VendorReviewFlag.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


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
