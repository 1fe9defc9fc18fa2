"""The earnings calculator at /calculator: no login, inputs in the address, sourced rates,
field errors for bad input."""

import re
from decimal import Decimal

import pytest

from peers.money.calculator import Work, calculate, driving_cost
from peers.money.reference import load


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_calculator_needs_no_login_and_shows_an_empty_form(client):
    response = client.get("/calculator")
    assert response.status_code == 200
    assert 'method="get"' in response.get_data(as_text=True)
    assert "What you keep" not in text_of(response)


def test_a_shared_address_shows_the_result_with_the_fee_and_sourced_rates(client):
    response = client.get("/calculator?p1=uber&hours1=20&gross1=500&country=US"
                          "&distance=100&other_costs=20")
    assert response.status_code == 200
    text = text_of(response)
    assert "What you keep" in text
    assert "IRS standard mileage rate" in text and "Self-employment tax" in text
    assert "irs.gov" in response.get_data(as_text=True)
    # 100 miles at 70 cents = 70.00 USD of driving, shown in the week's breakdown
    assert "−70.00" in text


def test_several_platforms_combine_into_one_net_hourly_pay():
    rules = load()
    assert rules["driving"]["US"].year == 2025
    one = calculate([Work(None, Decimal(10), Decimal(200))], "US", "USD", Decimal(0), Decimal(0))
    two = calculate([Work(None, Decimal(10), Decimal(200)), Work(None, Decimal(10), Decimal(100))],
                    "US", "USD", Decimal(0), Decimal(0))
    assert two.hours == 20 and two.gross == 300
    # 15.3% on 92.35% of the profit: 300 -> 42.39 of contributions
    assert two.contributions == Decimal("42.39")
    assert two.net_week == Decimal("257.61")
    assert two.net_hourly == Decimal("12.88")
    assert one.net_hourly > two.net_hourly  # the second platform pays less an hour


def test_driving_costs_follow_each_countrys_scale():
    rules = load()["driving"]
    # UK: 45p a mile up to 10,000 a year, 25p after (marginal); 250 miles a week = 13,000 a year
    yearly_gb = driving_cost(Decimal(250), rules["GB"]) * 52
    assert yearly_gb.quantize(Decimal(1)) == Decimal(10000 * 0.45 + 3000 * 0.25)
    # France, 5 CV: d x 0.357 + 1,395 between 5,001 and 20,000 km a year
    yearly_fr = driving_cost(Decimal(200), rules["FR"]) * 52
    assert yearly_fr.quantize(Decimal(1)) == (Decimal(10400) * Decimal("0.357") + 1395).quantize(
        Decimal(1))


def test_uk_contributions_are_banded_and_france_charges_turnover():
    uk = calculate([Work(None, Decimal(40), Decimal(500))], "GB", "GBP", Decimal(0), Decimal(0))
    yearly = Decimal(500 * 52)  # 26,000: 6% above 12,570
    assert uk.contributions == (Decimal("0.06") * (yearly - 12570) / 52).quantize(Decimal("0.01"))
    fr = calculate([Work(None, Decimal(40), Decimal(500))], "FR", "EUR", Decimal(0), Decimal(100))
    assert fr.contributions == Decimal("106.00")  # 21.2% of the turnover, costs or not


@pytest.mark.parametrize("query, field, message", [
    ("p1=uber&hours1=0&gross1=100&country=US", "hours1", "above 0"),
    ("p1=uber&hours1=-5&gross1=100&country=US", "hours1", "above 0"),
    ("p1=uber&hours1=500&gross1=100&country=US", "hours1", "at most"),
    ("p1=uber&hours1=10&gross1=99999999&country=US", "gross1", "at most"),
    ("p1=uber&hours1=10&gross1=100&country=US&distance=1000000", "distance", "at most"),
    ("p1=uber&hours1=10&gross1=100&currency=XYZ", "currency", "currency code"),
    ("p1=uber&hours1=10&gross1=100&country=US&currency=EUR", "currency", "works in USD"),
    ("p1=uber&hours1=10&gross1=100", "currency", "currency you are paid in"),
    ("p1=no-such-platform&hours1=10&gross1=100&country=US", "p1", "Not a valid choice"),
    ("p1=uber&gross1=100&country=US", "hours1", "Enter the hours"),
    ("country=US", "p1", "at least one platform"),
])
def test_bad_input_gets_a_field_error_and_no_result(client, query, field, message):
    response = client.get(f"/calculator?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)
    assert "What you keep" not in text_of(response)
