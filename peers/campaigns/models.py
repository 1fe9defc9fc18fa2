"""Campaigns workers start about shared problems, who supports them, and what is said under them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.community.models import FlagColumns
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

STATUSES = ("visible", "hidden")
TITLE_MAX, TEXT_MAX, CITY_MAX = 120, 5000, 80

campaign_platform = sa.Table(
    "campaign_platform",
    db.metadata,
    sa.Column("campaign_id", sa.ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("platform_id", sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Campaign(db.Model):
    """A problem workers share, what they ask for, and the platforms concerned."""

    __table_args__ = (sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organizer; NULL once they have left ("a former member").
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    problem: Mapped[str] = mapped_column(sa.Text)
    ask: Mapped[str] = mapped_column(sa.Text)
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(CITY_MAX))
    status: Mapped[str] = mapped_column(sa.String(8), default="visible", index=True)
    # Kept by the services in SQL from the support rows, so a list never counts one by one.
    support_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organizer: Mapped[User | None] = relationship()
    platforms: Mapped[list[Platform]] = relationship(secondary=campaign_platform,
                                                     order_by="Platform.name")
    tag_rows: Mapped[list["CampaignTag"]] = relationship(cascade="all, delete-orphan",
                                                         order_by="CampaignTag.tag")

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]


class CampaignTag(db.Model):
    """An issue of the issue map the campaign is about (ratings.models.ISSUE_TAGS)."""

    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(sa.String(32), primary_key=True, index=True)


class CampaignSupport(db.Model):
    """One person supports a campaign once; which of its platforms they work on, if any."""

    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "user_id", name="uq_campaign_support_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="SET NULL")
    )
    country: Mapped[str | None] = mapped_column(sa.String(2))
    # The supporter's display name is shown (and delivered) only when they say so.
    show_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    platform: Mapped[Platform | None] = relationship()


class CampaignUpdate(db.Model):
    """News from the organizer, or the one public response of a platform's representative."""

    __table_args__ = (sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Set for a representative's response: the platform they answer for (one response each).
    platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(sa.String(8), default="visible")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship()
    author: Mapped[User | None] = relationship()
    platform: Mapped[Platform | None] = relationship()

    @property
    def is_response(self) -> bool:
        return self.platform_id is not None


class CampaignUpdateVersion(db.Model):
    """What a response said before each edit: responses keep their history in public."""

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(
        sa.ForeignKey("campaign_update.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    written_at: Mapped[datetime]


class CampaignFlag(FlagColumns, db.Model):
    __table_args__ = (sa.UniqueConstraint("review_id", "user_id", name="uq_campaign_flag_once"),)
    item_table = "campaign"


class CampaignUpdateFlag(FlagColumns, db.Model):
    __table_args__ = (
        sa.UniqueConstraint("review_id", "user_id", name="uq_campaign_update_flag_once"),
    )
    item_table = "campaign_update"
