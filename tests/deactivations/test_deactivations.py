"""Deactivation reports as workers use them: report, aggregates with the minimum count (page
and API), appeal routes and rights, the data-access letter, moderation, export, deletion."""

import json

import pytest
import sqlalchemy as sa

from peers.accounts import services as accounts
from peers.accounts.models import User
from peers.deactivations import services
from peers.deactivations.guide import GuideError, guide, parse
from peers.deactivations.models import DeactivationReport
from peers.extensions import db
from tests.factories import count, many_users, platform_id
from tests.helpers import PASSWORD, login, post, text_of

REPORT = "/deactivation/report"
FIELDS = {"platform": "rover", "role": "dog walker", "place": "Lyon", "month": "2026-03",
          "reason": "customer-complaint", "warned": "", "appealed": "y",
          "outcome": "reinstated", "days_to_outcome": "12"}


def send(client, **changes):
    return post(client, REPORT, REPORT, **{**FIELDS, **changes})


def add(app, user, **fields) -> int:
    from datetime import date
    with app.app_context():
        data = services.ReportData(**{"platform_id": platform_id(app, "rover"), "country": "FR",
                                      "month": date(2026, 1, 1), "reason": "ratings", **fields})
        row = services.report(db.session.get(User, user.id), data)
        db.session.commit()
        return row.id


def test_a_worker_reports_a_deactivation_and_reads_it_back(small_app, small_client, make_user):
    login(small_client, make_user(small_app, display_name="Secret Name"))
    response = send(small_client)
    assert response.status_code == 302
    page = text_of(small_client.get(response.headers["Location"]))
    assert "Reason given: A customer complaint" in page
    assert "Lyon" in page and "France" in page and "Appealed: Reinstated after 12 days" in page
    assert "Secret Name" not in page
    with small_app.app_context():
        row = db.session.scalar(sa.select(DeactivationReport))
        assert (row.country, row.city, row.month.isoformat()) == ("FR", "Lyon", "2026-03-01")


@pytest.mark.parametrize("changes, message", [
    ({"platform": "no-such"}, "Choose the platform from the list."),
    ({"place": ""}, "Say where you worked"),
    ({"place": "Xqzzyville"}, "Xqzzyville"),
    ({"month": "March"}, "Give the month as YYYY-MM"),
    ({"month": "2031-01"}, "Give a month between 2009 and this month."),
    ({"reason": "bad-luck"}, "Not a valid choice"),
    ({"reason": "other", "reason_other": ""}, "Say which reason the platform gave."),
    ({"appealed": "", "outcome": "reinstated"}, "An outcome needs an appeal"),
    ({"outcome": ""}, "Say what came of the appeal"),
    ({"outcome": "pending", "days_to_outcome": "3"}, "Leave the number of days empty"),
    ({"days_to_outcome": "-1"}, "Give 0 to 3650 days."),
    ({"role": "r" * 81}, "Field cannot be longer than 80 characters."),
])
def test_bad_input_gets_a_field_error_and_stores_nothing(small_app, small_client, make_user,
                                                         changes, message):
    login(small_client, make_user(small_app))
    response = send(small_client, **changes)
    assert response.status_code == 400
    assert message in text_of(response)
    assert count(small_app, DeactivationReport) == 0


def test_an_unconfirmed_account_cannot_report(small_app, small_client, make_user):
    login(small_client, make_user(small_app, confirmed=False))
    assert send(small_client).status_code == 403
    assert count(small_app, DeactivationReport) == 0


