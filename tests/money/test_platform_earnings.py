"""The earnings section of a platform page: the worker's place first, then by city, role and
quarter as server-rendered SVG with the numbers in a table; one figure is a sentence."""

import re
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from peers.extensions import db
from peers.money.charts import trend
from peers.ratings.models import Review
from tests.ratings.test_ratings_pages import add_reviews


def visible(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def section(html: str) -> str:
    start = html.index('id="earnings"')
    return html[start:html.index("</section>", start)]


def test_one_figure_is_a_sentence_not_a_full_width_bar(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=15, city="Austin", country="US")
    html = small_app.test_client().get("/platforms/hourly-walkers").get_data(as_text=True)
    part = section(html)
    assert "<svg" not in part  # one city, one quarter: nothing to draw
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))
    assert "15.00 USD an hour after expenses in all countries (median of 3 reports)" in text
    assert "only Austin (US) has enough reports" in text
    assert "The platform's own claim, not what workers report: Walkers earn $20 an hour" in text


def test_the_workers_country_comes_first_in_their_currency(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=20, country="FR", currency="EUR")
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=30, country="US")
    text = visible(small_app.test_client().get("/platforms/hourly-walkers?country=FR"))
    in_france = text.index("20.00 EUR an hour after expenses in France (median of 3 reports)")
    everywhere = text.index("in all countries")
    assert in_france < everywhere
    assert re.search(r"≈ [\d.,]+ EUR an hour \(converted from 30\.00 USD at the ECB rate of "
                     r"\d{4}-\d\d-\d\d ?\) after expenses in all countries", text)


def test_a_bad_place_in_the_address_is_ignored(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=20)
    for query in ("country=ZZ", "country=<b>", "country=FRA&city=" + "x" * 500):
        response = small_app.test_client().get(f"/platforms/hourly-walkers?{query}")
        assert response.status_code == 200
        assert "20.00 USD an hour after expenses in all countries" in visible(response)


def test_cities_are_charted_with_their_numbers_in_a_table(small_app):
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=20, city="Austin", country="US")
    add_reviews(small_app, "hourly-walkers", [4, 4, 4], net=10, city="Leeds", country="GB",
                currency="USD")
    add_reviews(small_app, "hourly-walkers", [4, 4], net=99, city="Paris", country="FR")
    part = section(small_app.test_client().get("/platforms/hourly-walkers")
                   .get_data(as_text=True))
    table = part[part.index("Median net hourly pay by city"):]
    table = table[:table.index("</table>")]
    assert '<svg class="chart-bar"' in table and 'aria-hidden="true"' in table
    rows = re.findall(r'<th scope="row">([^<]+)</th>.*?chart-fill" width="([\d.]+)"', table, re.S)
    assert rows == [("Austin (US)", "100.0"), ("Leeds (GB)", "50.0")]
    assert "Paris" not in table  # two reports: not enough


def test_quarters_make_a_trend_line_with_a_table(small_app):
    ids = add_reviews(small_app, "hourly-walkers", [4] * 6, net=10, country="US")
    with small_app.app_context():
        for review_id, day in zip(ids, [datetime(2025, 1, 5)] * 3 + [datetime(2025, 7, 5)] * 3,
                                  strict=True):
            db.session.execute(sa.update(Review).where(Review.id == review_id)
                               .values(created_at=day))
        db.session.commit()
    part = section(small_app.test_client().get("/platforms/hourly-walkers")
                   .get_data(as_text=True))
    assert '<svg class="trend-chart"' in part and "<polyline" in part
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))
    assert "2025 Q1 10.00 USD 3" in text and "2025 Q3 10.00 USD 3" in text


def test_a_recorded_change_is_marked_on_the_trend():
    chart = trend([(2025, 1, Decimal(10)), (2025, 2, Decimal(12)), (2025, 4, Decimal(8))],
                  [(date(2025, 5, 1), "fee: 10% → 20%"), (date(2020, 1, 1), "too early")])
    assert [m.label for m in chart.markers] == ["fee: 10% → 20%"]
    first, second, last = chart.points
    assert first.x < chart.markers[0].x < last.x
    assert second.y < first.y < last.y  # higher pay is drawn higher
    assert trend([(2025, 1, Decimal(10))], []) is None  # one quarter: no chart
