"""Meetups as workers use them: organize, RSVP once, the waiting list and moving up by mail,
cancelling, nearest first, iCalendar files, moderation, export and deletion, and bad input."""

import json
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from peers.accounts import services as accounts
from peers.accounts.models import User
from peers.core import utcnow
from peers.events import services
from peers.events.models import Event, EventFlag, Rsvp
from peers.extensions import db
from peers.moderation.models import ModerationDecision
from tests.factories import count, row
from tests.helpers import PASSWORD, login, mails, post, text_of

NEW = "/events/new"
SOON = (utcnow() + timedelta(days=10)).replace(hour=0, minute=0, second=0, microsecond=0)


def when(days: float = 10, hours: float = 18) -> str:
    return (SOON + timedelta(days=days - 10, hours=hours)).strftime("%Y-%m-%dT%H:%M")


FIELDS = {"title": "Couriers' coffee", "place": "Lyon", "venue": "Café de la Gare",
          "starts": when(hours=18), "ends": when(hours=20), "timezone": "Europe/Paris",
          "capacity": "2", "details": "Talk about waiting times.", "platforms": ["rover"],
          "topics": ["late-pay"]}


def organize(client, **changes):
    return post(client, NEW, NEW, **{**FIELDS, **changes})


def event_id_of(response) -> int:
    assert response.status_code == 302, text_of(response)
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def organizer(site, make_user):
    return make_user(site, display_name="Org", email="org@example.org")


@pytest.fixture
def meetup(site, organizer):
    client = site.test_client()
    login(client, organizer)
    return event_id_of(organize(client))


def person(site, make_user, name):
    client = site.test_client()
    user = make_user(site, display_name=name, email=f"{name.lower()}@example.org")
    login(client, user)
    return user, client


def test_a_confirmed_worker_organizes_a_meetup_shown_in_its_time_zone(site, meetup):
    page = text_of(site.test_client().get(f"/events/{meetup}"))
    assert "Couriers' coffee" in page and "Café de la Gare" in page
    assert f"{SOON:%Y-%m-%d} 18:00 to 20:00 (Europe/Paris)" in page
    assert "Lyon, France" in page and "0 of 2 places taken" in page
    stored = row(site, Event, meetup)
    # 18:00 in Paris is 16:00 or 17:00 UTC, depending on summer time.
    assert stored.starts_at.hour in (16, 17) and stored.ends_at - stored.starts_at == \
        timedelta(hours=2)
    assert "Couriers' coffee" in text_of(site.test_client().get("/events"))


@pytest.mark.parametrize("changes, field_error", [
    ({"title": ""}, "Give the meetup a title."),
    ({"title": "x" * 121}, "Field cannot be longer than 120 characters."),
    ({"details": "y" * 3001}, "Field cannot be longer than 3000 characters."),
    ({"place": ""}, "Say which city the meetup is in."),
    ({"place": "Xqzzyville"}, "Xqzzyville"),
    ({"timezone": "Mars/Olympus_Mons"}, "is not a time zone we know"),
    ({"timezone": "../../etc/passwd"}, "is not a time zone we know"),
    ({"ends": when(hours=17)}, "The meetup must end after it starts."),
    ({"ends": when(hours=18)}, "The meetup must end after it starts."),
    ({"starts": when(days=-20, hours=18), "ends": when(days=-20, hours=20)},
     "This time is in the past"),
    ({"capacity": "0"}, "A number from 1 to 10000."),
    ({"capacity": "10001"}, "A number from 1 to 10000."),
    ({"venue": "", "online_url": ""}, "Say where: a venue, an online link, or both."),
    ({"online_url": "javascript:alert(1)"}, "Give a full link, starting with https://"),
    ({"starts": "tomorrow"}, "Not a valid datetime value."),
    ({"platforms": ["no-such-platform"]}, "Choose platforms from the list."),
])
def test_bad_input_gets_a_clear_error_and_stores_nothing(site, organizer, changes, field_error):
    client = site.test_client()
    login(client, organizer)
    response = organize(client, **changes)
    assert response.status_code == 400
    assert field_error in text_of(response)
    assert count(site, Event) == 0


