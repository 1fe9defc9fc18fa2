"""The moderation queue: who may use it, what it shows, and what each decision does."""

import html
import re

import pytest
import sqlalchemy as sa

from peers.community import services as community
from peers.extensions import db
from peers.moderation import services
from peers.moderation.models import ModerationDecision
from peers.ratings.models import Review, ReviewFlag
from tests.factories import (
    many_users,
    platform_id,
    platform_review_row,
    summary_of,
    write_platform_review,
)
from tests.helpers import csrf_token, login

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>',
       '<a href="javascript:alert(1)">click</a>']
PAGES = ("/moderation", "/moderation/hidden", "/moderation/log")


def text_of(response) -> str:
    """The page as a person reads it: entities decoded, whitespace folded."""
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


@pytest.fixture
def people(small_app, make_user):
    """author, reporter, moderator, and Rover with the author's review (reported once)."""
    author = make_user(small_app)
    reporter = make_user(small_app)
    moderator = make_user(small_app, role="moderator")
    review_id = write_platform_review(small_app, author, "rover", overall=2, would_recommend=False)
    flag(small_app, reporter, review_id, "Looks like a competitor wrote this.")
    return author, reporter, moderator, review_id


def flag(app, user, review_id, reason):
    with app.app_context():
        community.flag(user, db.session.get(Review, review_id), reason)
        db.session.commit()


def decide(client, review_id, action, reason="Breaks the rules.", page="/moderation"):
    return client.post(f"/moderation/reviews/{review_id}/decision",
                       data={"csrf_token": csrf_token(client, page), "action": action,
                             "reason": reason})


def open_flags(app, review_id) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(ReviewFlag.id))
            .where(ReviewFlag.review_id == review_id, ReviewFlag.resolved_at.is_(None)))


def decisions(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(sa.select(
            ModerationDecision.review_id, ModerationDecision.moderator_id,
            ModerationDecision.action, ModerationDecision.reason,
        ).order_by(ModerationDecision.id))
        return [tuple(row) for row in rows]


# -- who may moderate --------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGES)
def test_anonymous_people_are_sent_to_log_in(small_client, path):
    response = small_client.get(path)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["worker", "vendor"])
@pytest.mark.parametrize("path", PAGES)
def test_workers_and_vendors_get_403(small_app, small_client, make_user, role, path):
    login(small_client, make_user(small_app, role=role))
    assert small_client.get(path).status_code == 403


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_see_the_queue(small_app, small_client, make_user, people, role):
    login(small_client, make_user(small_app, role=role))
    page = text_of(small_client.get("/moderation"))
    assert "Looks like a competitor wrote this." in page and "Review #" in page


def test_nobody_but_a_moderator_can_hide_a_review(small_app, small_client, make_user, people):
    author, reporter, moderator, review_id = people
    vendor = make_user(small_app, role="vendor")
    representative = make_user(small_app, represents_platform_id=platform_id(small_app, "rover"))
    for user in (author, reporter, vendor, representative):
        login(small_client, user)
        response = decide(small_client, review_id, "hide", page="/platforms/rover")
        assert response.status_code == 403, user
    with small_client.session_transaction() as session:
        session.clear()  # anonymous
    anonymous = decide(small_client, review_id, "hide", page="/account/login")
    assert anonymous.status_code == 302
    review = platform_review_row(small_app, review_id)
    assert review.status == "visible" and review.is_counted
    assert decisions(small_app) == [] and open_flags(small_app, review_id) == 1


def test_the_service_refuses_anyone_but_a_moderator(small_app, people):
    author, reporter, _, review_id = people
    with small_app.app_context():
        review = db.session.get(Review, review_id)
        for user in (author, reporter):
            with pytest.raises(services.NotAModerator):
                services.decide(user, review, "hide", "I want it gone.")
        assert review.status == "visible"


# -- what the queue shows ----------------------------------------------------------------------

