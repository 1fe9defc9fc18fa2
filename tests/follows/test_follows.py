"""Following platforms and campaigns, the digest of what is new, and one-click unsubscribe."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from peers.campaigns import services as campaign_services
from peers.campaigns.models import Campaign
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db
from peers.follows import digests
from peers.follows.models import DigestSetting, Follow
from tests.factories import count, platform_id, row, write_platform_review
from tests.helpers import PASSWORD, login, mails, post, post_form, text_of

ROVER = "/platforms/rover"


@pytest.fixture
def worker(site, make_user):
    return make_user(site, display_name="Dee", email="dee@example.org")


@pytest.fixture
def client(site, worker):
    client = site.test_client()
    login(client, worker)
    return client


def a_campaign(app, organizer, **changes) -> int:
    with app.app_context():
        author = db.session.get(type(organizer), organizer.id)
        data = campaign_services.CampaignData(
            title="Pay for waiting time", problem="We wait unpaid.", ask="Pay waiting time.",
            platform_ids=(platform_id(app, "rover"),), tags=("late-pay",))
        campaign = campaign_services.start(author, data)
        for name, value in changes.items():
            setattr(campaign, name, value)
        db.session.commit()
        return campaign.id


def run_digests(app, now):
    with app.app_context():
        sent = digests.send_due(now)
        db.session.commit()
        return sent


def age_digest(app, user, days: float) -> None:
    """As if the person's last digest (or first follow) was `days` ago."""
    with app.app_context():
        db.session.execute(sa.update(DigestSetting).where(DigestSetting.user_id == user.id)
                           .values(news_since=utcnow() - timedelta(days=days)))
        db.session.commit()


def test_following_a_platform_shows_on_its_page_and_on_the_following_page(site, client):
    assert "Follow Rover" in text_of(client.get(ROVER))
    response = post(client, f"{ROVER}/follow", ROVER)
    assert response.status_code == 302
    page = text_of(client.get(ROVER))
    assert "Unfollow Rover" in page and "its news comes in your digest" in page
    following = text_of(client.get("/account/following"))
    assert "Rover (platform)" in following
    again = post(client, f"{ROVER}/follow", ROVER)
    assert "You already follow this." in text_of(client.get(again.headers["Location"]))
    assert count(site, Follow) == 1
    post(client, f"{ROVER}/unfollow", ROVER)
    assert count(site, Follow) == 0
    assert "Follow Rover" in text_of(client.get(ROVER))


def test_a_follow_without_its_csrf_token_or_of_nothing_changes_nothing(site, client):
    assert client.post(f"{ROVER}/follow").status_code == 400
    assert post(client, "/platforms/no-such/follow", ROVER).status_code == 404
    assert post(client, "/campaigns/999/follow", ROVER).status_code == 404
    assert count(site, Follow) == 0
    anonymous = site.test_client()
    assert anonymous.post(f"{ROVER}/follow").status_code in (302, 400)
    assert count(site, Follow) == 0


def test_following_a_hidden_campaign_is_refused(site, client, worker, make_user):
    hidden = a_campaign(site, make_user(site), status="hidden")
    visible = a_campaign(site, make_user(site))
    assert post(client, f"/campaigns/{hidden}/follow", f"/campaigns/{visible}").status_code == 404
    assert count(site, Follow) == 0
    response = post(client, f"/campaigns/{visible}/follow", f"/campaigns/{visible}")
    assert response.status_code == 302
    assert "Pay for waiting time (campaign)" in text_of(client.get("/account/following"))


def test_the_digest_frequency_is_chosen_and_bad_values_are_refused(site, client, worker):
    post(client, f"{ROVER}/follow", ROVER)
    assert row(site, DigestSetting, worker.id).frequency == "weekly"
    bad = post(client, "/account/following", "/account/following", frequency="hourly")
    assert bad.status_code == 400 and "Not a valid choice" in text_of(bad)
    assert row(site, DigestSetting, worker.id).frequency == "weekly"
    post(client, "/account/following", "/account/following", frequency="daily")
    assert row(site, DigestSetting, worker.id).frequency == "daily"


def test_a_digest_tells_new_reviews_changed_facts_and_campaign_updates(site, client, worker,
                                                                       make_user):
    organizer = make_user(site)
    campaign = a_campaign(site, organizer)
    post(client, f"{ROVER}/follow", ROVER)
    post(client, f"/campaigns/{campaign}/follow", f"/campaigns/{campaign}")
    post(client, "/account/following", "/account/following", frequency="daily")
    age_digest(site, worker, 1.5)
    write_platform_review(site, make_user(site), "rover")
    with site.app_context():
        rover = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        rover.advertised_pay = {**rover.advertised_pay, "text": "Sitters earn up to $800 a month"}
        campaign_services.post_update(db.session.get(type(organizer), organizer.id),
                                      db.session.get(Campaign, campaign), "We met the platform.")
        db.session.commit()
    assert run_digests(site, utcnow()) == 1
    [message] = mails(site)
    body = message.get_content()
    assert message["To"] == "dee@example.org"
    assert "Rover: 1 new review" in body
    assert ('Rover, Pay claim: was "Sitters earn up to $1,000 a month", '
            'now "Sitters earn up to $800 a month"') in body
    assert "Pay for waiting time: We met the platform." in body
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in body and unsubscribe.startswith(site.config["SITE_URL"])
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Not due again until a day has passed; then nothing is new, so no mail.
    assert run_digests(site, utcnow()) == 0
    assert run_digests(site, utcnow() + timedelta(days=1, minutes=1)) == 0
    assert len(mails(site)) == 1


