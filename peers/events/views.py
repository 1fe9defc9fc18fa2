"""Routes of meetups (HTTP only: forms in, services and queries out)."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peers.community.views import add_actions
from peers.discovery import queries as discovery_queries
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.errors import Refused, commit_or_show, refused_as_http
from peers.events import calendar, queries, services
from peers.events.forms import ActionForm, EventForm
from peers.events.kind import EVENTS
from peers.extensions import db, limiter
from peers.moderation.views import decide_about
from peers.pagination import InvalidParameter, page_arg

bp = Blueprint("events", __name__)
PER_PAGE = 20
NEAR_MAX = 120
EXPIRED = "The form expired. Go back, reload the page and try again."

add_actions(bp, EVENTS, "/events")
bp.add_url_rule("/moderation/events/<int:review_id>/decide", "decide", decide_about("event"),
                methods=["POST"])


def _me():
    return current_user._get_current_object()


@bp.get("/events")
def index():
    near = (request.args.get("near") or "").strip()
    if len(near) > NEAR_MAX:
        raise InvalidParameter("near", f"near is too long (at most {NEAR_MAX} characters).")
    place = None
    if near:
        try:
            place = resolve_place(near)
        except PlaceNotFound as exc:
            raise InvalidParameter("near", str(exc)) from None
    city = place.name.split(",")[0] if place and place.kind == "city" else None
    found = queries.upcoming(page_arg(), PER_PAGE, city, place.country_code if place else None)
    return render_template("events/index.html", events=found, near=near, place=place)


@bp.get("/events.ics")
def feed():
    body = calendar.calendar(queries.feed(), "Peers meetups")
    return Response(body, mimetype="text/calendar")


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per hour", methods=["POST"])
def new():
    choices = discovery_queries.platform_names(active_only=True)
    form = EventForm(platform_choices=choices)
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate():
            country, city = form.resolved_place()
            ids = discovery_queries.platforms_by_slug(list(form.platforms.data or ()))
            data = services.EventData(
                title=form.title.data, city=city or form.place.data.split(",")[0],
                country=country, starts=form.starts.data, ends=form.ends.data,
                timezone=form.timezone.data, capacity=form.capacity.data,
                venue=form.venue.data or None, online_url=form.online_url.data or None,
                details=form.details.data or "",
                platform_ids=tuple(p.id for p in ids.values()),
                topics=tuple(form.topics.data or ()))
            event, status = commit_or_show(form, lambda: services.create(_me(), data))
            if status is None:
                flash("Your meetup is published.", "success")
                return redirect(url_for("events.show", event_id=event.id))
    return render_template("events/form.html", form=form), status


def _visible_or_404(event_id: int):
    event = queries.event(event_id)
    if event is None or event.status != "visible":
        abort(404)
    return event


@bp.get("/events/<int:event_id>")
def show(event_id: int):
    event = _visible_or_404(event_id)
    own = queries.own_rsvp(_me(), event.id)
    position = queries.waiting_position(own) if own and own.status == "waiting" else None
    return render_template("events/show.html", event=event, own=own, position=position,
                           action_form=ActionForm(formdata=None),
                           is_organizer=_me().is_authenticated and event.user_id == _me().id)


@bp.get("/events/<int:event_id>.ics")
def ics(event_id: int):
    event = _visible_or_404(event_id)
    return Response(calendar.calendar([event], event.title), mimetype="text/calendar",
                    headers={"Content-Disposition":
                             f"attachment; filename=peers-meetup-{event.id}.ics"})


def _act(event_id: int, write, done: str):
    if not ActionForm().validate():
        abort(400, description=EXPIRED)
    try:
        with refused_as_http():
            event = services.open_event(event_id)
            write(event)
            db.session.commit()
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("events.show", event_id=event_id)), 409
    flash(done, "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/events/<int:event_id>/rsvp")
@login_required
@limiter.limit("30 per hour")
def rsvp(event_id: int):
    return _act(event_id, lambda event: services.rsvp(_me(), event),
                "Your answer is saved: see below whether you have a place or are waiting.")


@bp.post("/events/<int:event_id>/withdraw")
@login_required
@limiter.limit("30 per hour")
def withdraw(event_id: int):
    return _act(event_id, lambda event: services.withdraw(_me(), event),
                "You are no longer on this meetup's list.")


@bp.post("/events/<int:event_id>/cancel")
@login_required
@limiter.limit("10 per hour")
def cancel(event_id: int):
    return _act(event_id, lambda event: services.cancel(_me(), event),
                "The meetup is cancelled; everyone on its list is told by mail.")
