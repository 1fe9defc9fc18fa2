"""Vendors: a profile, offers listed, edited and withdrawn; bad input changes nothing; only a
vendor's own offers are theirs to change."""

import html
from decimal import Decimal

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.errors import Forbidden, Refused
from peers.extensions import db
from peers.marketplace import services
from peers.marketplace.models import Offer, Vendor, VendorArea
from tests.factories import count, make_offer, make_vendor, offer_data, row
from tests.helpers import login, post, text_of

NEW = "/marketplace/vendor/offers/new"
FORM = {
    "category": "tax", "title": "Tax returns for hosts", "description": "We file your return.",
    "price_kind": "amount", "price_amount": "49.50", "price_currency": "usd",
    "platforms": ["airbnb"], "how_to_get": "https://example.org/tax",
}


def field_error(response, field: str) -> str:
    """The message shown beside a field (its element with id="<field>-error")."""
    page = response.get_data(as_text=True)
    start = page.index(f'id="{field}-error"')
    return html.unescape(page[page.index(">", start) + 1:page.index("</p>", start)]).strip()


# -- the vendor profile ------------------------------------------------------------------------

def test_a_vendor_creates_a_profile_with_places_resolved(market_app, market_client, make_user):
    owner = make_user(market_app, role="vendor")
    login(market_client, owner)
    response = post(market_client, "/marketplace/vendor", "/marketplace/vendor",
                    name="Fairway Legal", description="Appeals.", website="https://fairway.example",
                    places="Austin, TX\nOntario\nAustin, Texas")
    assert response.status_code == 302 and response.headers["Location"].endswith(NEW)
    with market_app.app_context():
        vendor = db.session.scalar(sa.select(Vendor).where(Vendor.owner_id == owner.id))
        areas = sorted((a.name, a.country_code, a.kind) for a in vendor.areas)
    assert areas == [("Austin, Texas, United States", "US", "city"),
                     ("Ontario, Canada", "CA", "region")]
    assert vendor.serves_remotely is False


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"name": ""}, "name", "Enter your business name."),
    ({"name": "x" * 121}, "name", "Keep your business name under 120 characters."),
    ({"description": "x" * 4001}, "description", "Keep the description under 4,000 characters."),
    ({"website": "javascript:alert(1)"}, "website", "Enter a web address starting with https://"),
    ({"places": "Narnia"}, "places", 'We could not find a place called "Narnia".'),
    ({"places": "", "serves_remotely": ""}, "places", "tick “Remote”, or list at least one place"),
])
def test_a_bad_profile_is_refused_beside_its_field(market_app, market_client, make_user,
                                                    fields, field, message):
    owner = make_user(market_app, role="vendor")
    login(market_client, owner)
    data = {"name": "Fairway", "places": "Paris", **fields}
    if data.get("serves_remotely") == "":
        data.pop("serves_remotely")
    response = post(market_client, "/marketplace/vendor", "/marketplace/vendor", **data)
    assert response.status_code == 400
    assert message in field_error(response, field)
    assert count(market_app, Vendor) == 0 and count(market_app, VendorArea) == 0


def test_only_vendor_accounts_have_vendor_pages(market_app, market_client, worker):
    for url in ("/marketplace/vendor", "/marketplace/vendor/offers", NEW):
        anonymous = market_app.test_client().get(url)
        assert anonymous.status_code == 302 and "/account/login" in anonymous.headers["Location"]
    login(market_client, worker)
    for url in ("/marketplace/vendor", "/marketplace/vendor/offers", NEW):
        assert market_client.get(url).status_code == 403
    with market_app.app_context(), pytest.raises(Forbidden):
        services.save_vendor(db.session.get(User, worker.id),
                             services.VendorData(name="Sneaky", serves_remotely=True))


def test_a_vendor_without_a_profile_is_sent_to_make_one(market_app, market_client, make_user):
    login(market_client, make_user(market_app, role="vendor"))
    response = market_client.get(NEW)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/marketplace/vendor")


# -- listing an offer --------------------------------------------------------------------------

def test_a_vendor_lists_an_offer_and_workers_see_it(market_app, market_client, vendor_user):
    login(market_client, vendor_user)
    response = post(market_client, NEW, NEW, **FORM, member_discount="15% off",
                    pays_referral_fee="y", platform_tie="Official Airbnb partner")
    assert response.status_code == 302
    with market_app.app_context():
        offer = db.session.scalar(sa.select(Offer))
        assert (offer.price_amount, offer.price_currency, offer.status) == (
            Decimal("49.50"), "USD", "active")
        assert [p.slug for p in offer.platforms] == ["airbnb"]
        assert (offer.pays_referral_fee, offer.is_sponsored) == (True, False)
    page = text_of(market_client.get(response.headers["Location"]))
    assert "Tax returns for hosts" in page and "49.50 USD" in page
    assert "The vendor pays a referral or affiliate fee" in page
    assert "Tie to a platform: Official Airbnb partner" in page and "Not sponsored" in page


