"""Workers' reports of being deactivated: why, whether they were warned, what their appeal gave."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.community.models import FlagColumns
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

REASONS = {
    "ratings": "Customer ratings too low",
    "cancellations": "Too many cancellations or declined jobs",
    "customer-complaint": "A customer complaint",
    "fraud-suspicion": "Suspected fraud or account sharing",
    "identity-check": "Failed identity or face check",
    "background-check": "Background check",
    "documents": "Expired or missing documents",
    "no-reason": "No reason given",
    "other": "Another reason",
}
OUTCOMES = {"reinstated": "Reinstated", "not-reinstated": "Not reinstated",
            "pending": "Still waiting"}
STATUSES = ("visible", "hidden")
ROLE_MAX, CITY_MAX, OTHER_MAX, MAX_DAYS = 80, 80, 300, 3650


class DeactivationReport(db.Model):
    """One worker's deactivation on one platform. Only aggregates and the words below are public;
    the author is never shown."""

    __table_args__ = (
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        sa.CheckConstraint(f"reason IN {tuple(REASONS)!r}", name="reason"),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN {tuple(OUTCOMES)!r}", name="outcome"),
        sa.CheckConstraint(f"days_to_outcome IS NULL OR days_to_outcome BETWEEN 0 AND {MAX_DAYS}",
                           name="days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(ROLE_MAX), default="")
    country: Mapped[str] = mapped_column(sa.String(2))
    city: Mapped[str | None] = mapped_column(sa.String(CITY_MAX))
    month: Mapped[date]  # the first day of the month it happened
    reason: Mapped[str] = mapped_column(sa.String(32))
    reason_other: Mapped[str] = mapped_column(sa.String(OTHER_MAX), default="")
    warned: Mapped[bool] = mapped_column(default=False)
    appealed: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(sa.String(16))  # None when not appealed
    days_to_outcome: Mapped[int | None]
    status: Mapped[str] = mapped_column(sa.String(8), default="visible", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship()
    platform: Mapped[Platform] = relationship()


class DeactivationReportFlag(FlagColumns, db.Model):
    __table_args__ = (
        sa.UniqueConstraint("review_id", "user_id", name="uq_deactivation_flag_once"),
    )
    item_table = "deactivation_report"
