"""How a platform's facts read on its page and on /compare."""

import re

import sqlalchemy as sa

from peers.discovery.models import Platform
from peers.extensions import db
from tests.helpers import text_of


def update(app, slug, **columns):
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        for name, value in columns.items():
            setattr(platform, name, value)
        db.session.commit()


FAIRWORK = [{"score": 2, "country": "GB", "year": 2023, "source": "https://fair.work/en/ratings/"}]


def test_the_fee_has_its_own_heading_and_the_pay_claim_its_words(small_app, small_client):
    update(small_app, "rover",
           fee={"text": "Rover keeps 20% of each booking", "percent": 20, "payer": "worker",
                "source": "https://support.rover.com/fees", "as_of": 2024},
           advertised_pay={"text": "Sitters earn 10 to 22 dollars an hour", "min": 10,
                           "max": 22, "currency": "USD", "per": "hour",
                           "conditions": "before expenses", "source": "https://rover.com/x",
                           "as_of": 2025},
           fairwork=FAIRWORK, cities={"GB": ["London", "Leeds"]})
    response = small_client.get("/platforms/rover")
    page, raw = text_of(response), response.get_data(as_text=True)
    fees = raw[raw.index('id="fees-heading"'):]
    fees = fees[:fees.index("</section>")]
    assert "Fees</h2>" in fees and "Rover keeps 20% of each booking" in fees
    assert "(20%, paid by the worker)" in text_of_html(fees)
    assert "as of 2024" in text_of_html(fees)
    what_it_takes = raw[raw.index('id="facts-heading"'):raw.index('id="fees-heading"')]
    assert "Rover keeps 20%" not in what_it_takes
    assert "The platform says: “Sitters earn 10 to 22 dollars an hour” (10–22 USD an hour)" in page
    assert "Its conditions: before expenses" in page
    assert "United States" in page and "United Kingdom" in page and ", GB," not in page
    assert "Only in: London, Leeds (United Kingdom)" in page
    assert "2/10 in United Kingdom, 2023" in page
    assert "Age 18 or older" in page


def text_of_html(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_an_old_fact_says_it_may_be_out_of_date(small_app, small_client):
    update(small_app, "airbnb", fee={"text": "3% host fee", "percent": 3, "as_of": 2020,
                                     "source": "https://www.airbnb.com/help/article/1857"})
    assert "May be out of date" in text_of(small_client.get("/platforms/airbnb"))
    update(small_app, "airbnb", fee={"text": "3% host fee", "percent": 3, "as_of": 2025,
                                     "source": "https://www.airbnb.com/help/article/1857"})
    assert "May be out of date" not in text_of(small_client.get("/platforms/airbnb"))


def test_compare_shows_the_facts_beside_the_ratings_in_a_visible_scroller(small_client):
    response = small_client.get("/compare?p=rover,airbnb")
    raw = response.get_data(as_text=True)
    scroller = re.search(r'<div class="table-scroll table-scroll-visible" tabindex="0" '
                         r'role="region" aria-labelledby="compare-caption" '
                         r'aria-describedby="compare-scroll-hint">', raw)
    assert scroller and 'id="compare-scroll-hint"' in raw
    assert re.search(r'<caption id="compare-caption">Rover, Airbnb side by side', raw)
    page = text_of(response)
    for row in ("Fee", "The platform says workers earn", "Where it operates", "Requirements",
                "Overall, out of 5"):
        assert f" {row} " in page
    assert "3% host service fee under the split-fee model" in page
    assert "Sitters earn up to $1,000 a month" in page
    assert "Canada, United Kingdom, United States" in page


def test_the_real_airbnb_page_shows_its_fee_history(app):
    from tests.sites import CATALOGS  # the real catalog carries Airbnb's October 2025 change

    assert CATALOGS["real"].exists()
    page = text_of(app.test_client().get("/platforms/airbnb"))
    assert "Fee changed from 3% to 15.5% on 2025-10-27, source" in page


def test_country_names_come_from_the_library_in_the_page_language():
    from peers.catalog.pages import country_names

    assert country_names(["KR", "DE"]) == "Germany, South Korea"
    assert country_names(["DE", "ES"], "fr") == "Allemagne, Espagne"
    assert country_names(["worldwide"]) == "Worldwide"


def test_catalog_cards_name_countries_in_words(small_client):
    page = text_of(small_client.get("/platforms"))
    assert "Pet care · Canada, United Kingdom, United States" in page
