"""Writes of follows and digest settings. Flush, never commit; who may do what is checked here.

Anyone with an account may follow a platform (active or not: a closing platform is news) or a
visible campaign, once each. The first follow starts the person's digest (weekly unless they
choose daily); a digest tells only what happened after the person started following.
"""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peers.accounts.models import User
from peers.campaigns.models import Campaign
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.errors import NotFound, Refused
from peers.extensions import db
from peers.follows.models import FREQUENCIES, DigestSetting, Follow

ALREADY = "You already follow this."
MAX_FOLLOWS = 200


def platform_facts(platform: Platform) -> dict:
    """The facts a digest compares from one digest to the next."""
    return {"fee": platform.fee, "advertised_pay": platform.advertised_pay}


def setting_of(user: User) -> DigestSetting:
    """The person's digest setting, made (weekly, news from now on) on first use."""
    setting = db.session.get(DigestSetting, user.id)
    if setting is None:
        setting = DigestSetting(user_id=user.id, frequency="weekly", news_since=utcnow())
        db.session.add(setting)
        db.session.flush()
    return setting


def _add(user: User, follow: Follow) -> Follow:
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Follow)
                              .where(Follow.user_id == user.id))
    if count >= MAX_FOLLOWS:
        raise Refused(f"You follow {MAX_FOLLOWS} things already: unfollow some first.")
    setting_of(user)
    db.session.add(follow)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:  # the same person's other request came first
        raise Refused(ALREADY) from exc
    return follow


def follow_platform(user: User, platform: Platform | None) -> Follow:
    if platform is None:
        raise NotFound("There is no such platform.")
    if db.session.scalar(sa.select(Follow.id).where(Follow.user_id == user.id,
                                                    Follow.platform_id == platform.id)):
        raise Refused(ALREADY)
    return _add(user, Follow(user_id=user.id, platform_id=platform.id,
                             facts_seen=platform_facts(platform)))


def follow_campaign(user: User, campaign: Campaign | None) -> Follow:
    if campaign is None or campaign.status != "visible":
        raise NotFound("There is no such campaign.")
    if db.session.scalar(sa.select(Follow.id).where(Follow.user_id == user.id,
                                                    Follow.campaign_id == campaign.id)):
        raise Refused(ALREADY)
    return _add(user, Follow(user_id=user.id, campaign_id=campaign.id))


def unfollow(user: User, platform_id: int | None = None, campaign_id: int | None = None) -> bool:
    """Stop following; False when the person was not following it."""
    column, value = ((Follow.platform_id, platform_id) if platform_id is not None
                     else (Follow.campaign_id, campaign_id))
    removed = db.session.execute(sa.delete(Follow).where(Follow.user_id == user.id,
                                                         column == value))
    return bool(removed.rowcount)


def set_frequency(user: User, frequency: str) -> DigestSetting:
    if frequency not in FREQUENCIES:
        raise Refused("Choose daily, weekly or no digest.", "frequency")
    setting = setting_of(user)
    if setting.frequency == "off" and frequency != "off":
        setting.news_since = utcnow()  # back on: news from now, not from before the pause
    setting.frequency = frequency
    db.session.flush()
    return setting


def unsubscribe(user_id: int) -> bool:
    """No more digests for this account (its follows stay); False when none was on."""
    changed = db.session.execute(sa.update(DigestSetting).where(
        DigestSetting.user_id == user_id, DigestSetting.frequency != "off")
        .values(frequency="off"))
    return bool(changed.rowcount)


def release(user: User, **_extra) -> None:
    """An account goes: its follows and its digest setting go with it."""
    db.session.execute(sa.delete(Follow).where(Follow.user_id == user.id))
    db.session.execute(sa.delete(DigestSetting).where(DigestSetting.user_id == user.id))
    db.session.flush()
