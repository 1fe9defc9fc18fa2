"""Reviews of vendors go through the same moderation as reviews of platforms: the queue, the
hidden list, the decision log, and who may decide."""


import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.community import services as community
from peers.extensions import db
from peers.marketplace.models import VendorReview, VendorReviewFlag
from peers.moderation.models import ModerationDecision
from tests.factories import make_vendor, write_vendor_review
from tests.helpers import csrf_token, login, text_of

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>']


def flag(app, user, review_id, reason):
    with app.app_context():
        community.flag(db.session.get(User, user.id),
                                   db.session.get(VendorReview, review_id), reason)
        db.session.commit()


def decide(client, review_id, action, reason="Breaks the rules.", page="/moderation"):
    return client.post(f"/moderation/vendor-reviews/{review_id}/decide",
                       data={"csrf_token": csrf_token(client, page), "action": action,
                             "reason": reason})


def status_of(app, review_id) -> str:
    with app.app_context():
        return db.session.get(VendorReview, review_id).status


def open_flags(app, review_id) -> int:
    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.count(VendorReviewFlag.id))
            .where(VendorReviewFlag.review_id == review_id,
                   VendorReviewFlag.resolved_at.is_(None)))


def decisions(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(sa.select(
            ModerationDecision.review_id, ModerationDecision.vendor_review_id,
            ModerationDecision.moderator_id, ModerationDecision.action, ModerationDecision.reason,
        ).order_by(ModerationDecision.id))
        return [tuple(row) for row in rows]


@pytest.fixture
def site(make_app):
    return make_app("small", MIN_REVIEWS_TO_SHOW=1, INDEX_CATCHUP_SECONDS=0)


@pytest.fixture
def world(site, make_user):
    """A vendor with a 5-star review and a reported 1-star one, and a logged-in moderator."""
    owner = make_user(site, role="vendor")
    vendor_id = make_vendor(site, owner, name="Harbour Tax")
    write_vendor_review(site, make_user(site), vendor_id, 5, "Filed on time.")
    reported = write_vendor_review(site, make_user(site), vendor_id, 1, "Total scam, avoid.")
    flag(site, make_user(site), reported, "Looks like a competitor wrote this.")
    moderator = make_user(site, role="moderator")
    client = site.test_client()
    login(client, moderator)
    return {"app": site, "client": client, "vendor_id": vendor_id, "review_id": reported,
            "moderator": moderator, "owner": owner}


def vendor_page(world) -> str:
    return text_of(world["app"].test_client().get(f"/marketplace/vendors/{world['vendor_id']}"))


def test_a_reported_vendor_review_waits_in_its_own_section_of_the_queue(world):
    response = world["client"].get("/moderation")
    assert response.status_code == 200
    page = text_of(response)
    vendor_part = page.split("Reported reviews of vendors", 1)[1]
    assert "1 review of vendors waiting for a decision" in vendor_part
    assert f"Review #{world['review_id']} of the vendor Harbour Tax" in vendor_part
    assert "Total scam, avoid." in vendor_part
    assert "Looks like a competitor wrote this." in vendor_part
    body = response.get_data(as_text=True)
    assert f'action="/moderation/vendor-reviews/{world["review_id"]}/decide"' in body
    assert f'id="reason-vendor-{world["review_id"]}"' in body


def test_hiding_takes_it_off_the_vendor_page_and_out_of_the_average(world):
    app, review_id = world["app"], world["review_id"]
    assert "3.0 out of 5 (2 reviews of the vendor)" in vendor_page(world)
    response = decide(world["client"], review_id, "hide", "Written by a competitor.")
    assert response.status_code == 302 and response.location.endswith("/moderation")
    assert status_of(app, review_id) == "hidden" and open_flags(app, review_id) == 0
    page = vendor_page(world)
    assert "Total scam" not in page and "5.0 out of 5 (1 review of the vendor)" in page
    queue = text_of(world["client"].get("/moderation"))
    assert "Hidden: the review of the vendor Harbour Tax" in queue
    assert "No reported reviews of vendors are waiting." in queue
    hidden = text_of(world["client"].get("/moderation/hidden"))
    assert "Total scam, avoid." in hidden and "Written by a competitor." in hidden
    assert decisions(app) == [(None, review_id, world["moderator"].id, "hide",
                               "Written by a competitor.")]
    log = text_of(world["client"].get("/moderation/log"))
    assert f"#{review_id} of the vendor Harbour Tax" in log and "Written by a competitor." in log


def test_keeping_resolves_the_reports_and_the_review_stays(world):
    app, review_id = world["app"], world["review_id"]
    response = decide(world["client"], review_id, "keep", "Harsh but honest.")
    assert response.status_code == 302
    assert status_of(app, review_id) == "visible" and open_flags(app, review_id) == 0
    assert "Total scam, avoid." in vendor_page(world)
    assert "3.0 out of 5 (2 reviews" in vendor_page(world)
    assert "Total scam" not in text_of(world["client"].get("/moderation"))
    assert decisions(app)[-1][1:] == (review_id, world["moderator"].id, "keep",
                                      "Harsh but honest.")


def test_restoring_puts_it_back_on_the_page_and_in_the_average(world):
    app, review_id = world["app"], world["review_id"]
    decide(world["client"], review_id, "hide")
    response = decide(world["client"], review_id, "restore", "Verified customer.",
                      page="/moderation/hidden")
    assert response.status_code == 302 and response.location.endswith("/moderation/hidden")
    assert status_of(app, review_id) == "visible"
    assert "3.0 out of 5 (2 reviews" in vendor_page(world)
    assert "No review of a vendor is hidden." in text_of(world["client"].get("/moderation/hidden"))
    assert [d[3] for d in decisions(app)] == ["hide", "restore"]


def test_a_decision_needs_a_reason_and_a_sensible_action(world):
    app, review_id = world["app"], world["review_id"]
    no_reason = decide(world["client"], review_id, "hide", reason="  ")
    assert no_reason.status_code == 400
    assert "Give a reason: it goes into the moderation log." in text_of(no_reason)
    assert f'id="reason-vendor-{review_id}-error"' in no_reason.get_data(as_text=True)
    restore_visible = decide(world["client"], review_id, "restore")
    assert restore_visible.status_code == 409
    assert "This review is not hidden" in text_of(restore_visible)
    assert status_of(app, review_id) == "visible" and open_flags(app, review_id) == 1
    assert decisions(app) == []
    assert decide(world["client"], 999999, "hide").status_code == 404


@pytest.mark.parametrize("role", ["worker", "vendor", None])
def test_only_moderators_decide(world, make_user, role):
    app, review_id = world["app"], world["review_id"]
    client = app.test_client()
    if role is not None:
        login(client, make_user(app, role=role))
    for path in ("/moderation", "/moderation/hidden", "/moderation/log"):
        response = client.get(path)
        if role is None:
            assert response.status_code == 302 and "/account/login" in response.location
        else:
            assert response.status_code == 403
    token = csrf_token(client, "/privacy" if role else "/account/login")
    response = client.post(f"/moderation/vendor-reviews/{review_id}/decide",
                           data={"csrf_token": token, "action": "hide", "reason": "Mine."})
    if role is None:
        assert response.status_code == 302 and "/account/login" in response.location
    else:
        assert response.status_code == 403
    assert status_of(app, review_id) == "visible" and decisions(app) == []


def test_the_vendors_own_owner_cannot_hide_a_review_of_it(world):
    client = world["app"].test_client()
    login(client, world["owner"])
    response = client.post(f"/moderation/vendor-reviews/{world['review_id']}/decide",
                           data={"csrf_token": csrf_token(client, "/privacy"),
                                 "action": "hide", "reason": "Unfair."})
    assert response.status_code == 403 and status_of(world["app"], world["review_id"]) == "visible"


def test_review_and_report_text_is_escaped_in_the_queue(site, make_user):
    owner = make_user(site, role="vendor")
    vendor_id = make_vendor(site, owner, name="Harbour Tax")
    review_id = write_vendor_review(site, make_user(site), vendor_id, 2, " ".join(XSS))
    flag(site, make_user(site), review_id, XSS[1])
    client = site.test_client()
    login(client, make_user(site, role="moderator"))
    body = client.get("/moderation").get_data(as_text=True)
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in body
    hidden = decide(client, review_id, "hide", XSS[0])
    assert hidden.status_code == 302
    for path in ("/moderation/hidden", "/moderation/log"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
