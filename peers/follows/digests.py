"""Digests: what is new on the platforms and campaigns a person follows, mailed daily or weekly.

A digest holds, since the person's last one: new visible reviews of followed platforms; facts
that changed (fee, pay claim) against what the platform row held at the last digest; an issue
reported at twice its 90-day rate or more; updates and responses of followed campaigns.
Nothing new: no mail. Each mail carries a signed one-click unsubscribe link, also in the
List-Unsubscribe header (RFC 8058). Run by the task worker every hour (peers.follows.tasks),
or by `flask peers send-digests`; the caller commits.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, render_template
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import contains_eager, selectinload

from peers.accounts.emails import site_link
from peers.accounts.mail import send_mail
from peers.accounts.models import User
from peers.campaigns.models import Campaign, CampaignUpdate
from peers.discovery.models import Platform
from peers.extensions import db
from peers.follows.models import PERIOD_DAYS, DigestSetting, Follow
from peers.follows.services import platform_facts
from peers.ratings.models import ISSUE_TAGS, Review, ReviewIssue
from peers.tasks import site_request

UNSUBSCRIBE_SALT = "peers-digest-unsubscribe"
BASELINE_DAYS = 90
SURGE_FACTOR, SURGE_MIN_REPORTS = 2, 2
FACT_LABELS = {"fee": "Fee", "advertised_pay": "Pay claim"}


@dataclass
class Digest:
    user: User
    reviews: list[tuple[Platform, int]] = field(default_factory=list)
    facts: list[tuple[Platform, str, str, str]] = field(default_factory=list)  # was, is now
    surges: list[tuple[Platform, str, int, float]] = field(default_factory=list)
    updates: list[CampaignUpdate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reviews or self.facts or self.surges or self.updates)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    return _serializer().dumps({"u": user.id})


def user_id_from_token(token: str) -> int | None:
    """The account a genuine unsubscribe link names; None for a forged or damaged one."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def _fact_text(fact: dict | None) -> str:
    return (fact or {}).get("text") or "not published"


def _review_counts(platform_ids, since, now) -> dict[int, int]:
    return dict(db.session.execute(
        sa.select(Review.platform_id, sa.func.count()).where(
            Review.platform_id.in_(platform_ids), Review.status == "visible",
            Review.created_at > since, Review.created_at <= now)
        .group_by(Review.platform_id)).all())


def _issue_counts(platform_ids, start, end) -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        sa.select(Review.platform_id, ReviewIssue.tag, sa.func.count())
        .join(ReviewIssue, ReviewIssue.review_id == Review.id)
        .where(Review.platform_id.in_(platform_ids), Review.status == "visible",
               Review.created_at > start, Review.created_at <= end)
        .group_by(Review.platform_id, ReviewIssue.tag))
    return {(platform_id, tag): count for platform_id, tag, count in rows}


def surges(platform_ids, since, now) -> list[tuple[int, str, int, float]]:
    """(platform, issue, reports since, reports expected at the 90-day rate) for each issue
    reported at SURGE_FACTOR times its rate of the 90 days before, or more."""
    days = max((now - since).total_seconds() / 86400, 1.0)
    recent = _issue_counts(platform_ids, since, now)
    baseline = _issue_counts(platform_ids, since - timedelta(days=BASELINE_DAYS), since)
    found = []
    for (platform_id, tag), count in sorted(recent.items()):
        expected = baseline.get((platform_id, tag), 0) * days / BASELINE_DAYS
        if count >= SURGE_MIN_REPORTS and count >= SURGE_FACTOR * expected:
            found.append((platform_id, tag, count, round(expected, 1)))
    return found


def build(user: User, follows: list[Follow], since: datetime, now: datetime) -> Digest:
    """What is new for this person since `since` (a handful of queries, whatever they follow)."""
    digest = Digest(user)
    platforms = {f.platform_id: f.platform for f in follows if f.platform is not None}
    if platforms:
        counts = _review_counts(list(platforms), since, now)
        digest.reviews = [(platforms[pid], n) for pid, n in counts.items()]
        for follow in follows:
            if follow.platform is None:
                continue
            seen, current = follow.facts_seen or {}, platform_facts(follow.platform)
            for key, label in FACT_LABELS.items():
                if _fact_text(seen.get(key)) != _fact_text(current.get(key)):
                    digest.facts.append((follow.platform, label, _fact_text(seen.get(key)),
                                         _fact_text(current.get(key))))
        digest.surges = [(platforms[pid], ISSUE_TAGS.get(tag, tag), count, expected)
                         for pid, tag, count, expected in surges(list(platforms), since, now)]
    campaign_ids = [f.campaign_id for f in follows if f.campaign_id is not None]
    if campaign_ids:
        digest.updates = list(db.session.scalars(
            sa.select(CampaignUpdate).join(Campaign)
            .where(CampaignUpdate.campaign_id.in_(campaign_ids),
                   CampaignUpdate.status == "visible", Campaign.status == "visible",
                   CampaignUpdate.created_at > since, CampaignUpdate.created_at <= now)
            .options(contains_eager(CampaignUpdate.campaign))
            .order_by(CampaignUpdate.created_at)))
    return digest


def due(now: datetime) -> list[DigestSetting]:
    """The settings whose daily or weekly digest is due at `now`."""
    conditions = [sa.and_(DigestSetting.frequency == name,
                          DigestSetting.news_since <= now - timedelta(days=days))
                  for name, days in PERIOD_DAYS.items()]
    return list(db.session.scalars(sa.select(DigestSetting).where(sa.or_(*conditions))
                                   .order_by(DigestSetting.user_id)))


def send(digest: Digest) -> None:
    link = site_link("follows.unsubscribe", token=unsubscribe_token(digest.user))
    body = render_template("follows/mail/digest.txt", digest=digest, unsubscribe=link,
                           following=site_link("follows.following"))
    send_mail(digest.user.email, "Peers: what is new on what you follow", body, headers={
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })


def send_due(now: datetime) -> int:
    """Mail every due digest that has news; mark them all done. Returns how many were mailed."""
    settings = due(now)
    if not settings:
        return 0
    user_ids = [s.user_id for s in settings]
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(user_ids)))}
    follows_of = defaultdict(list)
    for follow in db.session.scalars(
            sa.select(Follow).where(Follow.user_id.in_(user_ids))
            .options(selectinload(Follow.platform), selectinload(Follow.campaign))):
        follows_of[follow.user_id].append(follow)
    sent = 0
    with site_request():
        sent = _send_each(settings, users, follows_of, now)
    db.session.flush()
    return sent


def _send_each(settings, users, follows_of, now) -> int:
    sent = 0
    for setting in settings:
        follows = follows_of[setting.user_id]
        digest = build(users[setting.user_id], follows, setting.news_since, now)
        if digest:
            send(digest)
            setting.last_sent_at = now
            sent += 1
        setting.news_since = now
        for follow in follows:
            if follow.platform is not None:
                follow.facts_seen = platform_facts(follow.platform)
    return sent
