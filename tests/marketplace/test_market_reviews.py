"""Workers rate vendors: one review each, editable; helpful votes, flags and moderation as for
platform reviews; the average comes from SQL; text is inert; a vendor cannot rate itself."""

import re

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.community import queries as community_queries
from peers.community import services as community
from peers.errors import Forbidden, Refused
from peers.extensions import db
from peers.marketplace.models import Vendor, VendorReview, VendorReviewFlag, VendorReviewVote
from peers.marketplace.reviews import queries as review_queries
from peers.marketplace.reviews import services as reviews
from peers.marketplace.reviews.kind import VENDOR_REVIEWS
from tests.factories import count, vendor_review_row, write_vendor_review
from tests.helpers import PASSWORD, csrf_token, login, post, text_of

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>',
       "javascript:alert(document.cookie)"]


def review_url(vendor_id: int) -> str:
    return f"/marketplace/vendors/{vendor_id}/review"


def rate(client, vendor_id: int, stars: str = "4", body: str = "Quick and clear."):
    url = review_url(vendor_id)
    return client.post(url, data={"csrf_token": csrf_token(client, url), "stars": stars,
                                  "body": body})


def test_a_worker_rates_a_vendor_and_edits_the_one_review(market_app, market_client,
                                                          vendor_user, worker):
    vendor_id = vendor_user.vendor_id
    login(market_client, worker)
    first = rate(market_client, vendor_id, "2", "Slow to answer.")
    assert first.status_code == 302 and "#review-" in first.headers["Location"]
    again = rate(market_client, vendor_id, "5", "They answered in the end, and well.")
    assert again.status_code == 302
    assert count(market_app, VendorReview) == 1
    with market_app.app_context():
        review = db.session.scalar(sa.select(VendorReview))
        assert (review.stars, review.body, review.user_id) == (
            5, "They answered in the end, and well.", worker.id)
    page = text_of(market_client.get(f"/marketplace/vendors/{vendor_id}"))
    assert "5.0 out of 5 (1 review of the vendor)" in page
    assert "They answered in the end, and well." in page and "Edit your review" in page
    form = market_client.get(review_url(vendor_id)).get_data(as_text=True)
    assert re.search(r'checked[^>]*value="5"|value="5"[^>]*checked', form)


@pytest.mark.parametrize(("stars", "body", "field", "message"), [
    ("", "Fine.", "stars", "Choose from 1 to 5 stars."),
    ("6", "Fine.", "stars", "Choose from 1 to 5 stars."),
    ("0", "Fine.", "stars", "Choose from 1 to 5 stars."),
    ("4", "x" * 2001, "body", "Keep it under 2,000 characters."),
])
def test_a_bad_review_is_refused_and_nothing_saved(market_app, market_client, vendor_user,
                                                   worker, stars, body, field, message):
    login(market_client, worker)
    response = rate(market_client, vendor_user.vendor_id, stars, body)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert message in text_of(response)
    assert count(market_app, VendorReview) == 0


def test_a_vendor_cannot_rate_itself(market_app, market_client, vendor_user):
    login(market_client, vendor_user)
    assert market_client.get(review_url(vendor_user.vendor_id)).status_code == 403
    response = market_client.post(review_url(vendor_user.vendor_id), data={
        "csrf_token": csrf_token(market_client, "/marketplace/vendor"), "stars": "5"})
    assert response.status_code == 403
    assert "You cannot rate your own business." in text_of(response)
    assert count(market_app, VendorReview) == 0
    page = text_of(market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))
    assert "You cannot rate your own business." in page
    with market_app.app_context():
        owner = db.session.get(User, vendor_user.id)
        with pytest.raises(Forbidden, match="your own business"):
            reviews.save_vendor_review(owner, db.session.get(Vendor, vendor_user.vendor_id), 5,
                                       "The best!")


def test_the_owner_cannot_rate_its_business_whatever_its_role(market_app, vendor_user):
    with market_app.app_context():
        owner = db.session.get(User, vendor_user.id)
        owner.role = "worker"  # even after a change of role
        with pytest.raises(Forbidden, match="your own business"):
            reviews.save_vendor_review(owner, db.session.get(Vendor, vendor_user.vendor_id), 5,
                                       "")
        db.session.rollback()


def test_other_vendors_cannot_rate_vendors(market_app, market_client, vendor_user,
                                           other_vendor):
    login(market_client, other_vendor)
    response = market_client.post(review_url(vendor_user.vendor_id), data={
        "csrf_token": csrf_token(market_client, "/marketplace/vendor"), "stars": "1"})
    assert response.status_code == 403
    assert count(market_app, VendorReview) == 0


def test_rating_needs_a_login_and_a_csrf_token(market_app, market_client, vendor_user, worker):
    anonymous = market_client.get(review_url(vendor_user.vendor_id))
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login(market_client, worker)
    response = market_client.post(review_url(vendor_user.vendor_id), data={"stars": "5"})
    assert response.status_code == 400
    assert count(market_app, VendorReview) == 0


