"""The marketplace on platform pages and discovery results, in the account's export and
deletion, and as demo data."""


import pytest
import sqlalchemy as sa
from flask import render_template

from peers.accounts import services as accounts_services
from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace import labels, queries
from peers.marketplace.demo import add_demo_marketplace
from peers.marketplace.models import OFFER_CATEGORIES, Offer, Vendor, VendorReview
from peers.marketplace.reviews import queries as review_queries
from tests.factories import count, make_offer, update_offer, write_vendor_review
from tests.helpers import PASSWORD, text_of


def platform_ids(app, *slugs) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(sa.select(Platform.slug, Platform.id)
                                  .where(Platform.slug.in_(slugs)))
        return dict(rows.all())


@pytest.fixture
def offers(market_app, vendor_user, other_vendor):
    ids = {
        "tax": make_offer(market_app, vendor_user, title="Tax for hosts"),
        "tax2": make_offer(market_app, other_vendor, title="More tax for hosts",
                           platform_slugs=("airbnb", "rover")),
        "clean": make_offer(market_app, other_vendor, category="cleaning",
                            title="Turnover cleaning"),
        "gone": make_offer(market_app, vendor_user, category="legal", title="Withdrawn"),
    }
    update_offer(market_app, ids["gone"], status="withdrawn")
    return ids


def test_offers_for_a_platform_newest_first(market_app, offers):
    ids = platform_ids(market_app, "airbnb", "rover", "blablacar")
    with market_app.app_context():
        assert [o.title for o in queries.offers_for_platform(ids["airbnb"], 2)] == [
            "Turnover cleaning", "More tax for hosts"]
        assert [o.title for o in queries.offers_for_platform(ids["rover"], 5)] == [
            "More tax for hosts"]
        assert queries.offers_for_platform(ids["blablacar"], 5) == []


def test_offer_counts_for_a_whole_page_in_one_query(market_app, offers, count_queries):
    ids = platform_ids(market_app, "airbnb", "rover", "blablacar")
    with count_queries(market_app) as statements, market_app.app_context():
        counts = queries.offer_counts_for_platforms(ids.values())
    assert len([s for s in statements if s.startswith("SELECT")]) == 1
    assert counts == {ids["airbnb"]: {"tax": 2, "cleaning": 1}, ids["rover"]: {"tax": 1}}
    assert list(counts[ids["airbnb"]]) == ["tax", "cleaning"]  # in the categories' order


def render_platform_offers(app, slug: str) -> str:
    with app.test_request_context(f"/platforms/{slug}"):
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        return render_template(
            "marketplace/_platform_offers.html", platform=platform,
            platform_offers=queries.offers_for_platform(platform.id, 3),
            platform_offer_counts=queries.offer_counts_for_platforms([platform.id]).get(
                platform.id, {}))


def test_the_platform_snippet_links_help_for_its_workers(market_app, offers):
    html = render_platform_offers(market_app, "airbnb")
    assert "Help for Airbnb hosts" in html
    link = '<a href="/marketplace?platform=airbnb&amp;category=tax">Tax help for Airbnb hosts</a>'
    assert f"{link} (2)" in html
    assert "Cleaning for Airbnb hosts" in html
    assert "All 3 offers for Airbnb hosts" in html
    assert html.count("No referral or affiliate fee") == 3  # disclosures on every offer
    assert "Withdrawn" not in html
    empty = render_platform_offers(market_app, "blablacar")
    assert "No vendor lists help for BlaBlaCar drivers yet." in empty


def test_the_result_snippet_links_to_the_filtered_marketplace(market_app, offers):
    ids = platform_ids(market_app, "airbnb", "blablacar")
    with market_app.test_request_context("/discover"):
        counts = queries.offer_counts_for_platforms(ids.values())
        airbnb = db.session.get(Platform, ids["airbnb"])
        html = render_template("marketplace/_result_offer_links.html", platform=airbnb,
                               offer_counts=counts)
        none = render_template("marketplace/_result_offer_links.html",
                               platform=db.session.get(Platform, ids["blablacar"]),
                               offer_counts=counts)
    assert '<a href="/marketplace?platform=airbnb&amp;category=tax">Tax help for Airbnb hosts' \
        in html
    assert none.strip() == ""


