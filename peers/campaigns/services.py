"""Writes of campaigns, supports, updates and responses. Flush, never commit.

Who may do what is checked here, not only in the views: only confirmed accounts start or
support a campaign; only its organizer posts updates; only a platform's verified
representative responds, once per platform, and edits keep their history; a person tied to a
platform (its representative, or a vendor whose offers disclose a tie with it) cannot start a
campaign about it.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peers.accounts.models import User
from peers.campaigns.models import (
    TEXT_MAX,
    Campaign,
    CampaignSupport,
    CampaignTag,
    CampaignUpdate,
    CampaignUpdateVersion,
)
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.errors import Forbidden, NotFound, Refused
from peers.extensions import db
from peers.independence.ties import tied_platform_ids

ALREADY_SUPPORTED = "You already support this campaign; your support counts once."
NOT_CONFIRMED = ("Confirm your email address first: only confirmed members start or support "
                 "campaigns.")


@dataclass(frozen=True)
class CampaignData:
    """What an organizer wrote, already validated by CampaignForm."""

    title: str
    problem: str
    ask: str
    platform_ids: tuple[int, ...]
    tags: tuple[str, ...]
    country: str | None = None
    city: str | None = None


def _require_confirmed(user: User) -> None:
    if not user.is_confirmed:
        raise Forbidden(NOT_CONFIRMED)


def visible_campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.status != "visible":
        raise NotFound("There is no such campaign.")
    return campaign


def _platforms(platform_ids: tuple[int, ...]) -> list[Platform]:
    platforms = list(db.session.scalars(sa.select(Platform).where(
        Platform.id.in_(platform_ids), Platform.status == "active")))
    if not platforms or len(platforms) != len(set(platform_ids)):
        raise Refused("Choose the platforms this campaign is about (active ones only).",
                      "platforms")
    return platforms


def start(organizer: User, data: CampaignData) -> Campaign:
    """A confirmed member starts a campaign about platforms they are not tied to."""
    _require_confirmed(organizer)
    platforms = _platforms(data.platform_ids)
    tied = tied_platform_ids(organizer) & {p.id for p in platforms}
    if tied:
        names = ", ".join(p.name for p in platforms if p.id in tied)
        raise Forbidden(f"You are tied to {names} (as its representative or as a vendor), "
                        "so you cannot start a campaign about it.")
    campaign = Campaign(user_id=organizer.id, title=data.title, problem=data.problem,
                        ask=data.ask, country=data.country, city=data.city, platforms=platforms,
                        tag_rows=[CampaignTag(tag=tag) for tag in sorted(set(data.tags))])
    db.session.add(campaign)
    db.session.flush()
    return campaign


def _recount(campaign: Campaign) -> None:
    """The campaign's support count, from the rows (right even after a race or a deletion)."""
    count = (sa.select(sa.func.count()).select_from(CampaignSupport)
             .where(CampaignSupport.campaign_id == Campaign.id).scalar_subquery())
    db.session.execute(sa.update(Campaign).where(Campaign.id == campaign.id)
                       .values(support_count=count).execution_options(synchronize_session=False))
    db.session.refresh(campaign, ["support_count"])


def support(user: User, campaign: Campaign, platform_id: int | None, country: str | None,
            show_name: bool) -> CampaignSupport:
    """Count this person's support once. The unique key refuses a simultaneous second one."""
    _require_confirmed(user)
    if campaign.status != "visible":
        raise NotFound("There is no such campaign.")
    if platform_id is not None and platform_id not in {p.id for p in campaign.platforms}:
        raise Refused("Choose one of this campaign's platforms, or none.", "platform")
    exists = db.session.scalar(sa.select(sa.literal(True)).where(
        CampaignSupport.campaign_id == campaign.id, CampaignSupport.user_id == user.id))
    if exists:
        raise Refused(ALREADY_SUPPORTED)
    row = CampaignSupport(campaign_id=campaign.id, user_id=user.id, platform_id=platform_id,
                          country=country, show_name=show_name)
    db.session.add(row)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:  # the same person's other request came first
        raise Refused(ALREADY_SUPPORTED) from exc
    _recount(campaign)
    return row


