"""Marketplace fixtures: a small site whose offer index is built, and vendors and workers."""

import pytest

from tests.factories import build_offer_index, make_vendor


@pytest.fixture
def market_app(make_app):
    app = make_app("small", INDEX_CATCHUP_SECONDS=0, MIN_REVIEWS_TO_SHOW=1)
    build_offer_index(app)
    return app


@pytest.fixture
def market_client(market_app):
    return market_app.test_client()


@pytest.fixture
def vendor_user(market_app, make_user):
    """A vendor account with a remote vendor profile."""
    user = make_user(market_app, role="vendor")
    user.vendor_id = make_vendor(market_app, user)
    return user


@pytest.fixture
def other_vendor(market_app, make_user):
    user = make_user(market_app, role="vendor")
    user.vendor_id = make_vendor(market_app, user, name="Rival Ledger", remote=False,
                                 places=("Paris",))
    return user


@pytest.fixture
def worker(market_app, make_user):
    return make_user(market_app)
