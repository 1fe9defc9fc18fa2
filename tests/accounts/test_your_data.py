"""The account page, the export of everything we hold, deletion and the privacy page."""

import json
from decimal import Decimal

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.signals import account_deleting
from peers.discovery.models import Platform
from peers.extensions import db
from peers.moderation.models import ModerationDecision
from peers.ratings.models import Review, ReviewFlag, ReviewIssue, ReviewVersion, ReviewVote
from tests.helpers import PASSWORD, log_in, post_form, text


def add_review(app, user_id, slug="rover", **fields) -> int:
    """A review row written straight to the table (ratings' own services are not under test)."""
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        review = Review(platform_id=platform.id, user_id=user_id, overall=4, pay=3,
                        flexibility=5, support=2, fairness=3, safety=4, would_recommend=True,
                        pros="Flexible <b>hours</b>", cons="Fees", city="Lyon", tenure="1-3y",
                        still_active=True, gross_pay=Decimal("1200.50"), currency="EUR",
                        period="month", hours_worked=Decimal("80"), expenses=Decimal("100"),
                        net_hourly=Decimal("13.76"), **fields)
        review.issues = [ReviewIssue(tag="hidden-fees")]
        db.session.add(review)
        db.session.flush()
        db.session.add(ReviewVersion(review_id=review.id, version=1, data={"overall": 2}))
        db.session.commit()
        return review.id


@pytest.fixture
def worker(app, client, make_user):
    user = make_user(app, email="w@example.org", display_name="Sam")
    log_in(client, "w@example.org")
    return user


def test_account_page_shows_who_you_are_and_what_you_can_do(app, client, worker):
    page = text(client.get("/account"))
    for expected in ("w@example.org", "Worker", "Yes, on", "Change your password",
                     "Download everything we hold about you", "Delete your account"):
        assert expected in page


def test_the_display_name_can_be_changed_and_is_escaped(app, client, worker):
    response = post_form(client, "/account", "/account", {"display_name": "<b>Ana</b>"})
    assert response.status_code == 302
    html = client.get("/account").get_data(as_text=True)
    assert "&lt;b&gt;Ana&lt;/b&gt;" in html and "<b>Ana</b>" not in html
    too_long = post_form(client, "/account", "/account", {"display_name": "x" * 81})
    assert too_long.status_code == 400 and 'id="display_name-error"' in too_long.get_data(True)


def test_the_account_pages_need_a_login(app):
    client = app.test_client()
    for url in ("/account", "/account/password", "/account/export", "/account/delete"):
        response = client.get(url)
        assert response.status_code == 302 and response.location.startswith("/account/login")


def test_export_is_a_json_download_of_everything_but_the_password(app, client, worker, make_user):
    mine = add_review(app, worker.id)
    other = make_user(app, email="o@example.org")
    theirs = add_review(app, other.id, slug="airbnb")
    with app.app_context():
        db.session.add_all([ReviewVote(review_id=theirs, user_id=worker.id),
                            ReviewFlag(review_id=theirs, user_id=worker.id, reason="Spam"),
                            ReviewFlag(review_id=mine, user_id=other.id, reason="not mine"),
                            ModerationDecision(review_id=theirs, moderator_id=worker.id,
                                               action="keep", reason="Fine")])
        db.session.commit()
    response = client.get("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="peers-account-{worker.id}.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "w@example.org"
    assert data["account"]["display_name"] == "Sam" and data["account"]["role"] == "worker"
    assert worker.password_hash not in response.get_data(as_text=True)
    assert "password" not in json.dumps(data["account"])
    [review] = data["reviews"]
    assert review["platform"] == "rover" and review["pros"] == "Flexible <b>hours</b>"
    assert review["issues"] == ["hidden-fees"] and review["gross_pay"] == "1200.50"
    assert review["earlier_versions"][0]["data"] == {"overall": 2}
    assert data["helpful_votes"] == [{"review_id": theirs, "platform": "airbnb",
                                      "created_at": data["helpful_votes"][0]["created_at"]}]
    assert [f["reason"] for f in data["flags"]] == ["Spam"]  # not the flag others made
    assert data["moderation_decisions"][0]["action"] == "keep"


def test_export_runs_a_fixed_number_of_queries(app, client, worker, count_queries):
    for slug in ("rover", "airbnb", "blablacar"):
        add_review(app, worker.id, slug=slug)
    with count_queries() as queries:
        client.get("/account/export")
    few = len(queries)
    for slug in ("dogvacay", "waze-carpool", "hourly-walkers"):
        add_review(app, worker.id, slug=slug)
    with count_queries() as queries:
        client.get("/account/export")
    assert len(queries) == few


@pytest.mark.parametrize(("choice", "keep"), [("keep", True), ("delete", False)])
def test_delete_tells_ratings_first_then_removes_the_account(app, client, worker, choice, keep):
    review_id = add_review(app, worker.id)
    seen = []

    def handler(user, keep_reviews):
        # Ratings acts while the row still exists, in the same transaction.
        exists = db.session.scalar(sa.select(sa.func.count(User.id))
                                   .where(User.id == user.id))
        seen.append((user.email, keep_reviews, exists))

    with account_deleting.connected_to(handler):
        response = post_form(client, "/account/delete", "/account/delete",
                             {"password": PASSWORD, "reviews": choice})
    assert response.status_code == 302 and response.location == "/account/deleted"
    assert seen == [("w@example.org", keep, 1)]
    page = text(client.get(response.location))
    assert "Your account is deleted" in page
    assert ("a former member" in page) == keep
    with app.app_context():
        assert db.session.get(User, worker.id) is None
        review = db.session.get(Review, review_id)
        if keep:  # kept reviews stay, attributed to nobody (ratings removes the others)
            assert review is not None and review.user_id is None
    assert client.get("/account").status_code == 302
    assert client.get("/account/deleted").location == "/"  # shown once


def test_delete_needs_the_password_and_defaults_to_keeping_reviews(app, client, worker):
    page = client.get("/account/delete").get_data(as_text=True)
    assert '<input checked id="reviews-0" name="reviews" required type="radio" value="keep">' \
        in page
    seen = []
    with account_deleting.connected_to(lambda user, keep_reviews: seen.append(1)):
        response = post_form(client, "/account/delete", "/account/delete",
                             {"password": "wrong-password-1", "reviews": "keep"})
    assert response.status_code == 400 and "That is not your password." in text(response)
    assert seen == []
    with app.app_context():
        assert db.session.get(User, worker.id) is not None


def test_privacy_page_says_what_is_stored_exported_and_deleted(app, client):
    page = text(client.get("/privacy"))
    for expected in ("What we store", "email address", "argon2id", "Download your data",
                     "Delete your account", "a former member", "Delete them",
                     "every rating"):
        assert expected in page
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