def test_nothing_new_sends_no_mail_and_weekly_waits_a_week(site, client, worker, make_user):
    post(client, f"{ROVER}/follow", ROVER)
    age_digest(site, worker, 3)
    write_platform_review(site, make_user(site), "rover")
    assert run_digests(site, utcnow()) == 0  # weekly: not due after 3 days
    age_digest(site, worker, 8)
    assert run_digests(site, utcnow()) == 1
    assert run_digests(site, utcnow() + timedelta(days=8)) == 0  # due, but nothing new
    assert len(mails(site)) == 1


def test_an_issue_reported_at_twice_its_90_day_rate_is_in_the_digest(site, make_user):
    rover = platform_id(site, "rover")
    now = utcnow()
    reviews = [write_platform_review(site, make_user(site), "rover", issues=("late-pay",))
               for _ in range(4)]
    with site.app_context():
        from peers.ratings.models import Review
        # One report in the 90 days before the week, three within the week.
        db.session.execute(sa.update(Review).where(Review.id == reviews[0])
                           .values(created_at=now - timedelta(days=40)))
        db.session.execute(sa.update(Review).where(Review.id.in_(reviews[1:]))
                           .values(created_at=now - timedelta(days=2)))
        db.session.commit()
        found = digests.surges([rover], now - timedelta(days=7), now)
        assert found == [(rover, "late-pay", 3, 0.1)]
        # Twice as many earlier reports at the same rate: no surge.
        db.session.execute(sa.update(Review).where(Review.id == reviews[1])
                           .values(created_at=now - timedelta(days=30)))
        db.session.commit()
        assert digests.surges([rover], now - timedelta(days=7), now) == [
            (rover, "late-pay", 2, 0.2)]
        assert digests.surges([rover], now - timedelta(days=100), now - timedelta(days=50)) == []


def test_one_click_unsubscribe_works_and_a_forged_link_changes_nothing(site, client, worker,
                                                                       make_user):
    post(client, f"{ROVER}/follow", ROVER)
    age_digest(site, worker, 8)
    write_platform_review(site, make_user(site), "rover")
    run_digests(site, utcnow())
    link = mails(site)[0]["List-Unsubscribe"].strip("<>")
    path = link.removeprefix(site.config["SITE_URL"])
    token = path.rsplit("/", 1)[1]
    stranger = site.test_client()
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                   token.replace(".", "x.", 1), "not-a-token", "x" * 300):
        response = stranger.post(f"/digest/unsubscribe/{forged}",
                                 data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in text_of(response)
    assert row(site, DigestSetting, worker.id).frequency == "weekly"
    # A link scanner's GET changes nothing; the mail client's POST (no session, no CSRF) does.
    assert "Stop the digest emails" in text_of(stranger.get(path))
    assert row(site, DigestSetting, worker.id).frequency == "weekly"
    done = stranger.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "we will not email you digests" in text_of(done)
    assert row(site, DigestSetting, worker.id).frequency == "off"
    assert count(site, Follow) == 1  # the follows stay
    age_digest(site, worker, 30)
    write_platform_review(site, make_user(site), "rover")
    assert run_digests(site, utcnow()) == 0


def test_send_digests_command_mails_what_is_due(site, client, worker, make_user):
    post(client, f"{ROVER}/follow", ROVER)
    age_digest(site, worker, 8)
    write_platform_review(site, make_user(site), "rover")
    result = site.test_cli_runner().invoke(args=["peers", "send-digests"])
    assert result.exit_code == 0 and "1 digest(s) mailed." in result.output
    assert len(mails(site)) == 1


def test_follows_are_exported_and_go_with_the_account(site, client, worker, make_user):
    campaign = a_campaign(site, make_user(site))
    post(client, f"{ROVER}/follow", ROVER)
    post(client, f"/campaigns/{campaign}/follow", f"/campaigns/{campaign}")
    exported = json.loads(client.get("/account/export").get_data(as_text=True))["follows"]
    assert exported["digest"] == "weekly"
    assert [p["platform"] for p in exported["platforms"]] == ["rover"]
    assert [c["campaign_id"] for c in exported["campaigns"]] == [campaign]
    post_form(client, "/account/delete", "/account/delete",
              {"password": PASSWORD, "reviews": "keep"})
    assert count(site, Follow) == 0 and count(site, DigestSetting) == 0
