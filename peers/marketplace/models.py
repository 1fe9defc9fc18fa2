"""Vendors, their offers and areas, and workers' reviews of vendors."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peers.accounts.models import User
from peers.community.models import FlagColumns, VoteColumns
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db

OFFER_CATEGORIES = {
    "tax": "Tax preparation",
    "accounting": "Accounting and bookkeeping",
    "legal": "Legal help",
    "insurance": "Insurance",
    "cleaning": "Cleaning and turnover",
    "key-exchange": "Key exchange",
    "vehicle-maintenance": "Vehicle maintenance",
    "photography": "Photography",
    "coworking": "Coworking",
    "benefits": "Benefits and savings",
    "training": "Training",
    "other": "Other help",
}
OFFER_STATUSES = ("active", "withdrawn")
VENDOR_REVIEW_STATUSES = ("visible", "hidden")

offer_platform = sa.Table(
    "offer_platform",
    db.metadata,
    sa.Column("offer_id", sa.ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("platform_id", sa.ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Vendor(db.Model):
    """A business that offers help to workers; one profile per vendor account."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    website: Mapped[str] = mapped_column(sa.String(500), default="")
    serves_remotely: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship()
    areas: Mapped[list["VendorArea"]] = relationship(
        cascade="all, delete-orphan", order_by="VendorArea.name"
    )
    offers: Mapped[list["Offer"]] = relationship(back_populates="vendor",
                                                 cascade="all, delete-orphan")


class VendorArea(db.Model):
    """A place a vendor serves, resolved like the discovery place."""

    __table_args__ = (sa.UniqueConstraint("vendor_id", "name", name="uq_vendor_area_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(sa.ForeignKey("vendor.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))  # "Austin, Texas, United States"
    country_code: Mapped[str] = mapped_column(sa.String(2), index=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # city, region or country


class Offer(db.Model):
    """Help a vendor offers workers, with its price and its disclosures."""

    __table_args__ = (
        sa.CheckConstraint(f"status IN {OFFER_STATUSES!r}", name="status"),
        sa.CheckConstraint("price_amount IS NULL OR price_amount >= 0", name="price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vendor.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(sa.String(32), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text)
    # A price, or None with price_on_quote: "ask for a quote".
    price_amount: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    price_currency: Mapped[str | None] = mapped_column(sa.String(3))
    price_on_quote: Mapped[bool] = mapped_column(default=False)
    member_discount: Mapped[str] = mapped_column(sa.String(200), default="")
    how_to_get: Mapped[str] = mapped_column(sa.String(500))  # a URL or contact details
    # Disclosures, shown on the offer. None of them ever changes an order.
    pays_referral_fee: Mapped[bool] = mapped_column(default=False)
    platform_tie: Mapped[str] = mapped_column(sa.String(300), default="")
    is_sponsored: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(16), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    vendor: Mapped[Vendor] = relationship(back_populates="offers")
    platforms: Mapped[list[Platform]] = relationship(secondary=offer_platform,
                                                     order_by="Platform.name")
    # Where workers can use it, remote or in person: a remote offer reaches only these places.
    areas: Mapped[list["OfferArea"]] = relationship(cascade="all, delete-orphan",
                                                    order_by="OfferArea.name")


class OfferArea(db.Model):
    """A country or region whose workers an offer serves (resolved like the discovery place)."""

    __table_args__ = (sa.UniqueConstraint("offer_id", "name", name="uq_offer_area_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offer.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)  # "Texas, United States"
    country_code: Mapped[str] = mapped_column(sa.String(2), index=True)
    kind: Mapped[str] = mapped_column(sa.String(8))  # city, region or country


class VendorReview(db.Model):
    """A worker's rating of a vendor (one per worker and vendor, editable)."""

    __table_args__ = (
        sa.UniqueConstraint("vendor_id", "user_id", name="uq_vendor_review_vendor_user"),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),
        sa.CheckConstraint(f"status IN {VENDOR_REVIEW_STATUSES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vendor.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    stars: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(8), default="visible")
    helpful_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship()
    author: Mapped[User | None] = relationship()


class VendorReviewVote(VoteColumns, db.Model):
    item_table = "vendor_review"


class VendorReviewFlag(FlagColumns, db.Model):
    __table_args__ = (
        sa.UniqueConstraint("review_id", "user_id", name="uq_vendor_review_flag_once"),
    )
    item_table = "vendor_review"
