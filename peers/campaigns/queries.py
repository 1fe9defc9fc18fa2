"""Reads of campaigns: lists, one campaign with its public counts, what is delivered, exports."""

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.accounts.models import User
from peers.campaigns.models import (
    Campaign,
    CampaignFlag,
    CampaignSupport,
    CampaignTag,
    CampaignUpdate,
    CampaignUpdateFlag,
    CampaignUpdateVersion,
    campaign_platform,
)
from peers.core import plain_row
from peers.discovery.models import Platform
from peers.extensions import db
from peers.pagination import Page

SORTS = {"supported": "Most supported", "newest": "Newest"}


def _listing(platform: str | None, tag: str | None, country: str | None) -> sa.Select:
    stmt = sa.select(Campaign).where(Campaign.status == "visible")
    if platform:
        stmt = stmt.where(Campaign.id.in_(
            sa.select(campaign_platform.c.campaign_id)
            .join(Platform, Platform.id == campaign_platform.c.platform_id)
            .where(Platform.slug == platform)))
    if tag:
        stmt = stmt.where(Campaign.id.in_(
            sa.select(CampaignTag.campaign_id).where(CampaignTag.tag == tag)))
    if country:
        stmt = stmt.where(Campaign.country == country)
    return stmt


def campaigns(page: int, per_page: int, sort: str = "supported", platform: str | None = None,
              tag: str | None = None, country: str | None = None) -> Page:
    """Visible campaigns, most supported (or newest) first, with platforms and tags loaded."""
    stmt = _listing(platform, tag, country)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    order = ((Campaign.created_at.desc(), Campaign.id.desc()) if sort == "newest"
             else (Campaign.support_count.desc(), Campaign.id.desc()))
    items = list(db.session.scalars(
        stmt.options(selectinload(Campaign.platforms), selectinload(Campaign.tag_rows))
        .order_by(*order).limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def counts_by_issue() -> dict[tuple[str, str], int]:
    """Visible campaigns per (platform slug, issue tag), for the issue map's links (one query)."""
    rows = db.session.execute(
        sa.select(Platform.slug, CampaignTag.tag, sa.func.count())
        .select_from(campaign_platform)
        .join(Platform, Platform.id == campaign_platform.c.platform_id)
        .join(CampaignTag, CampaignTag.campaign_id == campaign_platform.c.campaign_id)
        .join(Campaign, Campaign.id == CampaignTag.campaign_id)
        .where(Campaign.status == "visible")
        .group_by(Platform.slug, CampaignTag.tag))
    return {(slug, tag): count for slug, tag, count in rows}


def campaign(campaign_id: int) -> Campaign | None:
    return db.session.scalar(
        sa.select(Campaign).where(Campaign.id == campaign_id)
        .options(joinedload(Campaign.organizer), selectinload(Campaign.platforms),
                 selectinload(Campaign.tag_rows)))


@dataclass
class Counts:
    total: int
    by_platform: list[tuple[str, int]]  # (platform name, supporters working on it)
    not_on_these: int  # supporters who work on none of the campaign's platforms
    by_country: list[tuple[str, int]]  # (country code, supporters), largest first
    no_country: int
    named: list[str] = field(default_factory=list)  # names of those who chose to be named


def counts(item: Campaign) -> Counts:
    """The public counts of a campaign's support (three grouped queries)."""
    support = CampaignSupport
    by_platform = db.session.execute(
        sa.select(Platform.name, sa.func.count()).select_from(support)
        .join(Platform, Platform.id == support.platform_id)
        .where(support.campaign_id == item.id).group_by(Platform.name)
        .order_by(sa.func.count().desc(), Platform.name)).all()
    by_country = db.session.execute(
        sa.select(support.country, sa.func.count()).where(support.campaign_id == item.id)
        .group_by(support.country).order_by(sa.func.count().desc(), support.country)).all()
    named = list(db.session.scalars(
        sa.select(User.display_name).select_from(support).join(User, support.user_id == User.id)
        .where(support.campaign_id == item.id, support.show_name.is_(True),
               User.display_name != "")
        .order_by(support.created_at, support.id)))
    on_platforms = sum(count for _name, count in by_platform)
    no_country = sum(count for code, count in by_country if code is None)
    return Counts(
        total=item.support_count,
        by_platform=[(name, count) for name, count in by_platform],
        not_on_these=item.support_count - on_platforms,
        by_country=[(code, count) for code, count in by_country if code is not None],
        no_country=no_country, named=named)


def own_support(user: Any, campaign_id: int) -> CampaignSupport | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(CampaignSupport).where(
        CampaignSupport.campaign_id == campaign_id, CampaignSupport.user_id == user.id))


def updates(campaign_id: int) -> tuple[list[CampaignUpdate], list[CampaignUpdate]]:
    """Visible updates (newest first) and representatives' responses, with authors loaded."""
    rows = list(db.session.scalars(
        sa.select(CampaignUpdate)
        .where(CampaignUpdate.campaign_id == campaign_id, CampaignUpdate.status == "visible")
        .options(joinedload(CampaignUpdate.platform), joinedload(CampaignUpdate.author),
                 joinedload(CampaignUpdate.campaign))
        .order_by(CampaignUpdate.created_at.desc(), CampaignUpdate.id.desc())))
    return ([u for u in rows if not u.is_response], [u for u in rows if u.is_response])


def response_versions(update_ids: list[int]) -> dict[int, list[CampaignUpdateVersion]]:
    """Earlier texts of these responses, newest first (one query)."""
    found: dict[int, list[CampaignUpdateVersion]] = {}
    if update_ids:
        for row in db.session.scalars(
            sa.select(CampaignUpdateVersion).where(CampaignUpdateVersion.update_id.in_(update_ids))
            .order_by(CampaignUpdateVersion.version.desc())):
            found.setdefault(row.update_id, []).append(row)
    return found


def export_for_user(user_id: int) -> dict[str, Any]:
    """The person's campaigns, supports and updates, for the account export."""
    started = db.session.scalars(sa.select(Campaign).where(Campaign.user_id == user_id)
                                 .options(selectinload(Campaign.platforms)))
    supports = db.session.scalars(sa.select(CampaignSupport)
                                  .where(CampaignSupport.user_id == user_id))
    updates_ = db.session.scalars(sa.select(CampaignUpdate)
                                  .where(CampaignUpdate.user_id == user_id))
    return {
        "campaigns_started": [
            {**plain_row(c, ("id", "title", "problem", "ask", "country", "city", "status",
                             "created_at")),
             "platforms": [p.slug for p in c.platforms]} for c in started],
        "campaigns_supported": [
            plain_row(s, ("campaign_id", "platform_id", "country", "show_name", "created_at"))
            for s in supports],
        "campaign_updates": [
            plain_row(u, ("id", "campaign_id", "platform_id", "body", "version", "status",
                          "created_at")) for u in updates_],
        "campaign_reports": [
            {"about": about, **plain_row(f, ("review_id", "reason", "created_at"))}
            for about, model in (("campaign", CampaignFlag),
                                 ("campaign_update", CampaignUpdateFlag))
            for f in db.session.scalars(sa.select(model).where(model.user_id == user_id))],
    }
