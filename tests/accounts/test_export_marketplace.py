"""The account export includes what the marketplace holds: a vendor's profile and offers, and
the reviews of vendors a worker wrote, voted for or reported."""

import json

import pytest

from tests.factories import build_offer_index, make_offer, make_vendor, write_vendor_review
from tests.helpers import login


@pytest.fixture
def market(make_app, make_user):
    """A vendor with one offer, and two workers who reviewed it."""
    app = make_app("small", INDEX_CATCHUP_SECONDS=0)
    build_offer_index(app)
    owner = make_user(app, role="vendor", email="vendor@example.org")
    vendor_id = make_vendor(app, owner, name="Harbour Tax")
    make_offer(app, owner, title="Tax returns for <b>hosts</b>")
    worker = make_user(app, email="w@example.org")
    other = make_user(app, email="o@example.org")
    mine = write_vendor_review(app, worker, vendor_id, 4, "Clear and <i>quick</i>.")
    write_vendor_review(app, other, vendor_id, 1, "Not mine.")
    return app, owner, worker, vendor_id, mine


def export(app, user) -> dict:
    client = app.test_client()
    login(client, user)
    response = client.get("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_a_workers_export_has_their_reviews_of_vendors_only(market):
    app, _owner, worker, _vendor_id, mine = market
    data = export(app, worker)
    assert [(r["id"], r["vendor"], r["stars"], r["body"]) for r in data["vendor_reviews"]] == [
        (mine, "Harbour Tax", 4, "Clear and <i>quick</i>.")]
    assert data["vendor"] is None
    assert data["account"]["email"] == "w@example.org"


def test_a_vendors_export_has_its_profile_and_offers(market):
    app, owner, _worker, _vendor_id, _mine = market
    data = export(app, owner)
    vendor = data["vendor"]
    assert vendor["name"] == "Harbour Tax"
    assert [(o["title"], o["price_amount"], o["platforms"]) for o in vendor["offers"]] == [
        ("Tax returns for <b>hosts</b>", "49.00", ["airbnb"])]
    assert data["vendor_reviews"] == []
    assert "password" not in json.dumps(data)


def test_the_privacy_page_says_what_deletion_does_to_the_marketplace(market):
    app = market[0]
    page = " ".join(app.test_client().get("/privacy").get_data(as_text=True).split())
    for expected in ("removes your vendor profile and all its offers",
                     "The same choice applies to your reviews of vendors",
                     "written by “a former member” and keep counting in the vendor's rating",
                     "your vendor profile and all its offers.</p>"):
        assert expected in page
