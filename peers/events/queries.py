"""Reads of meetups: upcoming ones near a place first, one meetup, a person's answer, exports."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from peers.core import utcnow
from peers.events.models import Event, Rsvp
from peers.extensions import db
from peers.pagination import Page


def _upcoming() -> sa.Select:
    return sa.select(Event).where(Event.status == "visible", Event.cancelled_at.is_(None),
                                  Event.ends_at > utcnow())


def upcoming(page: int, per_page: int, city: str | None = None,
             country: str | None = None) -> Page:
    """Upcoming meetups: in the same city first, then the same country, then the rest; sooner
    first within each (platforms and organizer loaded: the list names them)."""
    stmt = _upcoming()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
    near = []
    if country:
        same_country = Event.country == country
        if city:
            near.append(sa.case((sa.and_(same_country,
                                         sa.func.lower(Event.city) == city.lower()), 0),
                                else_=1))
        near.append(sa.case((same_country, 0), else_=1))
    items = list(db.session.scalars(
        stmt.options(selectinload(Event.platforms), joinedload(Event.organizer))
        .order_by(*near, Event.starts_at, Event.id)
        .limit(per_page).offset((page - 1) * per_page)))
    return Page(items, page, per_page, total)


def feed(limit: int = 500) -> list[Event]:
    """Upcoming meetups for the calendar feed, soonest first."""
    return list(db.session.scalars(_upcoming().options(selectinload(Event.platforms))
                                   .order_by(Event.starts_at, Event.id).limit(limit)))


def event(event_id: int) -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.id == event_id).options(
        selectinload(Event.platforms), joinedload(Event.organizer)))


def own_rsvp(user, event_id: int) -> Rsvp | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Rsvp).where(Rsvp.event_id == event_id,
                                                   Rsvp.user_id == user.id))


def waiting_position(answer: Rsvp) -> int:
    """1 for the first person waiting."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Rsvp).where(
        Rsvp.event_id == answer.event_id, Rsvp.status == "waiting",
        sa.or_(Rsvp.created_at < answer.created_at,
               sa.and_(Rsvp.created_at == answer.created_at, Rsvp.id <= answer.id))))


def export_for_user(user_id: int) -> dict[str, Any]:
    organized = db.session.scalars(sa.select(Event).where(Event.user_id == user_id)
                                   .order_by(Event.id))
    answers = db.session.execute(sa.select(Rsvp, Event.title).join(Event)
                                 .where(Rsvp.user_id == user_id).order_by(Rsvp.id))
    return {
        "meetups_organized": [
            {"id": e.id, "title": e.title, "details": e.details, "city": e.city,
             "country": e.country, "venue": e.venue, "online_url": e.online_url,
             "starts_at": e.starts_at.isoformat() + "Z", "ends_at": e.ends_at.isoformat() + "Z",
             "timezone": e.timezone, "capacity": e.capacity, "topics": e.topics,
             "status": e.status, "cancelled": e.is_cancelled} for e in organized],
        "meetup_answers": [{"event_id": r.event_id, "title": title, "status": r.status,
                            "at": r.created_at.isoformat() + "Z"} for r, title in answers],
    }
