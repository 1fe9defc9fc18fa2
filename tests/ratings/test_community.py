"""Helpful votes, flags and the platform's reply, as people use them."""

import html
import re

import pytest
import sqlalchemy as sa

from peers.community import services as community
from peers.errors import Forbidden
from peers.extensions import db
from peers.ratings.models import Review, ReviewFlag, ReviewReply, ReviewVote
from tests.factories import (
    many_users,
    platform_id,
    platform_review_row,
    summary_of,
    write_platform_review,
)
from tests.helpers import csrf_token, login

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


def text_of(response) -> str:
    """The page as a person reads it: entities decoded, whitespace folded."""
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


@pytest.fixture
def reviewed(small_app, make_user):
    """Rover with one review by `author`; `other` is another confirmed worker."""
    author = make_user(small_app)
    other = make_user(small_app)
    review_id = write_platform_review(small_app, author, "rover")
    return author, other, review_id


def post(client, url, page="/platforms/rover", **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def count(app, model, **where) -> int:
    with app.app_context():
        stmt = sa.select(sa.func.count()).select_from(model).filter_by(**where)
        return db.session.scalar(stmt)


# -- helpful votes -----------------------------------------------------------------------------

def test_a_helpful_vote_counts_once(small_app, small_client, reviewed):
    _, other, review_id = reviewed
    login(small_client, other)
    first = post(small_client, f"/reviews/{review_id}/helpful")
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"/platforms/rover#review-{review_id}")
    assert platform_review_row(small_app, review_id).helpful_count == 1
    again = post(small_client, f"/reviews/{review_id}/helpful")
    assert again.status_code == 302
    assert platform_review_row(small_app, review_id).helpful_count == 1
    assert count(small_app, ReviewVote, review_id=review_id) == 1
    page = text_of(small_client.get("/platforms/rover"))
    assert "it counts once" in page and "1 person found this helpful" in page
    assert "You found it helpful." in page


def test_helpful_count_follows_every_voter(small_app, small_client, reviewed):
    _, _, review_id = reviewed
    for voter in many_users(small_app, 3):
        login(small_client, voter)
        post(small_client, f"/reviews/{review_id}/helpful")
    assert platform_review_row(small_app, review_id).helpful_count == 3
    assert count(small_app, ReviewVote, review_id=review_id) == 3


def test_a_deleted_accounts_votes_stop_counting(small_app, small_client, reviewed):
    from peers.accounts import services as accounts
    from peers.accounts.models import User
    from tests.helpers import PASSWORD

    _, other, review_id = reviewed
    login(small_client, other)
    post(small_client, f"/reviews/{review_id}/helpful")
    assert platform_review_row(small_app, review_id).helpful_count == 1
    with small_app.app_context():
        accounts.delete_account(db.session.get(User, other.id), PASSWORD, keep_reviews=True)
        db.session.commit()
    assert platform_review_row(small_app, review_id).helpful_count == 0
    assert count(small_app, ReviewVote) == 0


def test_you_cannot_vote_on_your_own_review(small_app, small_client, reviewed):
    author, _, review_id = reviewed
    login(small_client, author)
    response = post(small_client, f"/reviews/{review_id}/helpful")
    assert response.status_code == 403
    assert "You cannot vote on your own review." in text_of(response)
    assert platform_review_row(small_app, review_id).helpful_count == 0
    assert "(your review)" in text_of(small_client.get("/platforms/rover"))


def test_voting_needs_a_login_and_a_csrf_token(small_app, small_client, reviewed):
    _, other, review_id = reviewed
    anonymous = small_client.post(f"/reviews/{review_id}/helpful",
                                  data={"csrf_token": csrf_token(small_client, "/account/login")})
    assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login(small_client, other)
    assert small_client.post(f"/reviews/{review_id}/helpful").status_code == 400
    assert platform_review_row(small_app, review_id).helpful_count == 0