def test_the_queue_escapes_review_text_and_flag_reasons(small_app, small_client, make_user):
    author, reporter, moderator = (make_user(small_app), make_user(small_app),
                                   make_user(small_app, role="moderator"))
    review_id = write_platform_review(small_app, author, "rover", pros=XSS[0] + XSS[2], cons=XSS[1])
    flag(small_app, reporter, review_id, XSS[1] + XSS[0])
    login(small_client, moderator)
    raw = small_client.get("/moderation").get_data(as_text=True)
    for bad in XSS:
        assert bad not in raw
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in raw
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in raw
    assert 'href="javascript:' not in raw
    decide(small_client, review_id, "hide", reason=XSS[0])
    for path in ("/moderation/hidden", "/moderation/log"):
        raw = small_client.get(path).get_data(as_text=True)
        assert XSS[0] not in raw and "&lt;script&gt;" in raw


def test_the_queue_lists_only_reviews_with_open_flags(small_app, small_client, people,
                                                     make_user):
    _, _, moderator, review_id = people
    quiet = write_platform_review(small_app, make_user(small_app), "rover")
    login(small_client, moderator)
    page = text_of(small_client.get("/moderation"))
    assert "1 review waiting for a decision" in page
    assert f'id="review-{review_id}"' in page and f'id="review-{quiet}"' not in page


def test_the_queue_costs_the_same_with_many_flagged_reviews(make_app, make_user, count_queries):
    app = make_app("small")
    client = app.test_client()
    moderator = make_user(app, role="moderator")
    reporters = many_users(app, 2, prefix="reporter")

    def flag_new_reviews(prefix, slug):
        for user in many_users(app, 3, prefix=prefix):
            review_id = write_platform_review(app, user, slug)
            for reporter in reporters:
                flag(app, reporter, review_id, "Spam.")

    flag_new_reviews("first", "rover")
    login(client, moderator)
    client.get("/moderation")
    with count_queries(app) as few:
        client.get("/moderation")
    flag_new_reviews("second", "airbnb")
    flag_new_reviews("third", "blablacar")
    with count_queries(app) as many:
        assert "9 reviews waiting" in text_of(client.get("/moderation"))
    assert len(many) == len(few)


# -- decisions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("stars", [1, 5])
def test_hide_takes_the_review_out_of_every_aggregate(small_app, small_client, make_user, stars):
    """Negative and positive reviews take the same path."""
    moderator, reporter = make_user(small_app, role="moderator"), make_user(small_app)
    keep = [write_platform_review(small_app, u, "rover", overall=3, issues=("late-pay",))
            for u in many_users(small_app, 3)]
    review_id = write_platform_review(small_app, make_user(small_app), "rover", overall=stars,
                                      would_recommend=stars > 3, issues=("unsafe",),
                                      gross_pay=__import__("decimal").Decimal("200"),
                                      hours_worked=__import__("decimal").Decimal("10"),
                                      currency="USD", period="week")
    flag(small_app, reporter, review_id, "Not about the work.")
    before = summary_of(small_app, "rover")
    assert before.count == 4 and dict((t, n) for t, _, n in before.top_issues)["unsafe"] == 1
    login(small_client, moderator)
    response = decide(small_client, review_id, "hide", reason="Not about the work.")
    assert response.status_code == 302 and response.headers["Location"].endswith("/moderation")
    after = summary_of(small_app, "rover")
    assert after.count == 3 and after.average == 3.0
    assert "unsafe" not in {t for t, _, _ in after.top_issues}
    assert after.earnings == []
    review = platform_review_row(small_app, review_id)
    assert review.status == "hidden" and not review.is_counted
    assert open_flags(small_app, review_id) == 0
    assert decisions(small_app) == [(review_id, moderator.id, "hide", "Not about the work.")]
    assert f'id="review-{review_id}"' not in text_of(small_client.get("/platforms/rover"))
    assert f'id="review-{review_id}"' not in text_of(small_client.get("/moderation"))
    assert f'id="review-{review_id}"' in text_of(small_client.get("/moderation/hidden"))
    log = text_of(small_client.get("/moderation/log"))
    assert "Hide" in log and "Not about the work." in log and "Rover" in log
    assert all(platform_review_row(small_app, k).is_counted for k in keep)


