"""Campaigns as workers use them: start, support once, withdraw, updates, one response per
platform with its history, public counts, delivery (print and CSV), and the refusals."""

import csv
import io
import re
import threading

import pytest
import sqlalchemy as sa

from peers.campaigns import services
from peers.campaigns.models import Campaign, CampaignSupport, CampaignUpdate
from peers.errors import Refused
from peers.extensions import db
from tests.factories import count, many_users, platform_id, write_platform_review
from tests.helpers import login, post, text_of

NEW = "/campaigns/new"
FIELDS = {"title": "Pay for waiting time", "problem": "We wait 20 minutes at restaurants unpaid.",
          "ask": "Pay a per-minute rate after 5 minutes of waiting.",
          "platforms": ["rover"], "tags": ["late-pay"]}


def start(client, **changes):
    return post(client, NEW, NEW, **{**FIELDS, **changes})


def campaign_id_of(response) -> int:
    return int(response.headers["Location"].rsplit("/", 1)[1])


@pytest.fixture
def organizer(small_app, make_user):
    return make_user(small_app, display_name="Ana")


@pytest.fixture
def campaign(small_app, small_client, organizer):
    login(small_client, organizer)
    response = start(small_client, place="Seattle")
    assert response.status_code == 302
    small_client.get("/")  # the client stays logged in as the organizer until a test logs in
    return campaign_id_of(response)


def test_a_confirmed_worker_starts_a_campaign_that_everyone_can_read(small_app, small_client,
                                                                      campaign):
    page = text_of(small_client.get(f"/campaigns/{campaign}"))
    assert "Pay for waiting time" in page
    assert "We wait 20 minutes at restaurants unpaid." in page
    assert "Seattle, United States" in page
    assert "0 supporters" in page
    listing = text_of(small_client.get("/campaigns"))
    assert "Pay for waiting time" in listing and "about Rover" in listing


def test_an_unconfirmed_account_cannot_start_one_and_nothing_is_stored(small_app, small_client,
                                                                       make_user):
    login(small_client, make_user(small_app, confirmed=False))
    response = start(small_client)
    assert response.status_code == 403
    assert count(small_app, Campaign) == 0


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Give the campaign a title."),
    ({"title": "x" * 121}, "Field cannot be longer than 120 characters."),
    ({"problem": "  "}, "Say what is wrong."),
    ({"ask": "y" * 5001}, "Field cannot be longer than 5000 characters."),
    ({"platforms": []}, "Choose at least one platform."),
    ({"platforms": ["no-such-platform"]}, "Choose platforms from the list."),
    ({"tags": ["not-a-tag"]}, "is not a valid choice"),
    ({"place": "Xqzzyville"}, "Xqzzyville"),
])
def test_bad_input_gets_a_field_error_and_stores_nothing(small_app, small_client, organizer,
                                                         changes, message):
    login(small_client, organizer)
    response = start(small_client, **changes)
    assert response.status_code == 400
    assert message in text_of(response)
    assert count(small_app, Campaign) == 0


def test_support_counts_once_per_person_and_can_be_withdrawn(small_app, small_client, campaign,
                                                             make_user):
    worker = make_user(small_app, display_name="Ben")
    login(small_client, worker)
    page = f"/campaigns/{campaign}"
    first = post(small_client, f"{page}/support", page, platform="rover", place="France",
                 show_name="y")
    assert first.status_code == 302
    again = post(small_client, f"{page}/support", page, platform="rover")
    assert again.status_code == 409
    assert "your support counts once" in text_of(again)
    shown = text_of(small_client.get(page))
    assert "1 supporter" in shown and "Named supporters: Ben" in shown and "France" in shown
    withdrawn = post(small_client, f"{page}/withdraw", page)
    assert withdrawn.status_code == 302
    assert "0 supporters" in text_of(small_client.get(page))
    assert count(small_app, CampaignSupport) == 0


def test_names_stay_private_unless_the_supporter_chooses(small_app, small_client, campaign,
                                                         make_user):
    login(small_client, make_user(small_app, display_name="Quiet Person"))
    page = f"/campaigns/{campaign}"
    post(small_client, f"{page}/support", page, platform="")
    assert "Quiet Person" not in text_of(small_client.get(page))
    delivered = small_client.get(f"{page}/supporters.csv").get_data(as_text=True)
    assert "Quiet Person" not in delivered


def test_public_counts_by_platform_and_country_and_the_delivery_csv(small_app, small_client,
                                                                    make_user):
    organizer = make_user(small_app)
    login(small_client, organizer)
    campaign = campaign_id_of(start(small_client, platforms=["rover", "airbnb"]))
    page = f"/campaigns/{campaign}"
    for name, platform, place, named in (("Cy", "rover", "France", "y"),
                                         ("Di", "rover", "Austin", ""),
                                         ("Ed", "airbnb", "", "y"), ("Fa", "", "Paris", "")):
        login(small_client, make_user(small_app, display_name=name))
        assert post(small_client, f"{page}/support", page, platform=platform, place=place,
                    show_name=named).status_code == 302
    rows = list(csv.reader(io.StringIO(
        small_client.get(f"{page}/supporters.csv").get_data(as_text=True))))
    assert ["count", "total supporters", "4"] in rows
    assert ["platform", "Rover", "2"] in rows and ["platform", "Airbnb", "1"] in rows
    assert ["platform", "none of these platforms", "1"] in rows
    assert ["country", "France", "2"] in rows and ["country", "United States", "1"] in rows
    assert ["country", "not given", "1"] in rows
    assert [r[1] for r in rows if r[0] == "named supporter"] == ["Cy", "Ed"]
    printed = text_of(small_client.get(f"{page}/print"))
    assert "4 supporters" in printed
    assert "Supporters who chose to be named Cy, Ed" in printed