def test_aggregates_wait_for_the_minimum_then_show_on_the_page_and_the_api(small_app,
                                                                          small_client):
    minimum = small_app.config["MIN_REVIEWS_TO_SHOW"]
    workers = many_users(small_app, minimum)
    for worker in workers[:-1]:
        add(small_app, worker, appealed=True, outcome="reinstated", days_to_outcome=10)
    api = small_client.get("/api/v1/platforms/rover/ratings").get_json()["deactivations"]
    assert api["report_count"] == minimum - 1 and api["enough"] is False
    assert api["reinstated_share"] is None and api["top_reasons"] == []
    add(small_app, workers[-1], reason="no-reason", appealed=True, outcome="not-reinstated",
        days_to_outcome=40, warned=True)
    api = small_client.get("/api/v1/platforms/rover/ratings").get_json()["deactivations"]
    assert api["enough"] is True and api["report_count"] == minimum
    assert api["reinstated_share"] == round((minimum - 1) / minimum, 3)
    assert api["median_days_to_outcome"] == 10
    assert api["top_reasons"][0] == {"reason": "ratings", "label": "Customer ratings too low",
                                     "count": minimum - 1}
    page = text_of(small_client.get("/platforms/rover"))
    assert "Deactivations reported by workers" in page
    share = round(100 * (minimum - 1) / minimum)
    assert f"Reinstated after an appeal {share}% of {minimum}" in page


def test_the_guide_shows_appeal_routes_rights_and_writes_a_letter_that_is_not_stored(
        small_app, small_client):
    index = text_of(small_client.get("/deactivation"))
    assert "Right of access to your data (GDPR Article 15)" in index
    assert "California Consumer Privacy Act" in index
    response = post(small_client, "/deactivation/letter", "/deactivation", platform="rover",
                    name="Ana Díaz", email="ana@example.org", place="Lyon",
                    details="Deactivated on 3 March 2026.")
    assert response.status_code == 200
    letter = text_of(response)
    assert "Article 15 of the General Data Protection Regulation" in letter
    assert "ana@example.org" in letter and "Deactivated on 3 March 2026." in letter
    uk = text_of(post(small_client, "/deactivation/letter", "/deactivation", platform="rover",
                      name="Ana", email="ana@example.org", place="London"))
    assert "UK General Data Protection Regulation" in uk
    bad = post(small_client, "/deactivation/letter", "/deactivation", platform="rover",
               name="", email="not-an-email")
    assert bad.status_code == 400
    assert "Give your name" in text_of(bad) and "Give a valid email address." in text_of(bad)


def test_the_guide_file_is_checked(small_app):
    with small_app.app_context():
        assert guide().rights_for("FR") and not any(
            r.key == "ccpa" for r in guide().rights_for("FR"))
        assert any(r.key == "ccpa" for r in guide().rights_for("US"))
    with pytest.raises(GuideError, match="'source'"):
        parse("rights:\n  - {key: x, title: X, text: Y, where: [FR], as_of: 2024}\n")
    with pytest.raises(GuideError, match="unknown place 'ZZ'"):
        parse("rights:\n  - {key: x, title: X, text: Y, where: [ZZ], source: "
              "'https://example.org', as_of: 2024}\n")


def test_a_report_can_be_flagged_and_hidden_and_leaves_the_count(small_app, small_client,
                                                                 make_user):
    report_id = add(small_app, make_user(small_app), reason="other",
                    reason_other="The manager Bob Smith hates me")
    page = "/deactivation/rover"
    login(small_client, make_user(small_app))
    assert post(small_client, f"/deactivation/reports/{report_id}/flag", page,
                reason="Names a person.").status_code == 302
    login(small_client, make_user(small_app, role="moderator"))
    assert post(small_client, f"/moderation/deactivation-reports/{report_id}/decide",
                "/moderation", action="hide", reason="Names a person.").status_code == 302
    assert "Bob Smith" not in text_of(small_client.get(page))
    api = small_client.get("/api/v1/platforms/rover/ratings").get_json()["deactivations"]
    assert api["report_count"] == 0


@pytest.mark.parametrize("keep", [True, False])
def test_export_and_deletion(small_app, small_client, make_user, keep):
    worker = make_user(small_app)
    add(small_app, worker)
    login(small_client, worker)
    data = json.loads(small_client.get("/account/export").get_data(as_text=True))
    assert [r["reason"] for r in data["deactivation_reports"]] == ["ratings"]
    with small_app.app_context():
        accounts.delete_account(db.session.get(User, worker.id), PASSWORD, keep_reviews=keep)
        db.session.commit()
    assert count(small_app, DeactivationReport) == (1 if keep else 0)