def test_an_offer_on_quote_has_no_price(market_app, market_client, vendor_user):
    login(market_client, vendor_user)
    form = {**FORM, "price_kind": "quote", "price_amount": "", "price_currency": ""}
    assert post(market_client, NEW, NEW, **form).status_code == 302
    with market_app.app_context():
        offer = db.session.scalar(sa.select(Offer))
        assert (offer.price_on_quote, offer.price_amount, offer.price_currency) == (
            True, None, None)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"price_amount": "-1"}, "price_amount", "Enter the price as a number, 0 or more."),
    ({"price_amount": "NaN"}, "price_amount", "Enter the price as a number"),
    ({"price_amount": "12.345"}, "price_amount", "Use at most 2 decimals."),
    ({"price_amount": ""}, "price_amount", "Enter the price, or choose “Ask for a quote”."),
    ({"price_kind": "quote"}, "price_amount", "Leave the price empty"),
    ({"price_kind": ""}, "price_kind", "Choose “A price” or “Ask for a quote”."),
    ({"price_currency": "ZZZ"}, "price_currency", "Enter a currency code such as USD"),
    ({"price_currency": "XAU"}, "price_currency", "Enter a currency code such as USD"),
    ({"platforms": ["airbnb", "no-such-app"]}, "platforms", "Unknown platform “no-such-app”."),
    ({"platforms": ["dogvacay"]}, "platforms", "DogVacay is no longer active."),
    ({"description": "x" * 4001}, "description", "Keep a description under 4,000 characters."),
    ({"description": "  "}, "description", "Enter a description."),
    ({"title": "x" * 121}, "title", "Keep a title under 120 characters."),
    ({"category": "astrology"}, "category", "Choose a category from the list."),
    ({"how_to_get": ""}, "how_to_get", "Enter how workers get it."),
    ({"member_discount": "x" * 201}, "member_discount", "under 200 characters"),
])
def test_bad_offers_are_refused_beside_the_field_and_nothing_is_saved(
        market_app, market_client, vendor_user, fields, field, message):
    login(market_client, vendor_user)
    response = post(market_client, NEW, NEW, **{**FORM, **fields})
    assert response.status_code == 400
    assert message in field_error(response, field)
    assert "Your offer was not saved" in text_of(response)
    assert count(market_app, Offer) == 0
    with market_app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM offer_platform")) == 0


@pytest.mark.parametrize(("fields", "field"), [
    ({"price_amount": Decimal("-0.01")}, "price_amount"),
    ({"platform_slugs": ("no-such-app",)}, "platforms"),
    ({"price_currency": "EURO"}, "price_currency"),
    ({"description": "x" * 4001}, "description"),
])
def test_the_service_refuses_bad_offers_whoever_calls(market_app, vendor_user, fields, field):
    with market_app.app_context():
        owner = db.session.get(User, vendor_user.id)
        with pytest.raises(Refused) as refused:
            services.create_offer(owner, offer_data(**fields))
        assert refused.value.field == field
        db.session.rollback()
    assert count(market_app, Offer) == 0


def test_extra_form_fields_are_ignored(market_app, market_client, vendor_user, other_vendor):
    login(market_client, vendor_user)
    response = post(market_client, NEW, NEW, **FORM, vendor_id=str(other_vendor.vendor_id),
                    status="withdrawn", id="999")
    assert response.status_code == 302
    with market_app.app_context():
        offer = db.session.scalar(sa.select(Offer))
        assert (offer.vendor_id, offer.status) == (vendor_user.vendor_id, "active")
        assert offer.id != 999


def test_posting_needs_a_csrf_token(market_app, market_client, vendor_user):
    login(market_client, vendor_user)
    assert market_client.post(NEW, data=FORM).status_code == 400
    assert count(market_app, Offer) == 0


# -- editing and withdrawing -------------------------------------------------------------------

