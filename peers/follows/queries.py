"""Reads of follows: a person's list, whether they follow something, their export."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peers.extensions import db
from peers.follows.models import DigestSetting, Follow


def following(user_id: int) -> list[Follow]:
    """What the person follows, platforms then campaigns, each loaded with its item (the page
    names every one of them)."""
    return list(db.session.scalars(
        sa.select(Follow).where(Follow.user_id == user_id)
        .options(selectinload(Follow.platform), selectinload(Follow.campaign))
        .order_by(Follow.platform_id.is_(None), Follow.created_at)))


def setting(user_id: int) -> DigestSetting | None:
    return db.session.get(DigestSetting, user_id)


def follows(user, platform_id: int | None = None, campaign_id: int | None = None) -> bool:
    """Whether the logged-in person follows this platform or campaign (False when anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return False
    column, value = ((Follow.platform_id, platform_id) if platform_id is not None
                     else (Follow.campaign_id, campaign_id))
    return db.session.scalar(sa.select(sa.literal(True)).where(
        Follow.user_id == user.id, column == value)) is not None


def export_for_user(user_id: int) -> dict[str, Any]:
    rows = following(user_id)
    digest = setting(user_id)
    return {"follows": {
        "digest": digest.frequency if digest else None,
        "platforms": [{"platform": f.platform.slug, "since": f.created_at.isoformat()}
                      for f in rows if f.platform is not None],
        "campaigns": [{"campaign_id": f.campaign_id, "title": f.campaign.title,
                       "since": f.created_at.isoformat()}
                      for f in rows if f.campaign is not None],
    }}