def test_keep_resolves_the_flags_and_leaves_the_review(small_app, small_client, people):
    _, _, moderator, review_id = people
    before = summary_of(small_app, "rover")
    login(small_client, moderator)
    assert decide(small_client, review_id, "keep", reason="Harsh but fair.").status_code == 302
    review = platform_review_row(small_app, review_id)
    assert review.status == "visible" and review.is_counted
    assert summary_of(small_app, "rover") == before
    assert open_flags(small_app, review_id) == 0
    assert decisions(small_app) == [(review_id, moderator.id, "keep", "Harsh but fair.")]
    assert "0 reviews waiting" in text_of(small_client.get("/moderation"))


def test_restore_brings_a_hidden_review_back(small_app, small_client, people):
    _, _, moderator, review_id = people
    before = summary_of(small_app, "rover")
    login(small_client, moderator)
    decide(small_client, review_id, "hide")
    assert summary_of(small_app, "rover").count == 0
    response = decide(small_client, review_id, "restore", reason="Appeal upheld.",
                      page="/moderation/hidden")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moderation/hidden")
    assert summary_of(small_app, "rover") == before
    assert platform_review_row(small_app, review_id).status == "visible"
    assert [d[2] for d in decisions(small_app)] == ["hide", "restore"]


@pytest.mark.parametrize("reason", ["", "   ", "z" * 1001])
def test_every_decision_needs_a_reason(small_app, small_client, people, reason):
    _, _, moderator, review_id = people
    login(small_client, moderator)
    response = decide(small_client, review_id, "hide", reason=reason)
    assert response.status_code == 400
    page = text_of(response)
    error = page[page.index(f'id="reason-{review_id}-error"'):]
    assert ("Give a reason" in error[:200]) or ("under 1000 characters" in error[:200])
    assert platform_review_row(small_app, review_id).status == "visible"
    assert decisions(small_app) == [] and open_flags(small_app, review_id) == 1


def test_an_unknown_action_changes_nothing(small_app, small_client, people):
    _, _, moderator, review_id = people
    login(small_client, moderator)
    assert decide(small_client, review_id, "delete").status_code == 400
    assert platform_review_row(small_app, review_id).status == "visible"
    assert decisions(small_app) == []


def test_hiding_twice_is_refused_with_a_reason(small_app, small_client, people):
    _, _, moderator, review_id = people
    login(small_client, moderator)
    decide(small_client, review_id, "hide")
    again = decide(small_client, review_id, "hide")
    assert again.status_code == 409
    assert "already hidden" in text_of(again)
    assert len(decisions(small_app)) == 1


def test_decisions_need_a_csrf_token(small_app, small_client, people):
    _, _, moderator, review_id = people
    login(small_client, moderator)
    response = small_client.post(f"/moderation/reviews/{review_id}/decision",
                                 data={"action": "hide", "reason": "No token."})
    assert response.status_code == 400
    assert platform_review_row(small_app, review_id).status == "visible"


def test_an_unknown_review_is_404(small_app, small_client, people):
    login(small_client, people[2])
    assert decide(small_client, 9999, "hide").status_code == 404


def test_the_log_lists_decisions_newest_first_with_the_moderator(small_app, small_client,
                                                                 make_user, people):
    _, _, moderator, review_id = people
    with small_app.app_context():
        from peers.accounts.models import User
        db.session.get(User, moderator.id).display_name = "Mo the moderator"
        db.session.commit()
    login(small_client, moderator)
    decide(small_client, review_id, "hide", reason="First decision.")
    decide(small_client, review_id, "restore", reason="Second decision.",
           page="/moderation/hidden")
    page = text_of(small_client.get("/moderation/log"))
    assert page.index("Second decision.") < page.index("First decision.")
    assert "Mo the moderator" in page
