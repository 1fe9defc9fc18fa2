"""Who follows which platforms and campaigns, and how often they get a digest of the news."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.campaigns.models import Campaign
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

FREQUENCIES = {"daily": "Every day", "weekly": "Every week", "off": "No digest"}
PERIOD_DAYS = {"daily": 1, "weekly": 7}


class Follow(db.Model):
    """One person follows one platform or one campaign (exactly one of the two)."""

    __table_args__ = (
        sa.CheckConstraint("(platform_id IS NULL) <> (campaign_id IS NULL)", name="one_item"),
        sa.UniqueConstraint("user_id", "platform_id", name="uq_follow_platform_once"),
        sa.UniqueConstraint("user_id", "campaign_id", name="uq_follow_campaign_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    # The platform's facts (fee, pay claim) as the last digest told them: the next digest
    # names what changed since.
    facts_seen: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    platform: Mapped[Platform | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()


class DigestSetting(db.Model):
    """How often a follower hears the news, and when they last did."""

    __table_args__ = (
        sa.CheckConstraint(f"frequency IN {tuple(FREQUENCIES)!r}", name="frequency"),
    )

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(sa.String(8), default="weekly", index=True)
    # The news of the next digest is what happened after this (the first follow, at first).
    news_since: Mapped[datetime] = mapped_column(default=utcnow)
    last_sent_at: Mapped[datetime | None]
