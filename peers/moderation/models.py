"""The audit trail of moderators' decisions."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.core import utcnow
from peers.extensions import db

ACTIONS = ("hide", "keep", "restore")


class ModerationDecision(db.Model):
    """A moderator hid, kept or restored a review, and said why. Never edited or deleted."""

    __table_args__ = (sa.CheckConstraint(f"action IN {ACTIONS!r}", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("review.id", ondelete="SET NULL"), index=True
    )
    # Exactly one of the item columns (review_id, vendor_review_id, ...) names what was decided.
    vendor_review_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("vendor_review.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    campaign_update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaign_update.id", ondelete="SET NULL"), index=True
    )
    deactivation_report_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("deactivation_report.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="SET NULL"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    moderator: Mapped[User | None] = relationship()
