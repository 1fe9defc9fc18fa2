"""Writes of meetups and RSVPs. Flush, never commit; who may do what is checked here.

Only confirmed accounts create a meetup; it must start in the future and end after it starts,
in a time zone zoneinfo knows. Each person answers once: going while places are left, else
waiting. When someone going cancels, the first person waiting moves up and is told by mail;
when the organizer cancels the meetup, everyone going or waiting is told.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from peers.accounts.emails import site_link
from peers.accounts.mail import send_mail
from peers.accounts.models import User
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.errors import Forbidden, NotFound, Refused
from peers.events.models import CAPACITY_MAX, TITLE_MAX, Event, Rsvp
from peers.extensions import db
from peers.tasks import site_request

ALREADY = "You have already answered for this meetup: you are on its list once."
NOT_CONFIRMED = "Confirm your email address first: only confirmed members organize meetups."


@dataclass(frozen=True)
class EventData:
    """What an organizer wrote; times are local to `timezone` (naive)."""

    title: str
    city: str
    country: str
    starts: datetime
    ends: datetime
    timezone: str
    capacity: int
    venue: str | None = None
    online_url: str | None = None
    details: str = ""
    platform_ids: tuple[int, ...] = ()
    topics: tuple[str, ...] = ()


def zone(name: str) -> ZoneInfo:
    """The zoneinfo zone of that name; Refused naming the field when there is none."""
    try:
        if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Refused(f"“{name[:64]}” is not a time zone we know: use a name such as "
                      "Europe/Paris or America/New_York.", "timezone") from exc


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def _check(data: EventData) -> tuple[datetime, datetime]:
    if not data.title.strip() or len(data.title) > TITLE_MAX:
        raise Refused(f"Give the meetup a title of at most {TITLE_MAX} characters.", "title")
    if not (data.venue or data.online_url):
        raise Refused("Say where: a venue, an online link, or both.", "venue")
    if not 1 <= data.capacity <= CAPACITY_MAX:
        raise Refused(f"Capacity is a number from 1 to {CAPACITY_MAX}.", "capacity")
    tz = zone(data.timezone)
    starts, ends = to_utc(data.starts, tz), to_utc(data.ends, tz)
    if starts <= utcnow():
        raise Refused("This time is in the past: a meetup starts in the future.", "starts")
    if ends <= starts:
        raise Refused("The meetup must end after it starts.", "ends")
    return starts, ends


def create(organizer: User, data: EventData) -> Event:
    """A confirmed member organizes a meetup."""
    if not organizer.is_confirmed:
        raise Forbidden(NOT_CONFIRMED)
    starts, ends = _check(data)
    platforms = list(db.session.scalars(sa.select(Platform).where(
        Platform.id.in_(data.platform_ids)))) if data.platform_ids else []
    if len(platforms) != len(set(data.platform_ids)):
        raise Refused("Choose platforms from the list.", "platforms")
    event = Event(user_id=organizer.id, title=data.title.strip(), details=data.details,
                  city=data.city, country=data.country, venue=data.venue,
                  online_url=data.online_url, starts_at=starts, ends_at=ends,
                  timezone=data.timezone, capacity=data.capacity, platforms=platforms,
                  topics=sorted(set(data.topics)))
    db.session.add(event)
    db.session.flush()
    return event


def open_event(event_id: int) -> Event:
    """A published meetup, locked for this transaction (places are counted under the lock)."""
    event = db.session.scalar(sa.select(Event).where(Event.id == event_id).with_for_update())
    if event is None or event.status != "visible":
        raise NotFound("There is no such meetup.")
    return event


def _recount(event: Event) -> None:
    def counted(status):
        return (sa.select(sa.func.count()).select_from(Rsvp)
                .where(Rsvp.event_id == Event.id, Rsvp.status == status).scalar_subquery())

    db.session.execute(sa.update(Event).where(Event.id == event.id)
                       .values(going_count=counted("going"), waiting_count=counted("waiting"))
                       .execution_options(synchronize_session=False))
    db.session.refresh(event, ["going_count", "waiting_count"])


def rsvp(user: User, event: Event) -> Rsvp:
    """Going while places are left, else waiting; once per person."""
    if event.is_cancelled:
        raise Refused("This meetup is cancelled.")
    if event.ends_at <= utcnow():
        raise Refused("This meetup is over.")
    if db.session.scalar(sa.select(Rsvp.id).where(Rsvp.event_id == event.id,
                                                  Rsvp.user_id == user.id)):
        raise Refused(ALREADY)
    status = "going" if event.going_count < event.capacity else "waiting"
    answer = Rsvp(event_id=event.id, user_id=user.id, status=status)
    db.session.add(answer)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:  # the same person's other request came first
        raise Refused(ALREADY) from exc
    _recount(event)
    return answer


def _mail(to: User, event: Event, subject: str, template: str) -> None:
    with site_request():  # also from a command (an account deleted by an operator)
        send_mail(to.email, subject, render_template(
            f"events/mail/{template}", user=to, event=event,
            link=site_link("events.show", event_id=event.id)))


def _move_up(event: Event) -> Rsvp | None:
    """The first person waiting takes a free place, and is told."""
    if event.going_count >= event.capacity or event.is_cancelled:
        return None
    first = db.session.scalar(sa.select(Rsvp).where(Rsvp.event_id == event.id,
                                                    Rsvp.status == "waiting")
                              .order_by(Rsvp.created_at, Rsvp.id).limit(1))
    if first is None:
        return None
    first.status = "going"
    db.session.flush()
    _recount(event)
    _mail(first.user, event, f"A place for you at “{event.title}”", "moved_up.txt")
    return first


def withdraw(user: User, event: Event) -> bool:
    """The person is no longer going (or waiting); the first waiting moves up. False when
    they had not answered."""
    removed = db.session.execute(sa.delete(Rsvp).where(Rsvp.event_id == event.id,
                                                       Rsvp.user_id == user.id))
    _recount(event)
    if removed.rowcount:
        _move_up(event)
    return bool(removed.rowcount)


def cancel(user: User, event: Event) -> None:
    """The organizer cancels the meetup; everyone going or waiting is told by mail."""
    if event.user_id != user.id:
        raise Forbidden("Only the meetup's organizer can cancel it.")
    if event.is_cancelled:
        raise Refused("This meetup is already cancelled.")
    event.cancelled_at = utcnow()
    db.session.flush()
    for answer in db.session.scalars(sa.select(Rsvp).where(Rsvp.event_id == event.id)
                                     .options(joinedload(Rsvp.user))):
        _mail(answer.user, event, f"Cancelled: “{event.title}”", "cancelled.txt")


def release(user: User, keep: bool, **_extra) -> None:
    """An account goes: its answers go (the first waiting move up); its meetups are kept under
    "a former member" or removed, as the person chose."""
    answered = list(db.session.scalars(sa.select(Rsvp.event_id).where(Rsvp.user_id == user.id)))
    db.session.execute(sa.delete(Rsvp).where(Rsvp.user_id == user.id))
    if keep:
        db.session.execute(sa.update(Event).where(Event.user_id == user.id)
                           .values(user_id=None).execution_options(synchronize_session=False))
    else:
        db.session.execute(sa.delete(Event).where(Event.user_id == user.id))
    db.session.flush()
    for event in db.session.scalars(sa.select(Event).where(Event.id.in_(answered))):
        _recount(event)
        _move_up(event)
