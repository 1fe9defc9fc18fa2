"""The ratings and offer counts on /discover: kept per process for RESULTS_STATS_SECONDS, and
forgotten at once when that process writes."""

import html
import re

import pytest

from peers import statscache
from peers.statscache import StatsCache
from tests.factories import make_offer, make_vendor, many_users, write_platform_review

SEARCH = "/discover?q=dog+walking"


def rover_rating(client) -> str:
    """What Rover's result card says under "Workers rate it"."""
    response = client.get(SEARCH)
    assert response.status_code == 200
    card = response.get_data(as_text=True).split('<li class="result card')[1]
    assert 'href="/platforms/rover"' in card
    line = re.search(r'<dd class="rating-line">(.*?)</dd>', card, re.S).group(1)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", line))).strip()


def reviews(app, count: int, prefix: str) -> None:
    for user in many_users(app, count, prefix=prefix):
        write_platform_review(app, user, "rover", overall=4)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(small_app):
    fake = Clock()
    statscache.get(small_app).clock = fake
    return fake


def test_a_review_written_by_this_process_counts_on_its_next_search(small_app, clock):
    client = small_app.test_client()
    assert rover_rating(client) == "Not enough reviews yet"
    reviews(small_app, 1, "own")
    assert rover_rating(client) == "Not enough reviews yet (1 so far)"  # same instant
    reviews(small_app, 2, "more")
    assert rover_rating(client) == "★ 4.0 out of 5 (3 reviews)"


def test_another_workers_review_shows_within_results_stats_seconds(small_app, clock,
                                                                   another_worker):
    client = small_app.test_client()
    assert rover_rating(client) == "Not enough reviews yet"
    reviews(another_worker(small_app), 1, "elsewhere")
    clock.now += small_app.config["RESULTS_STATS_SECONDS"] - 1
    assert rover_rating(client) == "Not enough reviews yet"  # kept, and said so in the docs
    clock.now += 1
    assert rover_rating(client) == "Not enough reviews yet (1 so far)"


def test_zero_seconds_reads_the_database_on_every_search(make_app, another_worker):
    app = make_app("small", RESULTS_STATS_SECONDS=0)
    client = app.test_client()
    assert rover_rating(client) == "Not enough reviews yet"
    reviews(another_worker(app), 1, "elsewhere")
    assert rover_rating(client) == "Not enough reviews yet (1 so far)"


def test_a_rolled_back_read_keeps_nothing_stale(small_app, clock):
    """Reading never clears the cache; a writing transaction clears it even if rolled back."""
    from peers.discovery.models import Platform
    from peers.extensions import db

    client = small_app.test_client()
    rover_rating(client)
    cache = statscache.get(small_app)
    kept = cache._kinds
    with small_app.app_context():
        db.session.get(Platform, 1)
        db.session.rollback()
    assert cache._kinds is kept
    with small_app.app_context():
        db.session.get(Platform, 1).summary = "Changed, then rolled back."
        db.session.flush()
        db.session.rollback()
    assert cache._kinds is not kept


def test_offer_counts_follow_the_same_rule(make_app, make_user, another_worker):
    app = make_app("small", INDEX_CATCHUP_SECONDS=0)
    fake = Clock()
    statscache.get(app).clock = fake
    client = app.test_client()
    assert "Tax help for Airbnb hosts" not in client.get("/discover?q=spare+room").text
    other = another_worker(app)
    vendor = make_user(other, role="vendor")
    vendor.vendor_id = make_vendor(other, vendor)
    make_offer(other, vendor)
    assert "Tax help for Airbnb hosts" not in client.get("/discover?q=spare+room").text
    fake.now += app.config["RESULTS_STATS_SECONDS"]
    assert "Tax help for Airbnb hosts (1)" in html.unescape(
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/discover?q=spare+room").text)))


# -- the cache itself ---------------------------------------------------------------------------

def test_each_id_is_read_once_per_period_and_only_the_missing_ones_are_read():
    clock, reads = Clock(), []

    def read(ids):
        reads.append(sorted(ids))
        return {i: f"v{i}@{clock.now:.0f}" for i in ids}

    cache = StatsCache(10, clock)
    assert cache.get_many("k", [1, 2], read) == {1: "v1@1000", 2: "v2@1000"}
    clock.now += 5
    assert cache.get_many("k", [2, 3], read) == {2: "v2@1000", 3: "v3@1005"}
    assert cache.get_many("other kind", [2], read) == {2: "v2@1005"}
    clock.now += 5  # 1 and 2 are 10 s old now: read again; 3 is kept
    assert cache.get_many("k", [1, 2, 3], read) == {1: "v1@1010", 2: "v2@1010", 3: "v3@1005"}
    cache.clear()
    assert cache.get_many("k", [3], read) == {3: "v3@1010"}
    assert reads == [[1, 2], [3], [2], [1, 2], [3]]


def test_zero_seconds_keeps_nothing():
    reads = []
    cache = StatsCache(0, Clock())
    for _ in range(2):
        cache.get_many("k", [1], lambda ids: reads.append(ids) or {1: "v"})
    assert reads == [[1], [1]]
