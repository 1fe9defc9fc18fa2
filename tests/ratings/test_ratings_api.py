"""The ratings API: a platform's aggregates as JSON and every platform's as CSV, both checked
against the OpenAPI document, with nothing about any one reviewer."""

import csv
import io
import json
from decimal import Decimal

import sqlalchemy as sa
from openapi_spec_validator import validate

from peers.accounts.models import User
from peers.accounts.passwords import hash_password
from peers.api.money import EARNINGS_COLUMNS, RATINGS_COLUMNS
from peers.api.openapi import openapi_document
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings import services
from peers.ratings.services import ReviewData
from tests.helpers import PASSWORD, validated_get

_HASH = hash_password(PASSWORD)


get_valid = validated_get


def add_reviews(app, slug, stars, net=None, currency="USD") -> list[User]:
    """One confirmed account and review for each number of stars; the accounts."""
    with app.app_context():
        platform = db.session.scalars(sa.select(Platform).where(Platform.slug == slug)).one()
        users = []
        for n, overall in enumerate(stars):
            user = User(email=f"api-{slug}-{n}-{currency}@example.org", password_hash=_HASH,
                        display_name=f"Reviewer {n}", email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            earnings = {}
            if net is not None:
                earnings = dict(gross_pay=Decimal(net) * 10, currency=currency, period="week",
                                hours_worked=Decimal(10))
            services.save_review(user, platform, ReviewData(
                overall=overall, pay=overall, flexibility=4, support=2, fairness=3, safety=5,
                would_recommend=overall > 3, tenure="1-3y", still_active=True,
                pros=f"secret pros {n}", cons="secret cons", city="Secretville",
                issues=("late-pay",), **earnings))
            users.append(user)
        db.session.commit()
        return [(u.id, u.email) for u in users]


def test_the_document_describes_the_ratings_endpoints(small_client):
    document = small_client.get("/api/v1/openapi.json").json
    validate(document)
    assert {"/platforms/{slug}/ratings", "/ratings.csv", "/earnings.csv"} <= set(
        document["paths"])
    for path, columns in (("/ratings.csv", RATINGS_COLUMNS),
                          ("/earnings.csv", EARNINGS_COLUMNS)):
        described = document["paths"][path]["get"]["description"]
        for column in columns:
            assert column in described


def test_ratings_below_the_minimum_give_only_the_count(small_app, openapi):
    add_reviews(small_app, "rover", [5, 1], net=12)
    body = get_valid(small_app.test_client(), openapi, "/api/v1/platforms/rover/ratings").json
    assert (body["review_count"], body["min_reviews"], body["enough"]) == (2, 3, False)
    assert body["average"] is None and body["distribution"] is None
    assert body["dimensions"] is None and body["recommend_share"] is None
    assert body["issues"] == []
    assert body["earnings"] == [
        {"currency": "USD", "report_count": 2, "median_net_hourly": None}]


def test_ratings_give_the_aggregates_and_the_advertised_pay(small_app, openapi):
    add_reviews(small_app, "hourly-walkers", [5, 4, 1], net=15)
    body = get_valid(small_app.test_client(), openapi,
                     "/api/v1/platforms/hourly-walkers/ratings").json
    assert body["slug"] == "hourly-walkers" and body["enough"] is True
    assert body["review_count"] == 3 and body["average"] == 3.33
    assert body["bayesian_average"] == round((5 * 3 + 10) / 8, 2)
    assert body["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    assert body["dimensions"] == {"pay": 3.33, "flexibility": 4.0, "support": 2.0,
                                  "fairness": 3.0, "safety": 5.0}
    assert body["recommend_share"] == 0.667
    assert body["issues"] == [{"tag": "late-pay", "label": "Late or missing pay", "count": 3}]
    assert body["earnings"] == [
        {"currency": "USD", "report_count": 3, "median_net_hourly": 15.0}]
    assert body["advertised_pay"]["per"] == "hour" and body["advertised_pay"]["amount"] == 20


def test_ratings_hold_no_personal_data(small_app, openapi):
    reviewers = add_reviews(small_app, "rover", [5, 4, 3])
    raw = get_valid(small_app.test_client(), openapi,
                    "/api/v1/platforms/rover/ratings").get_data(as_text=True)
    for word in ("secret", "Secretville", "Reviewer", "example.org", "user", "email"):
        assert word not in raw
    documented = openapi_document()["components"]["schemas"]["PlatformRatings"]["properties"]
    assert set(json.loads(raw)) == set(documented)
    assert all(email not in raw for _id, email in reviewers)


def test_ratings_of_an_unknown_platform_are_a_json_404(small_client, openapi):
    body = get_valid(small_client, openapi, "/api/v1/platforms/nope/ratings", status=404).json
    assert body["error"]["code"] == "not_found"


def test_the_ratings_csv_has_one_row_per_platform(small_app, openapi):
    add_reviews(small_app, "rover", [5, 4, 3], net=10)
    add_reviews(small_app, "rover", [2, 2, 2], net=8, currency="GBP")
    add_reviews(small_app, "airbnb", [4], net=30)
    response = get_valid(small_app.test_client(), openapi, "/api/v1/ratings.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == RATINGS_COLUMNS
    slugs = [r["slug"] for r in rows]
    assert slugs == ["airbnb", "blablacar", "dogvacay", "hourly-walkers", "rover",
                     "waze-carpool"]  # each once, even with reports in two currencies
    assert sum(int(r["review_count"]) for r in rows) == 7  # summing no longer double-counts
    rover = next(r for r in rows if r["slug"] == "rover")
    assert (rover["review_count"], rover["enough"], rover["average"]) == ("6", "true", "3.0")
    assert rover["pay_average"] == "3.0" and rover["recommend_share"] == "0.333"
    airbnb = next(r for r in rows if r["slug"] == "airbnb")
    assert (airbnb["enough"], airbnb["average"]) == ("false", "")
    # The same boolean as the JSON of the same API writes it.
    body = small_app.test_client().get("/api/v1/platforms/rover/ratings").json
    assert json.dumps(body["enough"]) == rover["enough"]
    assert "secret" not in response.get_data(as_text=True)


def test_the_earnings_csv_has_one_row_per_platform_currency_and_country(small_app, openapi):
    add_reviews(small_app, "rover", [5, 4, 3], net=10)
    add_reviews(small_app, "rover", [2, 2, 2], net=8, currency="GBP")
    add_reviews(small_app, "airbnb", [4], net=30)
    response = get_valid(small_app.test_client(), openapi, "/api/v1/earnings.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == EARNINGS_COLUMNS
    assert [(r["slug"], r["currency"], r["country"], r["reports"], r["median_net_hourly"])
            for r in rows] == [("airbnb", "USD", "", "1", ""), ("rover", "GBP", "", "3", "8.00"),
                               ("rover", "USD", "", "3", "10.00")]
    assert "secret" not in response.get_data(as_text=True)