def test_the_platforms_representative_does_not_vote_on_its_reviews(small_app, small_client,
                                                                  reviewed, representative):
    _, _, review_id = reviewed
    login(small_client, representative)
    page = small_client.get("/platforms/rover").get_data(as_text=True)
    assert f'action="/reviews/{review_id}/helpful"' not in page
    response = post(small_client, f"/reviews/{review_id}/helpful")
    assert response.status_code == 403
    assert "You represent this platform" in text_of(response)
    assert platform_review_row(small_app, review_id).helpful_count == 0


def test_unpublished_reviews_take_no_votes_or_flags(small_app, small_client, make_user):
    unconfirmed = make_user(small_app, confirmed=False)
    review_id = write_platform_review(small_app, unconfirmed, "rover")
    assert not platform_review_row(small_app, review_id).is_counted
    login(small_client, make_user(small_app))
    assert post(small_client, f"/reviews/{review_id}/helpful").status_code == 404
    assert post(small_client, f"/reviews/{review_id}/flag", reason="x").status_code == 404
    assert count(small_app, ReviewFlag) == count(small_app, ReviewVote) == 0


def test_the_vote_service_refuses_your_own_review(small_app, reviewed):
    author, _, review_id = reviewed
    with small_app.app_context():
        review = db.session.get(Review, review_id)
        with pytest.raises(Forbidden, match="your own review"):
            community.vote_helpful(author, review)


# -- flags -------------------------------------------------------------------------------------

def test_a_flag_reaches_the_moderators_and_the_review_stays(small_app, small_client, reviewed):
    _, other, review_id = reviewed
    login(small_client, other)
    response = post(small_client, f"/reviews/{review_id}/flag",
                    reason="This is an advert for a course.")
    assert response.status_code == 302
    with small_app.app_context():
        flag = db.session.scalar(sa.select(ReviewFlag))
        assert (flag.review_id, flag.user_id, flag.reason, flag.resolved_at) == (
            review_id, other.id, "This is an advert for a course.", None)
    page = text_of(small_client.get(response.headers["Location"]))
    assert "A moderator will read your report" in page
    assert platform_review_row(small_app, review_id).status == "visible"


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Say what is wrong with this review."),
    ("   ", "Say what is wrong with this review."),
    ("x" * 1001, "Keep the reason under 1000 characters."),
])
def test_a_flag_needs_a_reason_of_at_most_1000_characters(small_app, small_client, reviewed,
                                                            reason, message):
    _, other, review_id = reviewed
    login(small_client, other)
    response = post(small_client, f"/reviews/{review_id}/flag", reason=reason)
    assert response.status_code == 400
    page = text_of(response)
    error = page[page.index('id="reason-error"'):]
    assert message in error[:error.index("</p>")]
    assert count(small_app, ReviewFlag) == 0


def test_one_flag_per_person_and_review(small_app, small_client, reviewed):
    _, other, review_id = reviewed
    login(small_client, other)
    post(small_client, f"/reviews/{review_id}/flag", reason="Fake.")
    again = post(small_client, f"/reviews/{review_id}/flag", reason="Still fake.")
    assert again.status_code == 409
    assert "You have already reported this review" in text_of(again)
    assert count(small_app, ReviewFlag) == 1


def test_fifty_flags_never_hide_a_review(small_app, small_client, reviewed):
    _, _, review_id = reviewed
    before = summary_of(small_app, "rover")
    for user in many_users(small_app, 50):
        login(small_client, user)
        assert post(small_client, f"/reviews/{review_id}/flag",
                    reason="I do not like it.").status_code == 302
    assert count(small_app, ReviewFlag, review_id=review_id) == 50
    review = platform_review_row(small_app, review_id)
    assert review.status == "visible" and review.is_counted
    after = summary_of(small_app, "rover")
    assert after.count == before.count == 1 and after.average == before.average
    assert f'id="review-{review_id}"' in text_of(small_client.get("/platforms/rover"))


def test_flagging_needs_a_login(small_app, small_client, reviewed):
    _, _, review_id = reviewed
    response = small_client.get(f"/reviews/{review_id}/flag")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_flag_form_escapes_the_review(small_app, small_client, make_user):
    author, reader = make_user(small_app), make_user(small_app)
    review_id = write_platform_review(small_app, author, "rover", pros=XSS[0], cons=XSS[1])
    login(small_client, reader)
    page = small_client.get(f"/reviews/{review_id}/flag").get_data(as_text=True)
    for raw in XSS:
        assert raw not in page
    assert "&lt;script&gt;" in page and "&#34;&gt;&lt;img" in page


