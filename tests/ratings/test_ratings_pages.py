"""The ratings on a platform page as people see them: aggregates and charts with text
equivalents, the minimum, earnings beside the advertised pay, reviews escaped, constant cost."""

import html
import re
from decimal import Decimal

import sqlalchemy as sa

from peers.accounts.models import User
from peers.accounts.passwords import hash_password
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings import services
from peers.ratings.models import Review
from peers.ratings.services import ReviewData
from tests.helpers import PASSWORD, csrf_token, login

_HASH = hash_password(PASSWORD)


def text_of(response) -> str:
    """Visible text, tags removed, whitespace collapsed."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def add_reviews(app, slug, stars, confirmed=True, display_name="", net=None, currency="USD",
                **fields) -> list[int]:
    """One review per new account for each number of stars; their ids."""
    ids = []
    with app.app_context():
        platform = db.session.scalars(sa.select(Platform).where(Platform.slug == slug)).one()
        for n, overall in enumerate(stars):
            user = User(email=f"{slug}-{overall}-{n}-{len(ids)}@{id(ids)}.example.org",
                        password_hash=_HASH, display_name=display_name,
                        email_confirmed_at=utcnow() if confirmed else None)
            db.session.add(user)
            db.session.flush()
            earnings = {}
            if net is not None:
                earnings = dict(gross_pay=Decimal(net) * 10, currency=currency, period="week",
                                hours_worked=Decimal(10))
            data = ReviewData(**{**dict(
                overall=overall, pay=4, flexibility=5, support=2, fairness=3, safety=4,
                would_recommend=overall >= 4, tenure="3-12m", still_active=True,
                pros=f"pros {n}", cons=f"cons {n}", issues=("late-pay",)), **earnings, **fields})
            ids.append(services.save_review(user, platform, data).id)
        db.session.commit()
    return ids


def link(response, rel: str) -> str | None:
    """The page's rel="next" or rel="prev" link, unescaped; None when it has none."""
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.get_data(as_text=True))
    return html.unescape(found.group(1)) if found else None


def user_of(app, review_id) -> User:
    with app.app_context():
        user = db.session.get(User, db.session.get(Review, review_id).user_id)
        db.session.expunge(user)
        return user


# -- aggregates and charts -----------------------------------------------------------------------

def test_below_the_minimum_the_page_says_not_enough_reviews_yet(small_app):
    add_reviews(small_app, "rover", [5, 1])
    page = text_of(small_app.test_client().get("/platforms/rover"))
    assert "Not enough reviews yet: averages appear once 3 workers have reviewed Rover (2 so far)" \
        in page
    assert "out of 5, from" not in page and "Overall stars" not in page
    assert "pros 0" in page and "pros 1" in page  # the reviews themselves are shown


def test_the_page_shows_the_aggregates_with_charts_and_text_equivalents(small_app):
    add_reviews(small_app, "rover", [5, 4, 1])
    response = small_app.test_client().get("/platforms/rover")
    html, page = response.get_data(as_text=True), text_of(response)
    assert "3.3 out of 5, from 3 reviews." in page
    assert "67% would recommend it to a friend." in page
    # The star distribution: a table with a caption, one row per star, the numbers in words.
    stars = html[html.index('class="chart chart-stars"'):]
    stars = stars[:stars.index("</table>")]
    assert "<caption>Overall stars</caption>" in stars
    assert re.search(r'<th scope="row">5 stars</th>.*?1 review \(33%\)', stars, re.S)
    assert re.search(r'<th scope="row">2 stars</th>.*?0 reviews \(0%\)', stars, re.S)
    assert 'aria-hidden="true"' in stars and "<svg" in stars
    dims = html[html.index('class="chart chart-dimensions"'):]
    assert re.search(r"<th scope=\"row\">Flexibility</th>.*?5.0 out of 5", dims, re.S)
    assert "Problems reported most" in page and "Late or missing pay (3 reviews)" in page
    assert "<script" not in html  # no JavaScript needed


def test_too_few_earnings_reports_show_no_median(small_app):
    add_reviews(small_app, "rover", [4, 4], net=12)
    add_reviews(small_app, "rover", [3])
    page = text_of(small_app.test_client().get("/platforms/rover"))
    assert "Not enough earnings reports yet" in page
    assert "12.00 USD an hour net" in page  # each review still shows its own report
    assert "median of" not in page


# -- reviews and who wrote them ------------------------------------------------------------------

def test_authors_are_named_or_described(small_app):
    [named] = add_reviews(small_app, "rover", [5], display_name="Dana K")
    add_reviews(small_app, "rover", [4])
    [leaving] = add_reviews(small_app, "rover", [3], pros="from someone who left")
    with small_app.app_context():
        user = db.session.get(User, user_of(small_app, leaving).id)
        services.release_reviews(user)
        db.session.delete(user)
        db.session.commit()
    page = text_of(small_app.test_client().get("/platforms/rover"))
    assert "By Dana K" in page and "By a verified worker" in page
    assert "By a former member" in page and "from someone who left" in page
    assert "Reviews (3)" in page
    assert named


