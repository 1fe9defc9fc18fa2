"""Meetups as a kind of contribution: anyone logged in can report one to the moderators, who
hide, keep or restore it as they do reviews (peers.community). People answer a meetup
(peers.events.services); they do not vote it helpful."""

from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from peers.community.kinds import Kind
from peers.events.models import Event, EventFlag

EVENTS = Kind(
    name="event", blueprint="events", model=Event, vote_model=None,
    flag_model=EventFlag, decision_column="event_id",
    decide_endpoint="events.decide",
    subject=lambda event: event.title,
    label=lambda event: f"the meetup “{event.title}”",
    page_url=lambda event: url_for("events.show", event_id=event.id),
    load_options=lambda: (joinedload(Event.organizer), selectinload(Event.platforms)),
    excerpt_template="events/_excerpt.html",
    moderation_template="events/_moderation.html",
    plural="meetups", singular="meetup", left_out_of="list or calendar",
    form_key="event", anchor="event", noun="meetup",
    unpublished="This meetup is not published.",
    platform_ids=lambda event: {platform.id for platform in event.platforms},
)
