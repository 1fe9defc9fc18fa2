"""Reads of the accounts feature, and the export of everything the site holds about a user.

The export reads the ratings and moderation tables (read-only; those features own the writes),
and takes the marketplace's part (vendor profile, offers, reviews of vendors) from its queries.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace.reviews import queries as marketplace_queries
from peers.moderation.models import ModerationDecision
from peers.ratings.models import (
    DIMENSIONS,
    Review,
    ReviewFlag,
    ReviewReply,
    ReviewVersion,
    ReviewVote,
)

EXPORT_FORMAT = 1
ACCOUNT_FIELDS = ("id", "email", "pending_email", "display_name", "role", "email_confirmed_at",
                  "created_at", "last_login_at")
REVIEW_FIELDS = ("id", "overall", *DIMENSIONS, "would_recommend", "pros", "cons", "city",
                 "tenure", "still_active", "gross_pay", "currency", "period", "hours_worked",
                 "expenses", "net_hourly", "status", "helpful_count", "version", "created_at",
                 "updated_at")


def user_by_email(email: str) -> User | None:
    """The account with this email (compared lowercased), or None."""
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def _plain(value: Any) -> Any:
    """A value JSON can hold: dates as ISO 8601 (UTC), amounts as exact strings."""
    if isinstance(value, datetime):
        return value.isoformat() + "Z"
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _reviews(user_id: int) -> list[dict[str, Any]]:
    # Each exported review names its platform and ticks its issues: load both with it.
    reviews = db.session.scalars(
        sa.select(Review).where(Review.user_id == user_id)
        .options(joinedload(Review.platform), selectinload(Review.issues))
        .order_by(Review.id)
    ).all()
    versions = db.session.scalars(
        sa.select(ReviewVersion).where(ReviewVersion.review_id.in_([r.id for r in reviews]))
        .order_by(ReviewVersion.review_id, ReviewVersion.version)
    ).all() if reviews else []
    by_review: dict[int, list[dict[str, Any]]] = {}
    for version in versions:
        by_review.setdefault(version.review_id, []).append(
            {"version": version.version, "data": version.data,
             "created_at": _plain(version.created_at)})
    return [
        {**_row(r, REVIEW_FIELDS), "platform": r.platform.slug, "issues": r.issue_tags,
         "earlier_versions": by_review.get(r.id, [])}
        for r in reviews
    ]


def _votes(user_id: int) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(ReviewVote.review_id, Platform.slug, ReviewVote.created_at)
        .join(Review, Review.id == ReviewVote.review_id)
        .join(Platform, Platform.id == Review.platform_id)
        .where(ReviewVote.user_id == user_id).order_by(ReviewVote.created_at)
    )
    return [{"review_id": rid, "platform": slug, "created_at": _plain(at)}
            for rid, slug, at in rows]


def _flags(user_id: int) -> list[dict[str, Any]]:
    flags = db.session.scalars(
        sa.select(ReviewFlag).where(ReviewFlag.user_id == user_id).order_by(ReviewFlag.id)
    )
    return [_row(f, ("review_id", "reason", "created_at", "resolved_at")) for f in flags]


def _replies(user_id: int) -> list[dict[str, Any]]:
    replies = db.session.scalars(
        sa.select(ReviewReply).where(ReviewReply.user_id == user_id).order_by(ReviewReply.id)
    )
    return [_row(r, ("review_id", "body", "created_at")) for r in replies]


def _decisions(user_id: int) -> list[dict[str, Any]]:
    decisions = db.session.scalars(
        sa.select(ModerationDecision).where(ModerationDecision.moderator_id == user_id)
        .order_by(ModerationDecision.id)
    )
    return [_row(d, ("review_id", "vendor_review_id", "action", "reason", "created_at"))
            for d in decisions]


def export_data(user: User) -> dict[str, Any]:
    """Everything the site holds about this user, as JSON-ready data (never the password)."""
    account = _row(user, ACCOUNT_FIELDS)
    account["represents_platform"] = (
        user.represents_platform.slug if user.represents_platform else None
    )
    return {
        "format": EXPORT_FORMAT,
        "account": account,
        "reviews": _reviews(user.id),
        "helpful_votes": _votes(user.id),
        "flags": _flags(user.id),
        "replies": _replies(user.id),
        "moderation_decisions": _decisions(user.id),
        # vendor (profile and offers, for vendors), vendor_reviews, vendor_review_votes,
        # vendor_review_flags
        **marketplace_queries.export_for_user(user.id),
    }