def test_a_vendor_edits_and_withdraws_its_own_offer(market_app, market_client, vendor_user):
    offer_id = make_offer(market_app, vendor_user)
    login(market_client, vendor_user)
    edit = f"/marketplace/vendor/offers/{offer_id}/edit"
    assert 'value="Tax returns for hosts"' in market_client.get(edit).get_data(as_text=True)
    response = post(market_client, edit, edit, **{**FORM, "title": "Tax help for hosts"})
    assert response.status_code == 302
    assert row(market_app, Offer, offer_id).title == "Tax help for hosts"
    withdraw = f"/marketplace/vendor/offers/{offer_id}/withdraw"
    assert post(market_client, withdraw, "/marketplace/vendor/offers").status_code == 302
    assert row(market_app, Offer, offer_id).status == "withdrawn"
    relist = f"/marketplace/vendor/offers/{offer_id}/relist"
    assert post(market_client, relist, "/marketplace/vendor/offers").status_code == 302
    assert row(market_app, Offer, offer_id).status == "active"


def test_a_refused_edit_changes_nothing(market_app, market_client, vendor_user):
    offer_id = make_offer(market_app, vendor_user)
    login(market_client, vendor_user)
    edit = f"/marketplace/vendor/offers/{offer_id}/edit"
    response = post(market_client, edit, edit, **{**FORM, "title": "New title",
                                                   "platforms": ["rover", "nope"]})
    assert response.status_code == 400
    offer = row(market_app, Offer, offer_id)
    assert offer.title == "Tax returns for hosts"
    with market_app.app_context():
        assert [p.slug for p in db.session.get(Offer, offer_id).platforms] == ["airbnb"]


OWNED_ROUTES = [
    ("get", "/marketplace/vendor/offers/{id}/edit"),
    ("post", "/marketplace/vendor/offers/{id}/edit"),
    ("post", "/marketplace/vendor/offers/{id}/withdraw"),
    ("post", "/marketplace/vendor/offers/{id}/relist"),
]


@pytest.mark.parametrize(("method", "route"), OWNED_ROUTES)
def test_another_vendors_offer_ids_are_refused_on_every_route(
        market_app, market_client, vendor_user, other_vendor, method, route):
    theirs = make_offer(market_app, other_vendor, title="Their offer")
    before = row(market_app, Offer, theirs)
    login(market_client, vendor_user)
    url = route.format(id=theirs)
    if method == "get":
        response = market_client.get(url)
    else:
        response = post(market_client, url, "/marketplace/vendor/offers",
                        **{**FORM, "title": "Hijacked"})
    assert response.status_code == 403
    after = row(market_app, Offer, theirs)
    assert (after.title, after.status, after.updated_at) == (
        before.title, before.status, before.updated_at)


@pytest.mark.parametrize(("method", "route"), OWNED_ROUTES)
def test_an_unknown_offer_id_is_404_on_every_route(market_client, vendor_user, method, route):
    login(market_client, vendor_user)
    url = route.format(id=4242)
    response = (market_client.get(url) if method == "get"
                else post(market_client, url, "/marketplace/vendor/offers", **FORM))
    assert response.status_code == 404


def test_the_services_refuse_another_vendors_offer(market_app, vendor_user, other_vendor):
    theirs = make_offer(market_app, other_vendor)
    with market_app.app_context():
        me = db.session.get(User, vendor_user.id)
        with pytest.raises(Forbidden):
            services.edit_offer(me, theirs, offer_data(title="Hijacked"))
        with pytest.raises(Forbidden):
            services.set_offer_status(me, theirs, "withdrawn")
        db.session.rollback()
    assert row(market_app, Offer, theirs).status == "active"


def test_the_vendor_sees_its_withdrawn_offers_others_do_not(market_app, market_client,
                                                            vendor_user):
    offer_id = make_offer(market_app, vendor_user, title="Old offer")
    with market_app.app_context():
        services.set_offer_status(db.session.get(User, vendor_user.id), offer_id, "withdrawn")
        db.session.commit()
    login(market_client, vendor_user)
    own = text_of(market_client.get("/marketplace/vendor/offers"))
    assert "Old offer Withdrawn" in own and "List again" in own
    public = market_app.test_client()
    assert public.get(f"/marketplace/offers/{offer_id}").status_code == 404
    assert "Old offer" not in text_of(public.get(f"/marketplace/vendors/{vendor_user.vendor_id}"))


def test_renaming_a_vendor_keeps_its_areas_and_offers(market_app, vendor_user):
    make_offer(market_app, vendor_user)
    make_vendor(market_app, vendor_user, name="Harbour Tax and Books", remote=True,
                places=("Lyon, France",))
    with market_app.app_context():
        vendor = db.session.get(Vendor, vendor_user.vendor_id)
        assert vendor.name == "Harbour Tax and Books"
        assert [a.name for a in vendor.areas] == ["Lyon, France"]
        assert len(vendor.offers) == 1
