"""Reading a platform's reviews: every sort paginated by keyset, filters by city, role, time
on the platform and verified earnings, a search of the text; bad settings are field errors."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
import sqlalchemy as sa

from peers.extensions import db
from peers.ratings.models import Review
from tests.ratings.test_ratings_pages import add_reviews


def walk(client, url) -> list[list[str]]:
    """Every page of a listing, following its "next" links."""
    pages = []
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(re.findall(r"STARS(\d)-(\d+)", re.sub(r"<[^>]+>", " ", html)))
        found = re.search(r'rel="next" href="([^"]+)"', html)
        url = found.group(1).replace("&amp;", "&") if found else None
    return pages


@pytest.fixture
def reviewed(small_app):
    small_app.config["REVIEWS_PER_PAGE"] = 3
    stars = [3, 5, 1, 4, 2, 5, 1]
    ids = add_reviews(small_app, "rover", stars)
    with small_app.app_context():  # review n: its stars and number in its text, n helpful votes
        for n, review_id in enumerate(ids):
            db.session.execute(sa.update(Review).where(Review.id == review_id).values(
                helpful_count=n, pros=f"STARS{stars[n]}-{n}",
                city="Leeds" if n % 2 else "Austin", tenure="lt3m" if n < 3 else "1-3y"))
        db.session.commit()
    return small_app


@pytest.mark.parametrize(("sort", "key"), [
    ("lowest", lambda r: (int(r[0]), int(r[1]))),
    ("highest", lambda r: (-int(r[0]), -int(r[1]))),
    ("helpful", lambda r: -int(r[1])),
])
def test_every_sort_pages_through_every_review_once_in_order(reviewed, sort, key):
    client = reviewed.test_client()
    pages = walk(client, f"/platforms/rover?sort={sort}")
    assert [len(p) for p in pages] == [3, 3, 1]
    listed = [r for page in pages for r in page]
    assert listed == sorted(listed, key=key)
    assert len({r[1] for r in listed}) == 7


def test_page_links_keep_the_sort_and_filters(reviewed):
    html = reviewed.test_client().get("/platforms/rover?sort=lowest&tenure=1-3y").get_data(
        as_text=True)
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    args = parse_qs(urlparse(link).query)
    assert args["sort"] == ["lowest"] and args["tenure"] == ["1-3y"] and "cursor" in args


def test_filters_narrow_the_listing_and_its_count(reviewed):
    client = reviewed.test_client()
    leeds = client.get("/platforms/rover?review_city=leeds&sort=lowest").get_data(as_text=True)
    assert re.search(r"Reviews\s*<span class=\"muted\">\(3\)", leeds)
    found = re.findall(r"STARS\d-(\d+)", re.sub(r"<[^>]+>", " ", leeds))
    assert sorted(found) == ["1", "3", "5"]
    newcomers = client.get("/platforms/rover?tenure=lt3m").get_data(as_text=True)
    assert sorted(re.findall(r"STARS\d-(\d+)", re.sub(r"<[^>]+>", " ", newcomers))) == [
        "0", "1", "2"]
    none = client.get("/platforms/rover?verified=y").get_data(as_text=True)
    assert "No review matches" in none


def test_search_finds_words_in_the_review_text(reviewed):
    client = reviewed.test_client()
    html = client.get("/platforms/rover?q=stars5-").get_data(as_text=True)
    assert sorted(re.findall(r"STARS5-(\d+)", re.sub(r"<[^>]+>", " ", html))) == ["1", "5"]
    wildcard = client.get("/platforms/rover?q=%25").get_data(as_text=True)
    assert "No review matches" in wildcard  # % is a character here, not "anything"


@pytest.mark.parametrize(("query", "field", "message"), [
    ("sort=random", "sort", "Not a valid choice"),
    ("tenure=forever", "tenure", "Not a valid choice"),
    ("role=pilot", "role", "Not a valid choice"),
    ("q=" + "x" * 101, "q", "under 100 characters"),
])
def test_bad_settings_are_field_errors(reviewed, query, field, message):
    response = reviewed.test_client().get(f"/platforms/rover?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', html)
    assert error and message in error.group(1)


def test_a_cursor_of_another_sort_is_refused(reviewed):
    client = reviewed.test_client()
    html = client.get("/platforms/rover?sort=lowest").get_data(as_text=True)
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    cursor = parse_qs(urlparse(link).query)["cursor"][0]
    assert client.get(f"/platforms/rover?sort=highest&cursor={cursor}").status_code == 400