def test_an_unconfirmed_account_cannot_organize(site, make_user):
    client = site.test_client()
    login(client, make_user(site, confirmed=False))
    assert organize(client).status_code == 403
    assert count(site, Event) == 0


def test_rsvp_once_then_a_waiting_list_and_the_first_waiting_moves_up_by_mail(site, meetup,
                                                                            make_user):
    page = f"/events/{meetup}"
    ana, ana_client = person(site, make_user, "Ana")
    ben, ben_client = person(site, make_user, "Ben")
    cy, cy_client = person(site, make_user, "Cy")
    dee, dee_client = person(site, make_user, "Dee")
    for client in (ana_client, ben_client, cy_client, dee_client):
        assert post(client, f"{page}/rsvp", page).status_code == 302
    again = post(ana_client, f"{page}/rsvp", page)
    assert again.status_code == 409
    assert "you are on its list once" in text_of(ana_client.get(page))
    assert count(site, Rsvp) == 4
    shown = text_of(cy_client.get(page))
    assert "2 of 2 places taken" in shown and "2 waiting for a place" in shown
    assert "You are number 1 on the waiting list" in shown
    assert "You are number 2 on the waiting list" in text_of(dee_client.get(page))
    assert post(ana_client, f"{page}/withdraw", page).status_code == 302
    assert "You are going." in text_of(cy_client.get(page))
    assert "You are number 1 on the waiting list" in text_of(dee_client.get(page))
    [moved] = mails(site)
    assert moved["To"] == "cy@example.org"
    assert "A place for you" in moved["Subject"] and "you are now going" in moved.get_content()
    assert row(site, Event, meetup).going_count == 2 and row(site, Event, meetup).waiting_count == 1


def test_the_organizer_cancels_and_everyone_on_the_list_is_told(site, meetup, organizer,
                                                               make_user):
    page = f"/events/{meetup}"
    _ana, ana_client = person(site, make_user, "Ana")
    post(ana_client, f"{page}/rsvp", page)
    assert post(ana_client, f"{page}/cancel", page).status_code == 403  # not the organizer
    assert row(site, Event, meetup).cancelled_at is None
    client = site.test_client()
    login(client, organizer)
    assert post(client, f"{page}/cancel", page).status_code == 302
    assert "This meetup is cancelled." in text_of(client.get(page))
    [told] = mails(site)
    assert told["To"] == "ana@example.org" and "Cancelled" in told["Subject"]
    assert "Couriers' coffee" not in text_of(client.get("/events"))
    _ben, ben_client = person(site, make_user, "Ben")
    assert post(ben_client, f"{page}/rsvp", page).status_code == 409
    assert count(site, Rsvp) == 1


def test_rsvp_without_csrf_or_to_a_hidden_meetup_changes_nothing(site, meetup, make_user):
    _ana, ana_client = person(site, make_user, "Ana")
    assert ana_client.post(f"/events/{meetup}/rsvp").status_code == 400
    with site.app_context():
        db.session.get(Event, meetup).status = "hidden"
        db.session.commit()
    assert post(ana_client, f"/events/{meetup}/rsvp", "/events").status_code == 404
    assert count(site, Rsvp) == 0


def test_upcoming_meetups_near_the_worker_come_first(site, make_user):
    client = site.test_client()
    login(client, make_user(site))
    paris = event_id_of(organize(client, title="Paris meetup", place="Paris",
                                 starts=when(days=12), ends=when(days=12, hours=20)))
    lyon = event_id_of(organize(client, title="Lyon meetup", place="Lyon",
                                starts=when(days=14), ends=when(days=14, hours=20)))
    austin = event_id_of(organize(client, title="Austin meetup", place="Austin, Texas",
                                  timezone="America/Chicago",
                                  starts=when(days=11), ends=when(days=11, hours=20)))

    def order(url):
        page = client.get(url).get_data(as_text=True)
        return sorted((paris, lyon, austin), key=lambda i: page.index(f'id="event-{i}"'))

    assert order("/events") == [austin, paris, lyon]  # soonest first
    assert order("/events?near=Lyon") == [lyon, paris, austin]
    assert order("/events?near=France") == [paris, lyon, austin]
    bad = client.get("/events?near=Xqzzyville")
    assert bad.status_code == 400 and "Xqzzyville" in text_of(bad)
    assert client.get("/events?near=" + "x" * 121).status_code == 400


