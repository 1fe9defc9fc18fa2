"""Workers' suggestions about the catalog, and the dated history of each fact's changes."""

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

SUGGESTION_KINDS = ("correction", "platform")
SUGGESTION_STATUSES = ("waiting", "accepted", "rejected")


class FactChange(db.Model):
    """One dated change of one fact of a platform: "Fee changed from 20% to 25% on
    2026-03-01". From the catalog file's `changes:` lists, or from an accepted suggestion."""

    __table_args__ = (sa.UniqueConstraint("platform_id", "fact", "changed_on", "to_text",
                                          name="uq_fact_change_one"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), index=True)
    fact: Mapped[str] = mapped_column(sa.String(32))
    changed_on: Mapped[datetime.date]
    from_text: Mapped[str | None] = mapped_column(sa.Text)
    to_text: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(500))
    # Set when the change came from a worker's accepted suggestion: the database then keeps
    # the fact's value when the file says otherwise (docs/catalog.md).
    suggestion_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("catalog_suggestion.id", ondelete="SET NULL"))
    created_at: Mapped[datetime.datetime] = mapped_column(default=utcnow)

    platform: Mapped[Platform] = relationship()


class CatalogSuggestion(db.Model):
    """A worker's correction of one fact of a platform, or a platform to add. Waits in the
    moderation queue until a moderator accepts or rejects it (with a reason)."""

    __tablename__ = "catalog_suggestion"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN {SUGGESTION_KINDS!r}", name="kind"),
        sa.CheckConstraint(f"status IN {SUGGESTION_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), index=True)
    fact: Mapped[str | None] = mapped_column(sa.String(32))
    # The new value in words (a correction), or the platform's name (a new platform).
    text: Mapped[str] = mapped_column(sa.Text)
    number: Mapped[float | None]  # the fee's percent, the minimum age, the pay's amount
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    per: Mapped[str | None] = mapped_column(sa.String(16))
    url: Mapped[str | None] = mapped_column(sa.String(500))  # a suggested platform's site
    source: Mapped[str] = mapped_column(sa.String(500))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(16), default="waiting", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime.datetime | None]
    reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime.datetime] = mapped_column(default=utcnow)

    platform: Mapped[Platform | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
