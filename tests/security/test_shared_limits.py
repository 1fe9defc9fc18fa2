"""Login limits shared by every worker through Redis (PEERS_REDIS_URL), and still enforced
by each worker on its own while Redis is down."""

import pytest
import redis

from tests.backends import redis_test_db
from tests.helpers import log_in

WRONG = "definitely-not-it-9"


@pytest.fixture
def redis_url():
    with redis_test_db() as url:
        yield url


def test_two_workers_share_the_login_limit_through_redis(make_app, make_user, redis_url,
                                                         another_worker):
    first = make_app("small", REDIS_URL=redis_url)
    make_user(first, email="w@example.org")
    for _ in range(5):
        assert log_in(first.test_client(), "w@example.org", WRONG).status_code == 400
    second = another_worker(first)  # its own connection to the same Redis
    response = log_in(second.test_client(), "w@example.org")
    assert response.status_code == 429
    assert redis.Redis.from_url(redis_url).keys("*peers*")  # the counts live in Redis


def test_in_memory_each_worker_counts_alone(make_app, make_user, another_worker):
    """Why production needs Redis: without it a second worker knows nothing of the failures."""
    first = make_app("small")
    make_user(first, email="w@example.org")
    for _ in range(5):
        log_in(first.test_client(), "w@example.org", WRONG)
    second = another_worker(first)
    assert log_in(second.test_client(), "w@example.org").status_code == 302


def test_with_redis_down_logins_are_still_limited(make_app, make_user):
    app = make_app("small", REDIS_URL="redis://127.0.0.1:1/15")  # nothing listens there
    make_user(app, email="w@example.org")
    statuses = [log_in(app.test_client(), "w@example.org", WRONG).status_code
                for _ in range(6)]
    assert statuses == [400] * 5 + [429]
