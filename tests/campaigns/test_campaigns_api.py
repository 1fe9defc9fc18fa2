"""/api/v1/campaigns: the public list and one campaign with its counts, as the OpenAPI
document says; supporters' names only when they chose."""

from peers.accounts.models import User
from peers.campaigns import services
from peers.campaigns.models import Campaign
from peers.extensions import db
from tests.factories import platform_id
from tests.helpers import validated_get


def make(app, organizer, title: str, slugs=("rover",)) -> int:
    with app.app_context():
        campaign = services.start(db.session.get(User, organizer.id), services.CampaignData(
            title=title, problem="Problem.", ask="Ask.", tags=("late-pay",),
            platform_ids=tuple(platform_id(app, s) for s in slugs)))
        db.session.commit()
        return campaign.id


def support(app, user, campaign_id, named: bool) -> None:
    with app.app_context():
        services.support(db.session.get(User, user.id), db.session.get(Campaign, campaign_id),
                         platform_id(app, "rover"), "FR", named)
        db.session.commit()


def test_the_list_and_one_campaign_follow_the_document(small_app, small_client, make_user,
                                                       openapi):
    organizer = make_user(small_app)
    quiet = make(small_app, organizer, "Quiet one", ("airbnb",))
    loud = make(small_app, organizer, "Loud one")
    support(small_app, make_user(small_app, display_name="Named Person"), loud, True)
    support(small_app, make_user(small_app, display_name="Hidden Person"), loud, False)
    listing = validated_get(small_client, openapi, "/api/v1/campaigns").get_json()
    assert [c["id"] for c in listing["campaigns"]] == [loud, quiet]  # most supported first
    assert listing["campaigns"][0]["supporters"] == 2
    newest = validated_get(small_client, openapi, "/api/v1/campaigns?sort=newest").get_json()
    assert [c["id"] for c in newest["campaigns"]] == [loud, quiet]
    only = validated_get(small_client, openapi, "/api/v1/campaigns?platform=airbnb").get_json()
    assert [c["id"] for c in only["campaigns"]] == [quiet]
    one = validated_get(small_client, openapi, f"/api/v1/campaigns/{loud}").get_json()
    assert one["counts"]["by_country"] == [{"country": "FR", "supporters": 2}]
    assert one["counts"]["named_supporters"] == ["Named Person"]
    assert "Hidden Person" not in str(one)


def test_bad_parameters_and_unknown_campaigns(small_client, openapi):
    assert small_client.get("/api/v1/campaigns?sort=loudest").status_code == 400
    assert small_client.get("/api/v1/campaigns?issue=nope").status_code == 400
    assert small_client.get("/api/v1/campaigns?colour=red").status_code == 400
    validated_get(small_client, openapi, "/api/v1/campaigns/999", status=404)
