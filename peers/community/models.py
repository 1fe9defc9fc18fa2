"""The columns every kind's vote and flag tables share (see kinds.Kind); each kind's table
names the item table its rows point at (`item_table`) and keeps its own constraint names."""

from datetime import datetime
from typing import ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from peers.discovery.models import utcnow


class VoteColumns:
    """A person found an item helpful: one row per item and person."""

    item_table: ClassVar[str]

    @declared_attr
    def review_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey(f"{cls.item_table}.id", ondelete="CASCADE"),
                             primary_key=True, sort_order=-1)  # the key is (item, person)

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FlagColumns:
    """Someone reported an item to the moderators, once; flags alone never hide anything."""

    item_table: ClassVar[str]

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)

    @declared_attr
    def review_id(cls) -> Mapped[int]:
        return mapped_column(sa.ForeignKey(f"{cls.item_table}.id", ondelete="CASCADE"),
                             index=True, sort_order=-1)

    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