def test_platform_pages_show_the_offers_for_their_workers(market_app, market_client, offers):
    page = text_of(market_client.get("/platforms/airbnb"))
    assert "Help for Airbnb hosts" in page and "Tax help for Airbnb hosts (2)" in page


def test_discovery_results_link_to_help_for_their_workers(market_app, market_client, offers):
    page = text_of(market_client.get("/discover?q=spare+room"))
    assert "Tax help for Airbnb hosts" in page


def test_every_category_has_a_short_label():
    assert set(labels.SHORT_LABELS) == set(OFFER_CATEGORIES)
    assert labels.help_for("tax", "Turo", "car-sharing") == "Tax help for Turo hosts"
    assert labels.help_for("insurance", "Uber", "ridesharing") == "Insurance for Uber drivers"
    assert labels.worker_noun("unknown") == "workers"


# -- accounts ----------------------------------------------------------------------------------

@pytest.mark.parametrize("keep", [True, False])
def test_deleting_a_workers_account_keeps_or_removes_its_vendor_reviews(market_app, vendor_user,
                                                                        worker, keep):
    review_id = write_vendor_review(market_app, worker, vendor_user.vendor_id, 2, "Meh.")
    with market_app.app_context():
        accounts_services.delete_account(db.session.get(User, worker.id), PASSWORD, keep)
        db.session.commit()
        review = db.session.get(VendorReview, review_id)
        assert (review is not None) == keep
        if keep:
            assert review.user_id is None
            assert review_queries.vendor_rating(vendor_user.vendor_id).count == 1


def test_deleting_a_vendors_account_removes_its_profile_and_offers(market_app, market_client,
                                                                    vendor_user):
    make_offer(market_app, vendor_user, title="Zeppelin tax")
    with market_app.app_context():
        accounts_services.delete_account(db.session.get(User, vendor_user.id), PASSWORD, False)
        db.session.commit()
    assert count(market_app, Vendor) == 0 and count(market_app, Offer) == 0
    assert "Zeppelin" not in text_of(market_client.get("/marketplace?q=zeppelin"))


def test_the_export_holds_the_marketplace_data_of_the_account(market_app, vendor_user, worker):
    offer_id = make_offer(market_app, vendor_user)
    write_vendor_review(market_app, worker, vendor_user.vendor_id, 3, "Fine.")
    with market_app.app_context():
        mine = review_queries.export_for_user(vendor_user.id)
        theirs = review_queries.export_for_user(worker.id)
    assert mine["vendor"]["name"] == "Harbour Tax"
    assert [o["id"] for o in mine["vendor"]["offers"]] == [offer_id]
    assert mine["vendor"]["offers"][0]["price_amount"] == "49.00"
    assert theirs["vendor"] is None
    assert [(r["stars"], r["body"], r["vendor"]) for r in theirs["vendor_reviews"]] == [
        (3, "Fine.", "Harbour Tax")]


# -- demo data ---------------------------------------------------------------------------------

def test_demo_data_adds_clearly_labelled_vendors_and_offers_once(market_app, market_client):
    with market_app.app_context():
        added = add_demo_marketplace(seed=7)
        db.session.commit()
        vendors = db.session.scalars(sa.select(Vendor)).all()
        owners = [db.session.get(User, v.owner_id) for v in vendors]
        titles = db.session.scalars(sa.select(Offer.title)).all()
        assert add_demo_marketplace(seed=7) == 0  # a second run adds nothing
    assert added == len(titles) >= 8
    assert all(v.name.startswith("[Demo] ") for v in vendors)
    assert all(t.startswith("[Demo] ") for t in titles)
    assert all(u.email.startswith("demo-vendor-") and u.email.endswith("@example.invalid")
               and u.role == "vendor" for u in owners)
    page = text_of(market_client.get("/marketplace?q=tax"))
    assert "[Demo] Tax returns for rideshare and delivery drivers" in page
    assert "not a real business" in text_of(
        market_client.get(f"/marketplace/vendors/{vendors[0].id}"))


def test_demo_data_is_the_same_for_the_same_seed(make_app):
    def offers_of(seed):
        app = make_app("small")
        with app.app_context():
            add_demo_marketplace(seed=seed)
            db.session.commit()
            return [(o.title, o.price_amount, o.is_sponsored, tuple(p.slug for p in o.platforms))
                    for o in db.session.scalars(sa.select(Offer).order_by(Offer.id))]

    assert offers_of(3) == offers_of(3)
