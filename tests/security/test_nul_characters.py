"""A NUL character, which PostgreSQL cannot store or compare, is refused with a 400 wherever a
user can type one (the path, a query parameter, a form field), before anything reads or writes
the database. Both test passes run this: on SQLite it would slip through to the database."""

import html

import pytest
import sqlalchemy as sa

from peers.extensions import db
from peers.ratings.models import Review
from tests.helpers import csrf_token, login


@pytest.mark.parametrize("url", [
    "/platforms/%00", "/categories/pet-care%00", "/platforms?region=%00",
    "/discover?q=dog%00walking", "/marketplace?q=tax%00", "/account/login?next=/ok%00",
])
def test_a_nul_character_in_an_address_is_a_clear_400_page(small_client, url):
    response = small_client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/api/v1/platforms/%00", "/api/v1/discover?q=a%00b"])
def test_the_api_answers_a_nul_character_with_its_json_error(small_client, url):
    response = small_client.get(url)
    assert response.status_code == 400
    assert set(response.json["error"]) == {"code", "message", "field"}
    assert "NUL character" in response.json["error"]["message"]


def test_a_review_with_a_nul_character_is_refused_and_nothing_is_saved(small_app, make_user):
    client = small_app.test_client()
    login(client, make_user(small_app))
    page = "/platforms/rover/review"
    form = {"csrf_token": csrf_token(client, page), "overall": "4", "pay": "4",
            "flexibility": "4", "support": "4", "fairness": "4", "safety": "4",
            "would_recommend": "y", "tenure": "3-12m", "pros": "Good\x00pay",
            "cons": "Long waits"}
    response = client.post(page, data=form)
    assert response.status_code == 400
    assert "'pros' contains a NUL character" in html.unescape(response.get_data(as_text=True))
    with small_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0
