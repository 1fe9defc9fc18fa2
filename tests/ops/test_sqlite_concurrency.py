"""The embedded SQLite default under ordinary concurrency: many people signing up, logging in,
writing reviews and confirming their email at the same moment, through a real threaded
server, all succeed."""

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.ratings.models import Review
from tests.helpers import PASSWORD, confirmation_link, csrf_token, login, mails

pytestmark = pytest.mark.sqlite_only(reason="SQLite's own locking between simultaneous "
                                            "writers; PostgreSQL has its concurrency tests")

PEOPLE = 16
PATIENCE = 120.0  # seconds: generous, on a loaded machine; never an assertion of speed
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
REVIEW_FORM = {
    "overall": "4", "pay": "3", "flexibility": "5", "support": "2", "fairness": "3",
    "safety": "4", "would_recommend": "yes", "tenure": "1-3y", "still_active": "yes",
    "pros": "I choose my hours.", "cons": "Support never answers.", "city": "Austin",
}


@pytest.fixture
def site(make_app) -> Iterator[tuple]:
    """The small site served by werkzeug's threaded server: (app, base URL)."""
    app = make_app("small")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="concurrency-server", daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def token(client: httpx.Client, page: str) -> str:
    """The CSRF token of the form on a page, for this client's cookies."""
    response = client.get(page)
    assert response.status_code == 200, response.text
    return TOKEN.search(response.text).group(1)


def burst(clients: list[httpx.Client], page: str,
          form: Callable[[int], dict]) -> list[httpx.Response]:
    """Every client fetches the form, then all post it at the same moment."""
    tokens = [token(client, page) for client in clients]
    start = threading.Barrier(len(clients))

    def post(number: int) -> httpx.Response:
        start.wait(timeout=PATIENCE)
        return clients[number].post(page, data={"csrf_token": tokens[number], **form(number)})

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(post, range(len(clients))))


def at_once(clients: list[httpx.Client], pages: list[str]) -> list[httpx.Response]:
    """Every client gets its page at the same moment."""
    start = threading.Barrier(len(clients))

    def get(number: int) -> httpx.Response:
        start.wait(timeout=PATIENCE)
        return clients[number].get(pages[number])

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(get, range(len(clients))))


def assert_all_succeeded(responses: list[httpx.Response]) -> None:
    assert [response.status_code for response in responses] == [302] * PEOPLE


def email(number: int) -> str:
    return f"together{number}@example.org"


def test_simultaneous_sign_ups_logins_and_reviews_all_succeed(site):
    app, base = site
    people = [httpx.Client(base_url=base, timeout=PATIENCE) for _ in range(PEOPLE)]
    try:
        assert_all_succeeded(burst(people, "/account/signup", lambda n: {
            "email": email(n), "password": PASSWORD, "confirm": PASSWORD,
            "display_name": f"Together {n}"}))
        with app.app_context():
            created = db.session.scalars(sa.select(User.email)
                                         .where(User.email.like("together%"))).all()
        assert sorted(created) == sorted(email(n) for n in range(PEOPLE))

        for client in people:
            client.close()
        people = [httpx.Client(base_url=base, timeout=PATIENCE) for _ in range(PEOPLE)]
        assert_all_succeeded(burst(people, "/account/login", lambda n: {
            "email": email(n), "password": PASSWORD}))
        with app.app_context():
            logged_in = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
                User.email.like("together%"), User.last_login_at.is_not(None)))
        assert logged_in == PEOPLE
        assert all("Log out" in client.get("/account").text for client in people)

        assert_all_succeeded(burst(people, "/platforms/rover/review", lambda _n: REVIEW_FORM))
        with app.app_context():
            authors = db.session.scalars(
                sa.select(User.email).join(Review, Review.user_id == User.id)
                .join(Platform, Platform.id == Review.platform_id)
                .where(Platform.slug == "rover")).all()
        assert sorted(authors) == sorted(email(n) for n in range(PEOPLE))
        # Not counted yet: nobody has confirmed their email.
        assert client_rating(people[0]) == 0

        # Confirming reads the account, then starts counting its review: a GET that writes.
        links = {message["To"]: confirmation_link(message) for message in mails(app)}
        assert_all_succeeded(at_once(people, [links[email(n)] for n in range(PEOPLE)]))
        with app.app_context():
            confirmed = db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
                User.email.like("together%"), User.email_confirmed_at.is_not(None)))
        assert confirmed == PEOPLE
        assert client_rating(people[0]) == PEOPLE
    finally:
        for client in people:
            client.close()


def client_rating(client: httpx.Client) -> int:
    """How many reviews of rover count, as the API tells anyone."""
    return client.get("/api/v1/platforms/rover/ratings").json()["review_count"]


def test_transactions_that_may_write_take_the_write_lock_when_they_begin(small_app, make_user):
    """GET pages read without waiting for writers; a POST, and a GET that writes, queue."""
    client = small_app.test_client()
    login(client, make_user(small_app))
    begun: list[str] = []
    with small_app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN"):
            begun.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get("/platforms/rover").status_code == 200
        reading = list(begun)
        begun.clear()
        token = csrf_token(client, "/account")
        begun.clear()
        assert client.post("/account", data={"csrf_token": token,
                                             "display_name": "Queued"}).status_code == 302
        writing = list(begun)
        begun.clear()
        assert client.get("/account/confirm/not-a-token").status_code == 400
        confirming = list(begun)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    assert reading and set(reading) == {"BEGIN"}
    assert writing and set(writing) == {"BEGIN IMMEDIATE"}
    assert confirming and set(confirming) == {"BEGIN IMMEDIATE"}