def test_each_meetup_has_an_ics_file_and_there_is_a_feed(site, meetup):
    client = site.test_client()
    response = client.get(f"/events/{meetup}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [entry] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Couriers' coffee"
    start = entry.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Paris"
    assert (start.hour, start.minute) == (18, 0)
    assert "Café de la Gare" in str(entry["LOCATION"])
    assert Calendar.from_ical(response.data).walk("VTIMEZONE")
    feed = Calendar.from_ical(client.get("/events.ics").data)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Couriers' coffee"]


def test_a_meetup_is_flagged_and_moderated_in_the_same_queue(site, meetup, make_user):
    page = f"/events/{meetup}"
    _ana, ana_client = person(site, make_user, "Ana")
    flagged = post(ana_client, f"{page}/flag", f"{page}/flag", reason="It is an advert.")
    assert flagged.status_code == 302
    assert count(site, EventFlag) == 1
    moderator = make_user(site, role="moderator")
    mod_client = site.test_client()
    login(mod_client, moderator)
    queue = text_of(mod_client.get("/moderation"))
    assert "Couriers' coffee" in queue
    decided = post(mod_client, f"/moderation/events/{meetup}/decide", "/moderation",
                   action="hide", reason="Advertising.")
    assert decided.status_code == 302
    assert site.test_client().get(page).status_code == 404
    assert count(site, ModerationDecision, event_id=meetup, action="hide") == 1


def test_meetups_are_exported_and_handled_by_account_deletion(site, meetup, organizer,
                                                             make_user):
    page = f"/events/{meetup}"
    ana, ana_client = person(site, make_user, "Ana")
    ben, ben_client = person(site, make_user, "Ben")
    cy, cy_client = person(site, make_user, "Cy")
    for client in (ana_client, ben_client, cy_client):
        post(client, f"{page}/rsvp", page)
    exported = json.loads(ana_client.get("/account/export").get_data(as_text=True))
    assert exported["meetup_answers"][0]["status"] == "going"
    org_client = site.test_client()
    login(org_client, organizer)
    mine = json.loads(org_client.get("/account/export").get_data(as_text=True))
    assert [e["title"] for e in mine["meetups_organized"]] == ["Couriers' coffee"]
    with site.app_context():  # Ana leaves: Cy moves up from the waiting list
        accounts.delete_account(db.session.get(User, ana.id), PASSWORD, keep_reviews=False)
        db.session.commit()
    assert count(site, Rsvp, user_id=cy.id, status="going") == 1
    assert any(m["To"] == "cy@example.org" for m in mails(site))
    with site.app_context():  # the organizer leaves, keeping the meetup as a former member's
        accounts.delete_account(db.session.get(User, organizer.id), PASSWORD, keep_reviews=True)
        db.session.commit()
    assert row(site, Event, meetup).user_id is None
    assert "a former member" in text_of(site.test_client().get(page))


def test_two_answers_at_once_from_one_account_count_once(site, meetup, make_user):
    ana, _client = person(site, make_user, "Ana")
    outcomes = []

    def answer():
        with site.app_context():
            try:
                services.rsvp(db.session.get(User, ana.id), services.open_event(meetup))
                db.session.commit()
                outcomes.append("counted")
            except (services.Refused, sa.exc.IntegrityError, sa.exc.OperationalError):
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["counted", "refused"]
    assert count(site, Rsvp) == 1 and row(site, Event, meetup).going_count == 1
