"""A platform's reviews page by page ("older than"): every review once, whatever is written
between two page loads; links that are not ours are refused with a 400."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from peers import keyset
from peers.accounts.models import User
from peers.core import utcnow
from peers.discovery.models import Platform
from peers.extensions import db
from peers.pagination import InvalidParameter
from peers.ratings import queries, services
from peers.ratings.models import Review
from peers.ratings.services import ReviewData
from tests.ratings.test_ratings_pages import link

MARK = re.compile(r"mark(\d+)x")


def marked(app, start: int, count: int) -> None:
    """`count` reviews of rover by new confirmed accounts, pros "mark<n>x" from n = start."""
    with app.app_context():
        platform = db.session.scalars(sa.select(Platform).where(Platform.slug == "rover")).one()
        for n in range(start, start + count):
            user = User(email=f"mark{n}@example.org", password_hash="x", display_name="",
                        email_confirmed_at=utcnow())
            db.session.add(user)
            db.session.flush()
            services.save_review(user, platform, ReviewData(
                overall=4, pay=4, flexibility=5, support=2, fairness=3, safety=4,
                would_recommend=True, tenure="3-12m", still_active=True, pros=f"mark{n}x"))
        db.session.commit()


def marks(response) -> list[int]:
    assert response.status_code == 200
    return [int(n) for n in MARK.findall(response.get_data(as_text=True))]


@pytest.fixture
def app(make_app):
    app = make_app("small", REVIEWS_PER_PAGE=4)
    marked(app, 0, 15)
    with app.app_context():
        # Five reviews written in the same microsecond: the id orders them, and no page
        # boundary between them loses or repeats one.
        same = utcnow() - timedelta(days=1)
        db.session.execute(sa.update(Review).where(Review.pros.in_(
            [f"mark{n}x" for n in range(3, 8)])).values(created_at=same))
        db.session.commit()
    return app


def newest_first(app) -> list[int]:
    with app.app_context():
        rows = db.session.execute(sa.select(Review.pros).order_by(
            Review.created_at.desc(), Review.id.desc())).scalars()
        return [int(MARK.fullmatch(p).group(1)) for p in rows]


def test_older_pages_show_every_review_once_while_reviews_are_written(app):
    before = newest_first(app)
    client = app.test_client()
    response, seen, written = client.get("/platforms/rover"), [], 100
    while True:
        seen += marks(response)
        older = link(response, "next")
        if older is None:
            break
        marked(app, written, 2)  # newer than every review listed: page 1 changes, not the walk
        written += 2
        response = client.get(older)
    assert seen == before
    assert len(seen) == 15
    assert written == 106  # three pages after the first, two reviews before each
    assert marks(client.get("/platforms/rover")) == [105, 104, 103, 102]


def test_newer_links_walk_back_to_the_first_page(app):
    client = app.test_client()
    response, pages = client.get("/platforms/rover"), []
    while (older := link(response, "next")) is not None:
        response = client.get(older)
        pages.append(marks(response))
    back = []
    while (newer := link(response, "prev")) is not None:
        response = client.get(newer)
        back.append(marks(response))
    assert back[-1] == newest_first(app)[:4]
    assert back[::-1][1:] == pages[:-1]  # each page again, in the same order


@pytest.mark.parametrize("cursor", [
    "junk", "", "x" * 500, "WyJuZXdlc3QiLDEsIm4iLFtdXQ.bad",
])
def test_a_malformed_cursor_is_a_400_not_another_page(app, cursor):
    response = app.test_client().get("/platforms/rover", query_string={"cursor": cursor})
    if cursor == "":  # an empty field is no cursor: the first page
        assert marks(response) == newest_first(app)[:4]
        return
    assert response.status_code == 400
    assert "This page link is not valid" in response.get_data(as_text=True)


def test_a_forged_or_borrowed_cursor_is_a_400(app):
    client = app.test_client()
    older = link(client.get("/platforms/rover"), "next")
    cursor = older.split("cursor=")[1].split("#")[0]
    payload, signature = cursor.rsplit(".", 1)
    forged = f"{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    assert client.get(f"/platforms/rover?cursor={forged}").status_code == 400
    # A real cursor of rover's reviews, used on another platform's page.
    other = app.test_client().get(f"/platforms/airbnb?cursor={cursor}")
    assert other.status_code == 400
    with app.app_context():
        platform_id = db.session.scalar(sa.select(Platform.id).where(Platform.slug == "rover"))
        helpful = keyset.KeysetSort("helpful", ((Review.helpful_count, True),
                                                (Review.id, True)))
        from_another_sort = keyset.encode(helpful, platform_id, keyset.OLDER, [3, 9])
        with pytest.raises(InvalidParameter):
            queries.reviews_for_platform(platform_id, from_another_sort, 4, 15)
        wrong_types = keyset.encode(queries.REVIEW_SORTS["newest"], platform_id,
                                    keyset.OLDER, ["yesterday", "9"])
        with pytest.raises(InvalidParameter):
            queries.reviews_for_platform(platform_id, wrong_types, 4, 15)
        assert client.get(f"/platforms/rover?cursor={wrong_types}").status_code == 400