def test_unconfirmed_authors_are_told_their_review_will_count_later(small_app, make_user):
    author = make_user(small_app, confirmed=False)
    client = small_app.test_client()
    login(client, author)
    form_page = text_of(client.get("/platforms/rover/review"))
    assert "Your review will count once you confirm your email." in form_page
    token = csrf_token(client, "/platforms/rover/review")
    response = client.post("/platforms/rover/review", data={
        "csrf_token": token, "overall": "2", "pay": "2", "flexibility": "2", "support": "2",
        "fairness": "2", "safety": "2", "would_recommend": "no", "tenure": "lt3m",
        "still_active": "no", "pros": "Not yet counted words"})
    assert response.status_code == 302
    assert response.location.endswith("/platforms/rover#your-review")
    own_page = text_of(client.get("/platforms/rover"))
    assert "Your review will count once you confirm your email." in own_page
    assert "Edit your review" in own_page
    public = text_of(small_app.test_client().get("/platforms/rover"))
    assert "Not yet counted words" not in public and "No reviews yet." in public


def test_a_hidden_review_leaves_the_page_and_its_author_is_told(small_app):
    [review_id] = add_reviews(small_app, "rover", [1], pros="Hidden words")
    with small_app.app_context():
        services.set_review_status(db.session.get(Review, review_id), "hidden")
        db.session.commit()
    assert "Hidden words" not in text_of(small_app.test_client().get("/platforms/rover"))
    client = small_app.test_client()
    login(client, user_of(small_app, review_id))
    assert "A moderator has hidden your review" in text_of(client.get("/platforms/rover"))


def test_reviews_are_paginated_newest_first(make_app):
    app = make_app("small", REVIEWS_PER_PAGE=10)
    add_reviews(app, "rover", [4] * 12)
    client = app.test_client()
    first = client.get("/platforms/rover")
    assert "pros 11" in text_of(first) and "pros 2 " in text_of(first)
    assert "pros 1 " not in text_of(first) and "Newer" not in text_of(first)
    second = client.get(link(first, "next"))
    assert "pros 1 " in text_of(second) and "pros 0 " in text_of(second)
    assert "pros 11" not in text_of(second) and link(second, "next") is None
    back = client.get(link(second, "prev"))
    assert "pros 11" in text_of(back) and "pros 1 " not in text_of(back)


def test_the_edited_review_keeps_its_place_and_links_to_its_history(small_app):
    [review_id] = add_reviews(small_app, "rover", [4])
    author = user_of(small_app, review_id)
    with small_app.app_context():
        platform = db.session.scalars(sa.select(Platform).where(Platform.slug == "rover")).one()
        services.save_review(author, platform, ReviewData(
            overall=2, pay=2, flexibility=2, support=2, fairness=2, safety=2,
            would_recommend=False, tenure="gt3y", still_active=False, pros="changed my mind"))
        db.session.commit()
    client = small_app.test_client()
    login(client, author)
    page = client.get("/platforms/rover").get_data(as_text=True)
    assert f'href="/reviews/{review_id}/history"' in page and "· edited" in page


# -- escaping --------------------------------------------------------------------------------------

ATTACKS = {
    "pros": "<script>alert(1)</script>",
    "cons": '"><img src=x onerror=alert(1)> and [x](javascript:alert(1))',
    "city": "javascript:alert(1)",
}


def test_review_text_is_inert_on_every_page_it_appears(small_app, make_user):
    authors = [make_user(small_app, display_name='<b onmouseover="x">Eve</b>')
               for _ in range(3)]
    for author in authors:
        client = small_app.test_client()
        login(client, author)
        token = csrf_token(client, "/platforms/rover/review")
        response = client.post("/platforms/rover/review", data={
            "csrf_token": token, "overall": "1", "pay": "1", "flexibility": "1",
            "support": "1", "fairness": "1", "safety": "1", "would_recommend": "no",
            "tenure": "lt3m", "still_active": "no", **ATTACKS})
        assert response.status_code == 302
    pages = {
        "platform": small_app.test_client().get("/platforms/rover"),
        "form": client.get("/platforms/rover/review"),
    }
    for name, response in pages.items():
        html = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, name
        assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html, name
        assert "<b onmouseover" not in html, name
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I), name
        assert "javascript:alert(1)" in html, name  # shown, as text


# -- cost ----------------------------------------------------------------------------------------

def test_the_platform_page_costs_the_same_with_3_or_50_reviews(make_app, count_queries,
                                                               make_user):
    counts = {}
    for n in (3, 50):
        app = make_app("small")
        add_reviews(app, "rover", [n % 5 + 1 for n in range(n)], net=11)
        reader = make_user(app)
        for who in ("anonymous", "member"):
            client = app.test_client()
            if who == "member":
                login(client, reader)
            client.get("/platforms/rover")  # warm up: caches that are filled once per process
            with count_queries(app) as statements:
                response = client.get("/platforms/rover")
            assert response.status_code == 200
            counts[(n, who)] = len(statements)
    assert counts[(3, "anonymous")] == counts[(50, "anonymous")], counts
    assert counts[(3, "member")] == counts[(50, "member")], counts


def test_an_average_is_rounded_once_to_what_each_page_shows(small_app):
    """58 stars from 19 reviews average 3.0526: pages show 3.1 (not 3.05 rounded again to
    3.0), and the open data gives two decimals."""
    add_reviews(small_app, "rover", [3] * 18 + [4])
    client = small_app.test_client()
    assert "3.1 out of 5, from 19 reviews." in text_of(client.get("/platforms/rover"))
    assert "★ 3.1 out of 5 (19 reviews)" in text_of(client.get("/discover?q=dog+walking"))
    rating = client.get("/api/v1/platforms/rover/ratings").get_json()
    assert rating["average"] == 3.05 and rating["review_count"] == 19
