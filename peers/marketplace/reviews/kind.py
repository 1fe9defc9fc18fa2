"""Vendor reviews as a kind of contribution (peers.community): helpful votes, flags and
moderation as for platform reviews."""

from flask import url_for
from sqlalchemy.orm import joinedload

from peers.community.kinds import Kind
from peers.marketplace.models import VendorReview, VendorReviewFlag, VendorReviewVote


def _shown_at(review: VendorReview) -> str:
    return url_for("marketplace.vendor", vendor_id=review.vendor_id, _anchor=f"review-{review.id}")


VENDOR_REVIEWS = Kind(
    name="vendor_review", blueprint="marketplace", model=VendorReview,
    vote_model=VendorReviewVote, flag_model=VendorReviewFlag,
    decision_column="vendor_review_id", decide_endpoint="moderation.decide_vendor_review",
    subject=lambda review: review.vendor.name,
    label=lambda review: f"the vendor {review.vendor.name}",
    page_url=_shown_at,
    # Pages and the moderation queue name the vendor and the author.
    load_options=lambda: (joinedload(VendorReview.vendor), joinedload(VendorReview.author)),
    excerpt_template="marketplace/_excerpt.html",
    moderation_template="marketplace/_moderation_review.html",
    plural="reviews of vendors", singular="review of a vendor", count_suffix=" of vendors",
    left_out_of="vendor's average", form_key="vendor", anchor="vendor-review",
    unpublished="This review has been hidden by a moderator.",
)