def withdraw(user: User, campaign: Campaign) -> bool:
    """Withdraw this person's support; False when there was none."""
    removed = db.session.execute(sa.delete(CampaignSupport).where(
        CampaignSupport.campaign_id == campaign.id, CampaignSupport.user_id == user.id))
    _recount(campaign)
    return bool(removed.rowcount)


def _text(body: str, field: str = "body") -> str:
    body = (body or "").strip()
    if not body:
        raise Refused("Write something first.", field)
    if len(body) > TEXT_MAX:
        raise Refused(f"Keep it under {TEXT_MAX} characters.", field)
    return body


def require_organizer(user: User, campaign: Campaign) -> None:
    if campaign.status != "visible":
        raise NotFound("There is no such campaign.")
    if campaign.user_id != user.id:
        raise Forbidden("Only the campaign's organizer posts its updates.")


def require_representative(user: User, campaign: Campaign) -> None:
    if campaign.status != "visible":
        raise NotFound("There is no such campaign.")
    if not may_respond(user, campaign):
        raise Forbidden("Only a verified representative of a platform this campaign is about "
                        "can respond.")


def post_update(user: User, campaign: Campaign, body: str) -> CampaignUpdate:
    """The organizer's news to supporters."""
    require_organizer(user, campaign)
    update = CampaignUpdate(campaign_id=campaign.id, user_id=user.id, body=_text(body))
    db.session.add(update)
    db.session.flush()
    return update


def may_respond(user: User, campaign: Campaign) -> bool:
    platform_id = getattr(user, "represents_platform_id", None)
    return platform_id is not None and platform_id in {p.id for p in campaign.platforms}


def own_response(user: User, campaign: Campaign) -> CampaignUpdate | None:
    platform_id = getattr(user, "represents_platform_id", None)
    if platform_id is None:
        return None
    return db.session.scalar(sa.select(CampaignUpdate).where(
        CampaignUpdate.campaign_id == campaign.id, CampaignUpdate.platform_id == platform_id))


def respond(user: User, campaign: Campaign, body: str) -> CampaignUpdate:
    """A verified representative's one public response; an edit keeps the earlier text."""
    require_representative(user, campaign)
    body = _text(body)
    response = own_response(user, campaign)
    if response is None:
        response = CampaignUpdate(campaign_id=campaign.id, user_id=user.id, body=body,
                                  platform_id=user.represents_platform_id)
        db.session.add(response)
    elif response.body != body:
        db.session.add(CampaignUpdateVersion(update_id=response.id, version=response.version,
                                             body=response.body, written_at=response.updated_at))
        response.body, response.version = body, response.version + 1
        response.updated_at = utcnow()
    db.session.flush()
    return response


def release(user: User, keep: bool, **_extra) -> None:
    """An account goes: its supports go and counts follow; its campaigns and updates are kept
    under "a former member" or removed, as the person chose."""
    supported = list(db.session.scalars(sa.select(CampaignSupport.campaign_id)
                                        .where(CampaignSupport.user_id == user.id)))
    db.session.execute(sa.delete(CampaignSupport).where(CampaignSupport.user_id == user.id))
    if keep:
        db.session.execute(sa.update(Campaign).where(Campaign.user_id == user.id)
                           .values(user_id=None).execution_options(synchronize_session=False))
        db.session.execute(sa.update(CampaignUpdate).where(CampaignUpdate.user_id == user.id)
                           .values(user_id=None).execution_options(synchronize_session=False))
    else:
        db.session.execute(sa.delete(CampaignUpdate).where(CampaignUpdate.user_id == user.id))
        db.session.execute(sa.delete(Campaign).where(Campaign.user_id == user.id))
    db.session.flush()
    for campaign in db.session.scalars(sa.select(Campaign).where(Campaign.id.in_(supported))):
        _recount(campaign)
