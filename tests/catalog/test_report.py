"""The catalog report: coverage of each fact over active platforms, stale facts, facts
without a source; the same figures from the command and from the API."""

import json

from peers.discovery.models import Platform
from peers.extensions import db
from tests.helpers import validated_get


def coverage(report: dict) -> dict[str, tuple[int, float]]:
    return {c["field"]: (c["count"], c["share"]) for c in report["coverage"]}


def test_report_counts_active_platforms_only(small_app):
    # The small catalog: rover, airbnb, blablacar active (dogvacay merged, waze closed...).
    result = small_app.test_cli_runner().invoke(args=["peers", "catalog-report", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    with small_app.app_context():
        active = db.session.query(Platform).filter_by(status="active").all()
        with_fee = [p.slug for p in active if p.fee]
        with_age = [p.slug for p in active if (p.requirements or {}).get("min_age")]
    assert report["active_platforms"] == len(active)
    assert coverage(report)["fee"] == (len(with_fee),
                                       round(100 * len(with_fee) / len(active), 1))
    assert coverage(report)["min_age"][0] == len(with_age)
    assert {c["field"]: c["target"] for c in report["coverage"]}["fee"] == 75


def test_stale_and_unsourced_facts_are_listed(small_app):
    with small_app.app_context():
        rover = db.session.query(Platform).filter_by(slug="rover").one()
        rover.advertised_pay = {**rover.advertised_pay, "as_of": 2019}
        db.session.commit()
    result = small_app.test_cli_runner().invoke(args=["peers", "catalog-report"])
    assert "rover: advertised_pay (as of 2019)" in result.output
    assert "rover: requirements" in result.output  # min age without a source
    assert "rover: regions" in result.output  # a country list without a source
    assert "Coverage (active platforms):" in result.output
    page = small_app.test_client().get("/platforms/rover").get_data(as_text=True)
    assert "May be out of date" in page


def test_the_api_gives_the_same_figures(small_app, small_client, openapi):
    body = validated_get(small_client, openapi, "/api/v1/catalog/report").json
    result = small_app.test_cli_runner().invoke(args=["peers", "catalog-report", "--json"])
    assert body == json.loads(result.output)
    assert "/catalog/report" in small_client.get("/api/v1/openapi.json").json["paths"]


def test_the_platform_api_carries_the_new_facts(small_client, openapi):
    body = validated_get(small_client, openapi, "/api/v1/platforms/rover").json
    assert {"regions_source", "regions_as_of", "cities", "roles", "fairwork",
            "changes"} <= set(body)
