"""What ratings adds to an account's export: reviews with their history, votes, flags, replies.

Connected to accounts' account_exporting signal by connect_signals (ratings.signals_handlers).
"""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.core import plain, plain_row
from peers.discovery import queries as discovery_queries
from peers.extensions import db
from peers.ratings.models import (
    DIMENSIONS,
    Review,
    ReviewFlag,
    ReviewReply,
    ReviewVersion,
    ReviewVote,
)

REVIEW_FIELDS = ("id", "overall", *DIMENSIONS, "would_recommend", "pros", "cons", "city",
                 "tenure", "still_active", "gross_pay", "currency", "period", "hours_worked",
                 "expenses", "net_hourly", "country", "role", "earnings_verified", "status",
                 "helpful_count", "version", "created_at",
                 "updated_at")


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
             "created_at": plain(version.created_at)})
    return [
        {**plain_row(r, REVIEW_FIELDS), "platform": r.platform.slug, "issues": r.issue_tags,
         "earlier_versions": by_review.get(r.id, [])}
        for r in reviews
    ]


def _votes(user_id: int) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(ReviewVote.review_id, Review.platform_id, ReviewVote.created_at)
        .join(Review, Review.id == ReviewVote.review_id)
        .where(ReviewVote.user_id == user_id).order_by(ReviewVote.created_at)
    ).all()
    slugs = discovery_queries.platform_slugs(platform_id for _rid, platform_id, _at in rows)
    return [{"review_id": rid, "platform": slugs[platform_id], "created_at": plain(at)}
            for rid, platform_id, at in rows]


def _flags(user_id: int) -> list[dict[str, Any]]:
    flags = db.session.scalars(
        sa.select(ReviewFlag).where(ReviewFlag.user_id == user_id).order_by(ReviewFlag.id)
    )
    return [plain_row(f, ("review_id", "reason", "created_at", "resolved_at")) for f in flags]


def _replies(user_id: int) -> list[dict[str, Any]]:
    replies = db.session.scalars(
        sa.select(ReviewReply).where(ReviewReply.user_id == user_id).order_by(ReviewReply.id)
    )
    return [plain_row(r, ("review_id", "body", "created_at")) for r in replies]


def export_for_user(user_id: int) -> dict[str, Any]:
    """What ratings holds about an account, JSON-ready (for /account/export)."""
    return {"reviews": _reviews(user_id), "helpful_votes": _votes(user_id),
            "flags": _flags(user_id), "replies": _replies(user_id)}