def test_the_average_is_counted_reviews_only(market_app, vendor_user, make_user):
    vendor_id = vendor_user.vendor_id
    for stars in (5, 4, 3):
        write_vendor_review(market_app, make_user(market_app), vendor_id, stars)
    unconfirmed = make_user(market_app, confirmed=False)
    write_vendor_review(market_app, unconfirmed, vendor_id, 1)
    hidden = write_vendor_review(market_app, make_user(market_app), vendor_id, 1)
    with market_app.app_context():
        community.set_status(db.session.get(VendorReview, hidden), "hidden")
        db.session.commit()
        rating = review_queries.vendor_rating(vendor_id)
    assert (rating.count, rating.average) == (3, 4.0)


def test_the_average_waits_for_enough_reviews(market_app, market_client, vendor_user,
                                              make_user):
    market_app.config["MIN_REVIEWS_TO_SHOW"] = 3
    write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id, 5)
    page = text_of(market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))
    assert "Not enough reviews of the vendor yet (1 so far)" in page
    assert "out of 5 (" not in page


def test_an_unconfirmed_workers_review_waits_for_the_email(market_app, market_client,
                                                           vendor_user, make_user):
    worker = make_user(market_app, confirmed=False)
    write_vendor_review(market_app, worker, vendor_user.vendor_id, 2, "Not shown yet.")
    assert "Not shown yet." not in text_of(market_app.test_client().get(
        f"/marketplace/vendors/{vendor_user.vendor_id}"))
    login(market_client, worker)
    page = text_of(market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))
    assert "shown and counted once you confirm your email" in page


def test_review_text_is_escaped_and_never_linked(market_app, market_client, vendor_user,
                                                 make_user):
    for text in XSS:
        write_vendor_review(market_app, make_user(market_app, display_name=text),
                            vendor_user.vendor_id, 3, f"{text} and more")
    html = market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}").get_data(
        as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; and more" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:alert(document.cookie) and more" in html  # shown as plain text


def test_vendor_text_is_escaped_everywhere(market_app, market_client, make_user):
    from tests.factories import make_offer, make_vendor

    owner = make_user(market_app, role="vendor")
    vendor_id = make_vendor(market_app, owner, name=XSS[0], description=XSS[1])
    offer_id = make_offer(market_app, owner, title=XSS[1], description=XSS[0],
                          how_to_get=XSS[2], member_discount=XSS[0], platform_tie=XSS[1])
    for url in (f"/marketplace/vendors/{vendor_id}", f"/marketplace/offers/{offer_id}",
                "/marketplace", "/marketplace?q=alert", "/marketplace?q=script"):
        html = market_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert 'href="javascript:' not in html.lower(), url


# -- helpful votes and flags -------------------------------------------------------------------

def test_a_helpful_vote_counts_once(market_app, market_client, vendor_user, make_user):
    author, voter = make_user(market_app), make_user(market_app)
    review_id = write_vendor_review(market_app, author, vendor_user.vendor_id)
    login(market_client, voter)
    page = f"/marketplace/vendors/{vendor_user.vendor_id}"
    url = f"/marketplace/reviews/{review_id}/helpful"
    assert post(market_client, url, page).headers["Location"].endswith(f"#review-{review_id}")
    again = post(market_client, url, page)
    assert again.status_code == 302
    assert vendor_review_row(market_app, review_id).helpful_count == 1
    assert count(market_app, VendorReviewVote) == 1
    shown = text_of(market_client.get(again.headers["Location"]))
    assert "it counts once" in shown and "1 person found this helpful" in shown


def test_a_deleted_voters_helpful_votes_stop_counting(market_app, market_client, vendor_user,
                                                      make_user):
    """As on platform reviews: the count shown follows the voters who still have accounts."""
    first, second = make_user(market_app), make_user(market_app)
    voter, stays = make_user(market_app), make_user(market_app)
    page = f"/marketplace/vendors/{vendor_user.vendor_id}"
    both = [write_vendor_review(market_app, author, vendor_user.vendor_id)
            for author in (first, second)]
    for person, review_ids in ((voter, both), (stays, both[:1])):
        login(market_client, person)
        for review_id in review_ids:
            post(market_client, f"/marketplace/reviews/{review_id}/helpful", page)
    assert [vendor_review_row(market_app, r).helpful_count for r in both] == [2, 1]

    login(market_client, voter)
    refused = post(market_client, "/account/delete", "/account/delete", reviews="keep",
                   password="not-my-password")
    assert refused.status_code == 400 and "That is not your password." in text_of(refused)
    # nothing changed
    assert [vendor_review_row(market_app, r).helpful_count for r in both] == [2, 1]
    assert count(market_app, VendorReviewVote) == 3

    deleted = post(market_client, "/account/delete", "/account/delete", reviews="keep",
                   password=PASSWORD)
    assert deleted.status_code == 302
    assert [vendor_review_row(market_app, r).helpful_count for r in both] == [1, 0]
    assert count(market_app, VendorReviewVote) == 1
    shown = text_of(market_client.get(page))
    assert "1 person found this helpful" in shown and "2 people found" not in shown


