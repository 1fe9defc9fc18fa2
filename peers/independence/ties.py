"""Which platforms a person is tied to: the one they represent, and those a vendor's offers
disclose a tie with. Read by services that must refuse a tied person."""

from typing import Any

import sqlalchemy as sa

from peers.extensions import db
from peers.marketplace.models import Offer, Vendor, offer_platform


def tied_platform_ids(user: Any) -> set[int]:
    """Platform ids this person may not moderate about or campaign about."""
    if not getattr(user, "is_authenticated", False):
        return set()
    tied = {user.represents_platform_id} - {None}
    vendor_ties = (
        sa.select(offer_platform.c.platform_id)
        .join(Offer, Offer.id == offer_platform.c.offer_id)
        .join(Vendor, Vendor.id == Offer.vendor_id)
        .where(Vendor.owner_id == user.id, Offer.platform_tie != "")
    )
    tied.update(db.session.scalars(vendor_ties))
    return tied
