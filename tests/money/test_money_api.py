"""/api/v1/discover results carry rating, earnings, fee and estimate, honour `hours`, and
match the OpenAPI document."""

from tests.helpers import validated_get
from tests.ratings.test_ratings_pages import add_reviews


def result(body, slug):
    return next(r for r in body["results"] if r["slug"] == slug)


def test_results_carry_rating_earnings_fee_and_estimate(small_app, openapi):
    add_reviews(small_app, "hourly-walkers", [5, 4, 3], net=20, currency="USD", country="US")
    client = small_app.test_client()
    body = validated_get(client, openapi,
                         "/api/v1/discover?q=dog+walking&location=Paris&hours=10").json
    walkers = result(body, "hourly-walkers")
    assert walkers["rating"] == {"review_count": 3, "enough": True, "average": 4.0,
                                 "bayesian_average": walkers["rating"]["bayesian_average"]}
    [everywhere] = walkers["earnings"]
    assert (everywhere["scope"], everywhere["currency"], everywhere["reports"]) == (
        "all", "EUR", 3)
    assert everywhere["converted_from"]["amount"] == 20.0
    assert everywhere["converted_from"]["currency"] == "USD"
    assert everywhere["converted_from"]["rate_date"] <= "2026-12-31"
    estimate = walkers["estimate"]
    assert (estimate["basis"], estimate["period"], estimate["hours_per_week"]) == (
        "reports", "month", 10)
    assert estimate["converted_from"] == {"low": 867.0, "high": 867.0, "currency": "USD",
                                          "rate_date": everywhere["converted_from"]["rate_date"],
                                          "rate_source": "ECB"}
    assert walkers["fee"] is None  # the small catalog knows no fee


def test_hours_change_the_estimate_and_a_claim_is_never_multiplied(small_app, openapi):
    add_reviews(small_app, "hourly-walkers", [5, 4, 3], net=20, currency="USD", country="US")
    client = small_app.test_client()
    ten = result(validated_get(client, openapi, "/api/v1/discover?q=dog+walking&hours=10").json,
                 "hourly-walkers")["estimate"]
    twenty = result(validated_get(client, openapi,
                                  "/api/v1/discover?q=dog+walking&hours=20").json,
                    "hourly-walkers")["estimate"]
    assert (ten["low"], twenty["low"]) == (867.0, 1733.0)
    rover = result(validated_get(client, openapi, "/api/v1/discover?q=dog+walking&hours=10").json,
                   "rover")["estimate"]
    assert (rover["basis"], rover["low"], rover["period"]) == ("claim", 1000.0, "month")


def test_bad_hours_are_a_json_field_error(small_client):
    for hours in ("0", "-3", "1000", "many"):
        response = small_client.get(f"/api/v1/discover?q=dogs&hours={hours}")
        assert response.status_code == 400
        assert response.json["error"]["field"] == "hours"