def test_only_the_organizer_posts_updates(small_app, small_client, campaign, organizer,
                                          make_user):
    page = f"/campaigns/{campaign}"
    login(small_client, make_user(small_app))
    assert post(small_client, f"{page}/updates", page, body="Fake news").status_code == 403
    login(small_client, organizer)
    posted = post(small_client, f"{page}/updates", page, body="We met the city council.")
    assert posted.status_code == 302
    assert "We met the city council." in text_of(small_client.get(page))
    assert count(small_app, CampaignUpdate) == 1


def test_a_representative_responds_once_and_edits_keep_their_history(small_app, small_client,
                                                                      campaign, make_user):
    page = f"/campaigns/{campaign}"
    elsewhere = make_user(small_app, represents_platform_id=platform_id(small_app, "airbnb"))
    login(small_client, elsewhere)
    assert post(small_client, f"{page}/response", page, body="Not us").status_code == 403
    rep = make_user(small_app, represents_platform_id=platform_id(small_app, "rover"))
    login(small_client, rep)
    for body in ("We are looking into it.", "We will pay from March."):
        assert post(small_client, f"{page}/response", page, body=body).status_code == 302
    shown = text_of(small_client.get(page))
    assert "We will pay from March." in shown
    assert "Earlier versions" in shown and "We are looking into it." in shown
    assert count(small_app, CampaignUpdate) == 1  # one response, edited


def test_a_representative_cannot_start_a_campaign_about_their_own_platform(small_app,
                                                                           small_client,
                                                                           make_user):
    rep = make_user(small_app, represents_platform_id=platform_id(small_app, "rover"))
    login(small_client, rep)
    response = start(small_client)
    assert response.status_code == 403
    assert count(small_app, Campaign) == 0
    assert start(small_client, platforms=["airbnb"]).status_code == 302


def test_supporting_a_hidden_campaign_is_refused(small_app, small_client, campaign, make_user):
    with small_app.app_context():
        db.session.get(Campaign, campaign).status = "hidden"
        db.session.commit()
    login(small_client, make_user(small_app))
    assert small_client.get(f"/campaigns/{campaign}").status_code == 404
    response = small_client.post(f"/campaigns/{campaign}/support", data={})
    assert response.status_code in (400, 404)
    assert count(small_app, CampaignSupport) == 0


def test_two_simultaneous_supports_from_one_account_count_once(small_app, campaign, make_user):
    worker = make_user(small_app)
    outcomes = []

    def support():
        with small_app.app_context():
            try:
                services.support(db.session.get(type(worker), worker.id),
                                 db.session.get(Campaign, campaign), None, None, False)
                db.session.commit()
                outcomes.append("counted")
            except (Refused, sa.exc.IntegrityError, sa.exc.OperationalError):
                db.session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=support) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("counted") == 1
    with small_app.app_context():
        assert db.session.get(Campaign, campaign).support_count == 1
    assert count(small_app, CampaignSupport, campaign_id=campaign) == 1


def test_the_issue_map_links_each_cell_to_campaigns_about_it(small_app, small_client, campaign,
                                                              make_user):
    for worker in many_users(small_app, small_app.config["MIN_REVIEWS_TO_SHOW"]):
        write_platform_review(small_app, worker, "rover", issues=("late-pay",))
    page = small_client.get("/issues").get_data(as_text=True)
    assert 'href="/campaigns?platform=rover&amp;issue=late-pay">1 campaign<' in page
    assert 'href="/campaigns/new?platform=rover&amp;issue=pay-cut">Start one<' in page
    login(small_client, make_user(small_app))
    form = small_client.get("/campaigns/new?platform=rover&issue=pay-cut").get_data(as_text=True)
    checked = re.findall(r'<input[^>]*checked[^>]*>', form)
    assert any('value="rover"' in box for box in checked)
    assert any('value="pay-cut"' in box for box in checked)
    assert len(checked) == 2


def test_listing_filters_by_platform_and_issue_and_refuses_bad_parameters(small_client,
                                                                          campaign):
    found = text_of(small_client.get("/campaigns?platform=rover&issue=late-pay"))
    assert "Pay for waiting time" in found
    assert "No campaign matches yet" in text_of(small_client.get("/campaigns?platform=airbnb"))
    assert small_client.get("/campaigns?issue=nonsense").status_code == 400
    assert small_client.get("/campaigns?sort=nonsense").status_code == 400
    assert small_client.get("/campaigns?page=0").status_code == 400
