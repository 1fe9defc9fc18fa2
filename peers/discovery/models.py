"""The platform catalog's tables."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.core import utcnow
from peers.extensions import db

STATUSES = ("active", "closed", "merged")
WORLDWIDE = "worldwide"


class Category(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class Platform(db.Model):
    """A place where people earn: what it pays for, where it runs, what it takes."""

    __table_args__ = (
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    url: Mapped[str] = mapped_column(sa.String(500))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("category.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text)
    skills: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    assets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    requirements: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # False: in the catalog so workers can tell it apart, but nobody earns on it (a car club):
    # never an earning match, no worker reviews, not on the issue map. earning_note says why.
    earning: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    earning_note: Mapped[str | None] = mapped_column(sa.String(300))
    # The kinds of work it earns through (keys of `uses:` in data/vocabulary.yaml).
    uses: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    status: Mapped[str] = mapped_column(sa.String(16), default="active", index=True)
    status_year: Mapped[int | None]
    successor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="SET NULL")
    )
    # Each fact is {"text", "source", "as_of", ...} or None when not known from a source.
    fee: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    advertised_pay: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    worker_protection: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    worker_classification: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # Where the country list comes from (null for entries older than the rule), and when.
    regions_source: Mapped[str | None] = mapped_column(sa.String(500))
    regions_as_of: Mapped[int | None]
    # {"FR": ["Paris", "Lyon"]} when the platform is limited to cities; None otherwise.
    cities: Mapped[dict[str, list[str]] | None] = mapped_column(sa.JSON)
    # [{"slug", "name", "assets"}] where one platform has several kinds of worker.
    roles: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    # Published Fairwork ratings: [{"score", "country", "year", "source"}]; None: none known.
    fairwork: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    category: Mapped[Category] = relationship(lazy="joined")
    successor: Mapped["Platform | None"] = relationship(
        remote_side=[id], foreign_keys=[successor_id], back_populates="predecessors"
    )
    predecessors: Mapped[list["Platform"]] = relationship(
        back_populates="successor", foreign_keys=[successor_id]
    )
    region_rows: Mapped[list["PlatformRegion"]] = relationship(
        cascade="all, delete-orphan", order_by="PlatformRegion.code"
    )

    @property
    def regions(self) -> list[str]:
        return [r.code for r in self.region_rows]

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def __repr__(self) -> str:
        return f"<Platform {self.slug}>"


class PlatformRegion(db.Model):
    """One country (ISO 3166-1 alpha-2) a platform operates in, or 'worldwide'."""

    platform_id: Mapped[int] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(sa.String(16), primary_key=True, index=True)
