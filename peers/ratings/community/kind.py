"""Platform reviews as a kind of contribution: people vote them helpful, report them, the
platform's verified representative answers once, and moderators decide (peers.community)."""

from typing import Any

from flask import url_for
from sqlalchemy.orm import joinedload

from peers.community import services as community
from peers.community.kinds import Kind
from peers.ratings import services
from peers.ratings.models import Review, ReviewFlag, ReviewReply, ReviewVote


def represents(user: Any, review: Review) -> bool:
    """True when this user is the verified representative of the review's platform."""
    platform_id = getattr(user, "represents_platform_id", None)
    return platform_id is not None and platform_id == review.platform_id


def _representative_votes(user: Any, review: Review) -> str | None:
    if represents(user, review):
        return "You represent this platform, so you cannot vote on its reviews."
    return None


def _shown_at(review: Review) -> str:
    return url_for("discovery.platform", slug=review.platform.slug, _anchor=f"review-{review.id}")


PLATFORM_REVIEWS = Kind(
    name="review", blueprint="community", model=Review, vote_model=ReviewVote,
    flag_model=ReviewFlag, decision_column="review_id", decide_endpoint="moderation.decide",
    subject=lambda review: review.platform.name,
    label=lambda review: review.platform.name,
    page_url=_shown_at,
    # Pages, messages and the moderation queue name the platform and the author.
    load_options=lambda: (joinedload(Review.platform), joinedload(Review.author)),
    excerpt_template="community/_excerpt.html",
    moderation_template="moderation/_review.html",
    plural="reviews of platforms", singular="review of a platform",
    # Shown to everyone: visible, and counted (its author confirmed their email).
    is_published=lambda review: review.status == "visible" and review.is_counted,
    may_vote=_representative_votes,
    reply_model=ReviewReply, may_reply=represents,
    reply_refusal="Only a verified representative of this platform can reply.",
    platform_ids=lambda review: {review.platform_id},
    set_status=services.set_review_status,  # the aggregates follow in the same transaction
)


def voted_review_ids(user: Any, review_ids: list[int]) -> set[int]:
    """Which of these reviews the user already found helpful (one query for a whole list)."""
    return community.voted_ids(PLATFORM_REVIEWS, user, review_ids)