def test_no_vote_on_your_own_review(market_app, market_client, vendor_user, worker):
    review_id = write_vendor_review(market_app, worker, vendor_user.vendor_id)
    login(market_client, worker)
    response = post(market_client, f"/marketplace/reviews/{review_id}/helpful",
                    f"/marketplace/vendors/{vendor_user.vendor_id}")
    assert response.status_code == 403
    assert vendor_review_row(market_app, review_id).helpful_count == 0


def test_a_flag_reaches_the_queue_and_never_hides_the_review(market_app, market_client,
                                                             vendor_user, make_user):
    review_id = write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id, 1,
                                    "Awful.")
    for n in range(3):
        client = market_app.test_client()
        login(client, make_user(market_app))
        response = post(client, f"/marketplace/reviews/{review_id}/flag",
                        f"/marketplace/reviews/{review_id}/flag", reason=f"Fake review {n}.")
        assert response.status_code == 302
    assert vendor_review_row(market_app, review_id).status == "visible"
    assert "Awful." in text_of(market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))
    with market_app.app_context():
        queue = community_queries.flagged(VENDOR_REVIEWS, 1, 10)
        assert [r.id for r in queue.items] == [review_id] and queue.total == 1
        assert [f.reason for f in queue.extra[review_id]] == [
            "Fake review 0.", "Fake review 1.", "Fake review 2."]


@pytest.mark.parametrize(("reason", "message", "status"), [
    ("", "Say what is wrong with this review.", 400),
    ("x" * 1001, "Keep the reason under 1000 characters.", 400),
])
def test_a_flag_needs_a_reason(market_app, market_client, vendor_user, make_user, reason,
                               message, status):
    review_id = write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id)
    login(market_client, make_user(market_app))
    url = f"/marketplace/reviews/{review_id}/flag"
    response = post(market_client, url, url, reason=reason)
    assert response.status_code == status and message in text_of(response)
    assert count(market_app, VendorReviewFlag) == 0


def test_one_flag_per_person(market_app, market_client, vendor_user, make_user):
    review_id = write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id)
    login(market_client, make_user(market_app))
    url = f"/marketplace/reviews/{review_id}/flag"
    post(market_client, url, url, reason="Fake.")
    again = post(market_client, url, url, reason="Still fake.")
    assert again.status_code == 409 and "You have already reported this review" in text_of(again)
    assert count(market_app, VendorReviewFlag) == 1


def test_a_moderator_hides_a_review_and_it_leaves_the_page_and_average(
        market_app, market_client, vendor_user, make_user):
    vendor_id = vendor_user.vendor_id
    kept = write_vendor_review(market_app, make_user(market_app), vendor_id, 5, "Great.")
    hidden = write_vendor_review(market_app, make_user(market_app), vendor_id, 1, "Spam!")
    with market_app.app_context():
        review = community_queries.for_decision(VENDOR_REVIEWS, hidden)
        community.set_status(review, "hidden")
        assert community.resolve_flags(review) == 0
        db.session.commit()
        assert [r.id for r in community_queries.hidden(VENDOR_REVIEWS, 1, 10).items] == [hidden]
        assert review_queries.vendor_rating(vendor_user.vendor_id).average == 5.0
    page = text_of(market_client.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))
    assert "Spam!" not in page and "Great." in page
    login(market_client, make_user(market_app))
    assert post(market_client, f"/marketplace/reviews/{hidden}/helpful",
                f"/marketplace/vendors/{vendor_user.vendor_id}").status_code == 404
    with market_app.app_context(), pytest.raises(ValueError):
        community.set_status(db.session.get(VendorReview, kept), "deleted")


def test_resolving_flags_closes_them_for_the_queue(market_app, vendor_user, make_user):
    review_id = write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id)
    flaggers = [make_user(market_app), make_user(market_app)]
    with market_app.app_context():
        review = db.session.get(VendorReview, review_id)
        for user in flaggers:
            community.flag(db.session.get(User, user.id), review, "Off topic.")
        db.session.commit()
        assert community.resolve_flags(review) == 2
        db.session.commit()
        assert community_queries.flagged(VENDOR_REVIEWS, 1, 10).items == []


def test_flagging_a_hidden_review_is_refused(market_app, vendor_user, make_user):
    review_id = write_vendor_review(market_app, make_user(market_app), vendor_user.vendor_id)
    flagger = make_user(market_app)
    with market_app.app_context():
        review = db.session.get(VendorReview, review_id)
        community.set_status(review, "hidden")
        with pytest.raises(Refused, match="hidden"):
            community.flag(db.session.get(User, flagger.id), review, "Again.")
        db.session.rollback()