def test_hidden_reviews_cannot_be_voted_flagged_or_answered(small_app, small_client, reviewed,
                                                            make_user):
    _, other, review_id = reviewed
    with small_app.app_context():
        from peers.ratings.services import set_review_status
        set_review_status(db.session.get(Review, review_id), "hidden")
        db.session.commit()
    login(small_client, other)
    for action, data in (("helpful", {}), ("flag", {"reason": "x"})):
        assert post(small_client, f"/reviews/{review_id}/{action}", **data).status_code == 404
    assert count(small_app, ReviewFlag) == count(small_app, ReviewVote) == 0


# -- the platform's reply ----------------------------------------------------------------------

@pytest.fixture
def representative(small_app, make_user):
    return make_user(small_app, represents_platform_id=platform_id(small_app, "rover"))


def test_the_representative_replies_once_labelled_and_escaped(small_app, small_client,
                                                              reviewed, representative):
    _, _, review_id = reviewed
    login(small_client, representative)
    page = text_of(small_client.get("/platforms/rover"))
    assert "Reply as Rover" in page
    response = post(small_client, f"/reviews/{review_id}/reply", body=f"Thanks. {XSS[0]}{XSS[1]}")
    assert response.status_code == 302
    raw = small_client.get("/platforms/rover").get_data(as_text=True)
    page = re.sub(r"\s+", " ", raw)  # as sent: the markup must be escaped
    assert "Reply from Rover (verified representative)" in page
    for bad in XSS:
        assert bad not in raw
    assert "Thanks. &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Reply as Rover" not in page  # one reply only
    again = post(small_client, f"/reviews/{review_id}/reply", body="A second answer.")
    assert again.status_code == 409
    assert "already has the platform's reply" in text_of(again)
    with small_app.app_context():
        assert db.session.scalars(sa.select(ReviewReply.body)).all() == [
            f"Thanks. {XSS[0]}{XSS[1]}"]


@pytest.mark.parametrize(("body", "message"), [
    ("", "Write your reply."),
    ("y" * 2001, "Keep the reply under 2000 characters."),
])
def test_a_reply_has_a_body_of_at_most_2000_characters(small_app, small_client, reviewed,
                                                       representative, body, message):
    _, _, review_id = reviewed
    login(small_client, representative)
    response = post(small_client, f"/reviews/{review_id}/reply", body=body)
    assert response.status_code == 400
    assert message in text_of(response)
    assert count(small_app, ReviewReply) == 0


def test_only_the_platforms_representative_may_reply(small_app, small_client, reviewed,
                                                     make_user):
    author, other, review_id = reviewed
    elsewhere = make_user(small_app, represents_platform_id=platform_id(small_app, "airbnb"))
    moderator = make_user(small_app, role="moderator")
    for user in (author, other, elsewhere, moderator):
        login(small_client, user)
        assert "Reply as Rover" not in text_of(small_client.get("/platforms/rover"))
        response = post(small_client, f"/reviews/{review_id}/reply", body="Hello.")
        assert response.status_code == 403
    assert count(small_app, ReviewReply) == 0


def test_the_include_marks_votes_from_one_query_for_the_page(small_app, small_client, reviewed,
                                                            make_user, count_queries):
    _, other, review_id = reviewed
    for user in many_users(small_app, 5, prefix="writer"):
        write_platform_review(small_app, user, "rover")
    login(small_client, other)
    small_client.get("/platforms/rover")
    with count_queries(small_app) as few:
        small_client.get("/platforms/rover")
    for user in many_users(small_app, 5, prefix="more"):
        write_platform_review(small_app, user, "rover")
    small_client.get("/platforms/rover")  # the page's cached figures are read again once
    with count_queries(small_app) as many:
        small_client.get("/platforms/rover")
    assert len(many) == len(few)
