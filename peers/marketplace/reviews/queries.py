"""Reads of vendor reviews: averages (in SQL), the pages' lists, and what an account's export
holds of the marketplace (the moderation queue's lists are the engine's, peers.community).

Counted reviews are visible and written by a confirmed account or a former member, like
platform reviews: only they are shown to others and make up a vendor's average.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from peers.accounts.models import User
from peers.community import services as community
from peers.core import plain_row
from peers.extensions import db
from peers.marketplace.models import (
    Offer,
    Vendor,
    VendorReview,
    VendorReviewFlag,
    VendorReviewVote,
)
from peers.marketplace.reviews.kind import VENDOR_REVIEWS
from peers.pagination import Page


@dataclass(frozen=True)
class VendorRating:
    """A vendor's counted reviews: how many, and their mean stars (None without any)."""

    count: int = 0
    average: float | None = None


def _counted() -> sa.ColumnElement[bool]:
    return sa.and_(VendorReview.status == "visible",
                   sa.or_(VendorReview.user_id.is_(None), User.email_confirmed_at.is_not(None)))


def _with_authors(stmt: sa.Select) -> sa.Select:
    return stmt.outerjoin(User, User.id == VendorReview.user_id)


def vendor_ratings(vendor_ids: Iterable[int]) -> dict[int, VendorRating]:
    """Count and average stars of each vendor's counted reviews, in one query."""
    ids = list(set(vendor_ids))
    if not ids:
        return {}
    stmt = _with_authors(
        sa.select(VendorReview.vendor_id, sa.func.count(VendorReview.id),
                  sa.func.avg(VendorReview.stars))
    ).where(VendorReview.vendor_id.in_(ids), _counted()).group_by(VendorReview.vendor_id)
    return {vendor_id: VendorRating(count, float(average))
            for vendor_id, count, average in db.session.execute(stmt)}


def vendor_rating(vendor_id: int) -> VendorRating:
    return vendor_ratings([vendor_id]).get(vendor_id, VendorRating())


def vendor_reviews(vendor_id: int, page: int, per_page: int) -> Page:
    """A page of the vendor's counted reviews, newest first."""
    page = max(page, 1)
    base = _with_authors(sa.select(VendorReview)).where(VendorReview.vendor_id == vendor_id,
                                                        _counted())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
    # Each review shows its author's display name: the join above loads them with the page.
    stmt = (base.options(contains_eager(VendorReview.author))
            .order_by(VendorReview.created_at.desc(), VendorReview.id.desc())
            .limit(per_page).offset((page - 1) * per_page))
    return Page(list(db.session.scalars(stmt)), page, per_page, total)


def voted_review_ids(user: Any, review_ids: list[int]) -> set[int]:
    """Which of these reviews the user already found helpful (one query for a whole list)."""
    return community.voted_ids(VENDOR_REVIEWS, user, review_ids)


# -- the account export ------------------------------------------------------------------------
OFFER_FIELDS = ("id", "category", "title", "description", "price_amount", "price_currency",
                "price_on_quote", "member_discount", "how_to_get", "pays_referral_fee",
                "platform_tie", "is_sponsored", "status", "created_at", "updated_at")


def export_for_user(user_id: int) -> dict[str, Any]:
    """What the marketplace holds about an account, JSON-ready (for /account/export)."""
    vendor = db.session.scalars(
        sa.select(Vendor).where(Vendor.owner_id == user_id)
        .options(selectinload(Vendor.areas),
                 selectinload(Vendor.offers).selectinload(Offer.platforms))
    ).first()
    reviews = db.session.scalars(
        sa.select(VendorReview).where(VendorReview.user_id == user_id)
        .options(joinedload(VendorReview.vendor)).order_by(VendorReview.id))
    votes = db.session.scalars(sa.select(VendorReviewVote).where(
        VendorReviewVote.user_id == user_id).order_by(VendorReviewVote.created_at))
    flags = db.session.scalars(sa.select(VendorReviewFlag).where(
        VendorReviewFlag.user_id == user_id).order_by(VendorReviewFlag.id))
    return {
        "vendor": None if vendor is None else {
            **plain_row(vendor, ("id", "name", "description", "website", "serves_remotely",
                            "created_at", "updated_at")),
            "areas": [area.name for area in vendor.areas],
            "offers": [{**plain_row(o, OFFER_FIELDS), "platforms": [p.slug for p in o.platforms]}
                       for o in vendor.offers],
        },
        "vendor_reviews": [{**plain_row(r, ("id", "stars", "body", "status", "helpful_count",
                                       "created_at", "updated_at")), "vendor": r.vendor.name}
                           for r in reviews],
        "vendor_review_votes": [plain_row(v, ("review_id", "created_at")) for v in votes],
        "vendor_review_flags": [plain_row(f, ("review_id", "reason", "created_at", "resolved_at"))
                                for f in flags],
    }
