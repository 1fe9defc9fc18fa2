"""A result card's money for this worker: their currency at a dated ECB rate with the original
beside it, reports of their country (and city) first, a range from reports, never a claim
multiplied by every hour; and the conversions themselves."""

import re
from datetime import date
from decimal import Decimal

import pytest

from peers.money.rates import NoRate, UnknownCurrency, convert, currency_for_country, in_currency
from tests.ratings.test_ratings_pages import add_reviews


def visible(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def card_of(page: str, name: str) -> str:
    """The text of one result card, from its title to the next card."""
    start = page.index(f" {name} ")
    return page[start:start + 1500]


def test_the_place_gives_the_currency():
    assert currency_for_country("FR") == "EUR"
    assert currency_for_country("GB") == "GBP"
    assert currency_for_country("JP") == "JPY"
    assert currency_for_country("ZZ") is None
    assert currency_for_country(None) is None


def test_conversion_is_dated_and_keeps_the_original():
    converted = convert(Decimal(100), "USD", "EUR", on=date(2024, 1, 2))
    assert converted.rate_date == date(2024, 1, 2)
    assert converted.original == 100 and converted.original_currency == "USD"
    assert Decimal(80) < converted.amount < Decimal(100)  # a euro cost more than a dollar


def test_bad_conversions_are_refused_not_guessed():
    with pytest.raises(UnknownCurrency):
        convert(Decimal(1), "XYZ", "EUR")
    with pytest.raises(NoRate):
        convert(Decimal(1), "USD", "EUR", on=date(1990, 1, 1))  # before the euro's table
    with pytest.raises(NoRate):
        convert(Decimal(1), "USD", "EUR", on=date(2024, 1, 6))  # a Saturday: no fixing
    # For display, a missing rate shows the original currency, never a wrong number.
    shown = in_currency(Decimal(500), "VND", "EUR")  # the ECB publishes no dong rate
    assert (shown.amount, shown.currency, shown.converted) == (Decimal(500), "VND", False)


def test_a_paris_worker_sees_euros_converted_from_dollars_with_the_rate_date(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4, 4, 4], net=20, currency="USD",
                country="US")
    page = visible(small_app.test_client().get(
        "/discover?q=dog+walking&location=Paris&hours=10"))
    card = card_of(page, "Hourly Walkers")
    assert re.search(r"≈ [\d.,]+ EUR an hour \(converted from 20\.00 USD at the ECB rate of "
                     r"\d{4}-\d\d-\d\d ?\)", card)
    assert "in all countries" in card and "median of 5 reports" in card
    # The monthly range comes from the reports (here all 20/h): 20 x 10 x 52/12 = 867 USD.
    assert "converted from 867 USD" in card and "25th to 75th percentile" in card


def test_reports_of_the_workers_country_come_first_and_all_countries_are_labelled(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=30, currency="USD", country="US")
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=15, currency="GBP", country="GB")
    card = card_of(visible(small_app.test_client().get(
        "/discover?q=dog+walking&location=Austin%2C+TX")), "Hourly Walkers")
    in_us = card.index("30.00 USD an hour after expenses in United States")
    everywhere = card.index("in all countries")
    assert in_us < everywhere
    assert "median of 3 reports" in card


def test_a_range_uses_the_quartiles_of_reported_pay(small_app):
    add_reviews(small_app, "hourly-walkers", [4] * 5, net=None)  # reviews without pay
    for net in (10, 20, 30, 40, 50):
        add_reviews(small_app, "hourly-walkers", [4], net=net, currency="USD", country="US")
    card = card_of(visible(small_app.test_client().get(
        "/discover?q=dog+walking&location=Austin%2C+TX&hours=10")), "Hourly Walkers")
    # 25th percentile 20/h, 75th 40/h; x 10 h x 52/12 = 867 to 1,733 USD a month
    assert "867 USD to 1,733 USD a month at 10 hours a week" in card


def test_without_enough_reports_the_claim_is_labelled_and_not_multiplied(small_app):
    add_reviews(small_app, "hourly-walkers", [4], net=25, currency="USD", country="US")
    card = card_of(visible(small_app.test_client().get(
        "/discover?q=dog+walking&location=Austin%2C+TX&hours=10")), "Hourly Walkers")
    assert "Not enough earnings reports yet (1 so far)" in card
    assert "The platform's own claim, not what workers report: 20.00 USD per hour" in card
    assert "a month at" not in card
