"""Meetups workers organize, and who is going or waiting for a place."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.community.models import FlagColumns
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

STATUSES = ("visible", "hidden")
RSVP_STATUSES = ("going", "waiting")
TITLE_MAX, TEXT_MAX, CITY_MAX, VENUE_MAX, URL_MAX, ZONE_MAX = 120, 3000, 80, 200, 500, 64
CAPACITY_MAX = 10_000

event_platform = sa.Table(
    "event_platform",
    db.metadata,
    sa.Column("event_id", sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("platform_id", sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Event(db.Model):
    """A meetup: where and when (stored in UTC, shown in its own time zone), and how many fit."""

    __table_args__ = (
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint(f"capacity BETWEEN 1 AND {CAPACITY_MAX}", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organizer; NULL once they have left ("a former member").
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    city: Mapped[str] = mapped_column(sa.String(CITY_MAX))
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    venue: Mapped[str | None] = mapped_column(sa.String(VENUE_MAX))
    online_url: Mapped[str | None] = mapped_column(sa.String(URL_MAX))
    starts_at: Mapped[datetime] = mapped_column(index=True)  # UTC
    ends_at: Mapped[datetime] = mapped_column(index=True)  # UTC
    timezone: Mapped[str] = mapped_column(sa.String(ZONE_MAX))  # a zoneinfo name
    capacity: Mapped[int]
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(8), default="visible", index=True)
    cancelled_at: Mapped[datetime | None]
    # Kept by the services in SQL from the RSVP rows, so a list never counts one by one.
    going_count: Mapped[int] = mapped_column(default=0)
    waiting_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organizer: Mapped[User | None] = relationship()
    platforms: Mapped[list[Platform]] = relationship(secondary=event_platform,
                                                     order_by="Platform.name")

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.going_count, 0)


class Rsvp(db.Model):
    """One person's answer to one meetup: going, or waiting for a place (first come first)."""

    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id", name="uq_rsvp_once"),
        sa.CheckConstraint(f"status IN {RSVP_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class EventFlag(FlagColumns, db.Model):
    __table_args__ = (sa.UniqueConstraint("review_id", "user_id", name="uq_event_flag_once"),)
    item_table = "event"
