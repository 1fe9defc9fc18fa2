"""Reviews, their history, votes, flags, replies, and per-platform summary rows."""

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.community.models import FlagColumns, VoteColumns
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

DIMENSIONS = ("pay", "flexibility", "support", "fairness", "safety")
ISSUE_TAGS = {
    "late-pay": "Late or missing pay",
    "pay-cut": "Pay cut",
    "deactivation": "Deactivation without explanation",
    "unsafe": "Unsafe situations",
    "no-support": "Unreachable support",
    "hidden-fees": "Hidden fees",
    "misleading-pay": "Misleading pay claims",
}
TENURES = {
    "lt3m": "Less than 3 months",
    "3-12m": "3 to 12 months",
    "1-3y": "1 to 3 years",
    "gt3y": "More than 3 years",
}
PERIODS = ("week", "month", "year")
REVIEW_STATUSES = ("visible", "hidden")
STARS = sa.Integer


def _stars(name: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_stars")


class Review(db.Model):
    """One worker's review of one platform as a place to work (edited in place, versioned)."""

    __table_args__ = (
        sa.UniqueConstraint("platform_id", "user_id", name="uq_review_platform_user"),
        _stars("overall"), *(_stars(d) for d in DIMENSIONS),
        sa.CheckConstraint(f"status IN {REVIEW_STATUSES!r}", name="status"),
        sa.CheckConstraint(f"tenure IN {tuple(TENURES)!r}", name="tenure"),
        # A platform page lists its counted reviews newest first: an index walk, not a sort.
        sa.Index("ix_review_platform_listing", "platform_id", "is_counted", "created_at", "id"),
        # Earnings quartiles walk one platform's reports in one currency by pay.
        sa.Index("ix_review_earnings", "platform_id", "currency", "net_hourly"),
        # The other orders of a platform's reviews, walked by keyset like the newest first.
        sa.Index("ix_review_platform_helpful", "platform_id", "is_counted", "helpful_count",
                 "id"),
        sa.Index("ix_review_platform_stars", "platform_id", "is_counted", "overall", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), index=True
    )
    # NULL once the author deleted their account and kept the review as "a former member".
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    overall: Mapped[int] = mapped_column(STARS)
    pay: Mapped[int] = mapped_column(STARS)
    flexibility: Mapped[int] = mapped_column(STARS)
    support: Mapped[int] = mapped_column(STARS)
    fairness: Mapped[int] = mapped_column(STARS)
    safety: Mapped[int] = mapped_column(STARS)
    would_recommend: Mapped[bool]
    pros: Mapped[str] = mapped_column(sa.Text, default="")
    cons: Mapped[str] = mapped_column(sa.Text, default="")
    city: Mapped[str] = mapped_column(sa.String(100), default="")
    tenure: Mapped[str] = mapped_column(sa.String(8))
    still_active: Mapped[bool]
    # The optional earnings report. Net hourly = (gross - expenses) / all hours, unpaid included.
    gross_pay: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    period: Mapped[str | None] = mapped_column(sa.String(8))
    hours_worked: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 2))
    expenses: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    net_hourly: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    # Where the reported pay was earned (ISO 3166-1 alpha-2) and as which of the platform's
    # roles: reported earnings are read for the worker's own country first.
    country: Mapped[str | None] = mapped_column(sa.String(2))
    role: Mapped[str | None] = mapped_column(sa.String(40))
    # A moderator checked a pay statement the reviewer attached (see EarningsStatement).
    earnings_verified: Mapped[bool] = mapped_column(default=False,
                                                    server_default=sa.false())
    status: Mapped[str] = mapped_column(sa.String(8), default="visible")
    # In the aggregates: visible, and written by a confirmed account (or a former member).
    is_counted: Mapped[bool] = mapped_column(default=False, index=True)
    helpful_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    platform: Mapped[Platform] = relationship()
    author: Mapped[User | None] = relationship()
    issues: Mapped[list["ReviewIssue"]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewIssue.tag"
    )
    reply: Mapped["ReviewReply | None"] = relationship(cascade="all, delete-orphan")

    @property
    def issue_tags(self) -> list[str]:
        return [i.tag for i in self.issues]


class ReviewIssue(db.Model):
    """A problem the reviewer ticked (ISSUE_TAGS), one row each so SQL can count them."""

    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("review.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(sa.String(32), primary_key=True, index=True)


class ReviewVersion(db.Model):
    """An earlier version of a review, kept when the author edits it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("review.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewVote(VoteColumns, db.Model):
    """A worker found a review helpful (once per worker and review)."""

    item_table = "review"


class ReviewFlag(FlagColumns, db.Model):
    """Someone reported a review to the moderators. Flags alone never hide anything."""

    __table_args__ = (sa.UniqueConstraint("review_id", "user_id", name="uq_review_flag_once"),)
    item_table = "review"


class ReviewReply(db.Model):
    """The platform's verified representative's one reply under a review."""

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("review.id", ondelete="CASCADE"), unique=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlatformRatingSummary(db.Model):
    """Running totals of a platform's counted reviews, updated in the review's transaction.

    A platform page reads this one row, whatever the number of reviews.
    """

    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True
    )
    review_count: Mapped[int] = mapped_column(default=0)
    overall_sum: Mapped[int] = mapped_column(default=0)
    stars_1: Mapped[int] = mapped_column(default=0)
    stars_2: Mapped[int] = mapped_column(default=0)
    stars_3: Mapped[int] = mapped_column(default=0)
    stars_4: Mapped[int] = mapped_column(default=0)
    stars_5: Mapped[int] = mapped_column(default=0)
    pay_sum: Mapped[int] = mapped_column(default=0)
    flexibility_sum: Mapped[int] = mapped_column(default=0)
    support_sum: Mapped[int] = mapped_column(default=0)
    fairness_sum: Mapped[int] = mapped_column(default=0)
    safety_sum: Mapped[int] = mapped_column(default=0)
    recommend_count: Mapped[int] = mapped_column(default=0)
    # Bayesian (shrunk) average, stored so listings can sort by it in SQL.
    bayesian_average: Mapped[float | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlatformIssueCount(db.Model):
    """How many counted reviews of a platform ticked an issue tag."""

    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class PlatformEarnings(db.Model):
    """Median reported net hourly pay of a platform in one currency, with the report count."""

    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True
    )
    currency: Mapped[str] = mapped_column(sa.String(3), primary_key=True)
    report_count: Mapped[int] = mapped_column(default=0)
    median_net_hourly: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))


STATEMENT_DECISIONS = ("pending", "verified", "rejected")


class EarningsStatement(db.Model):
    """A pay statement attached to a review's earnings report, for moderators' eyes only.

    The file lives under the instance folder with a random name (never under static/); it is
    deleted at the moderator's decision, and after STATEMENT_KEEP_DAYS whatever happens.
    """

    __table_args__ = (
        sa.CheckConstraint(f"decision IN {STATEMENT_DECISIONS!r}", name="decision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(
        sa.ForeignKey("review.id", ondelete="CASCADE"), unique=True
    )
    stored_name: Mapped[str | None] = mapped_column(sa.String(64), unique=True)  # None: deleted
    content_type: Mapped[str] = mapped_column(sa.String(40))
    size: Mapped[int]
    decision: Mapped[str] = mapped_column(sa.String(8), default="pending", index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    review: Mapped[Review] = relationship()
