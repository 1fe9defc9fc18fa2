"""Every feature's tables, imported in one place so Alembic and create_app see them all."""

from peers.accounts.models import User
from peers.discovery.models import Category, Platform, PlatformRegion
from peers.marketplace.models import (
    Offer,
    Vendor,
    VendorArea,
    VendorReview,
    VendorReviewFlag,
    VendorReviewVote,
)
from peers.moderation.models import ModerationDecision
from peers.ratings.models import (
    PlatformEarnings,
    PlatformIssueCount,
    PlatformRatingSummary,
    Review,
    ReviewFlag,
    ReviewIssue,
    ReviewReply,
    ReviewVersion,
    ReviewVote,
)

__all__ = [
    "Category", "ModerationDecision", "Platform", "PlatformEarnings", "PlatformIssueCount",
    "PlatformRatingSummary", "PlatformRegion", "Review", "ReviewFlag", "ReviewIssue",
    "ReviewReply", "ReviewVersion", "ReviewVote", "User",
    "Offer", "Vendor", "VendorArea", "VendorReview", "VendorReviewFlag", "VendorReviewVote",
]
