"""/api/v1/events: upcoming meetups as JSON, nearest first, valid against the OpenAPI document."""

from tests.events.test_events import event_id_of, organize, when
from tests.helpers import login, validated_get


def test_the_api_lists_upcoming_meetups_nearest_first(site, make_user, openapi):
    client = site.test_client()
    login(client, make_user(site))
    paris = event_id_of(organize(client, title="Paris meetup", place="Paris",
                                 starts=when(days=12), ends=when(days=12, hours=20)))
    austin = event_id_of(organize(client, title="Austin meetup", place="Austin, Texas",
                                  timezone="America/Chicago", online_url="https://meet.example/a",
                                  starts=when(days=11), ends=when(days=11, hours=20)))
    anonymous = site.test_client()
    listed = validated_get(anonymous, openapi, "/api/v1/events").get_json()
    assert [e["id"] for e in listed["events"]] == [austin, paris] and listed["total"] == 2
    near = validated_get(anonymous, openapi, "/api/v1/events?near=France").get_json()
    assert [e["id"] for e in near["events"]] == [paris, austin]
    first = near["events"][0]
    assert first["timezone"] == "Europe/Paris" and first["country"] == "FR"
    assert first["starts_at"].endswith("Z") and first["platforms"] == ["rover"]
    assert first["ics"].endswith(f"/events/{paris}.ics")


def test_the_api_refuses_bad_parameters_with_a_json_error(site, openapi):
    client = site.test_client()
    for url, field in (("/api/v1/events?near=Xqzzyville", "near"),
                       ("/api/v1/events?per_page=101", "per_page"),
                       ("/api/v1/events?city=Lyon", "city")):
        response = validated_get(client, openapi, url, status=400)
        assert response.get_json()["error"]["field"] == field
