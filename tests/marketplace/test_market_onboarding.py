"""A vendor's first steps (sign up, profile, first offer), what the account page and the
navigation say to each role, what an empty marketplace says, and the places offers serve."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from peers.extensions import db
from peers.marketplace.models import Offer, OfferArea, Vendor
from tests.factories import make_offer, make_vendor
from tests.helpers import confirmation_link, login, mails, post, sign_up, text_of, titles

OFFER_FORM = {
    "category": "tax", "title": "Tax returns for drivers", "description": "We file it.",
    "price_kind": "amount", "price_amount": "49", "price_currency": "USD",
    "how_to_get": "https://example.org", "places": "United States",
}


def offer_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Offer.id)))


def test_a_new_vendor_goes_from_sign_up_to_the_profile_then_to_the_first_offer(market_app):
    client = market_app.test_client()
    response = sign_up(client, "shop@example.org", offers_services="y")
    assert response.location == "/account/login?next=/marketplace/vendor"
    message = mails(market_app)[-1]
    body = " ".join(message.get_body(preferencelist=("plain",)).get_content().split())
    assert "vendor profile" in body and "your reviews count" not in body
    response = client.get(confirmation_link(message))
    assert response.status_code == 302 and response.location == "/marketplace/vendor"
    assert "Tell workers who you are" in text_of(client.get("/marketplace/vendor"))
    # The navigation leads vendors to their offers.
    assert 'href="/marketplace/vendor/offers"' in client.get("/marketplace").get_data(as_text=True)
    response = post(client, "/marketplace/vendor", "/marketplace/vendor", name="Harbour Tax Co.",
                    description="Returns for drivers.", places="Texas")
    assert response.location == "/marketplace/vendor/offers/new"
    form = client.get("/marketplace/vendor/offers/new").get_data(as_text=True)
    assert "Texas, United States</textarea>" in form  # the offer serves the vendor's places
    # The vendor's name ends a sentence once, whatever its last character.
    page = text_of(client.get("/marketplace/vendor/offers"))
    assert "As Harbour Tax Co. Edit your profile" in page and "Co.." not in page


def test_a_worker_signing_up_is_not_sent_to_the_vendor_pages(market_app):
    client = market_app.test_client()
    assert sign_up(client, "w@example.org").location == "/account/login"
    body = mails(market_app)[-1].get_body(preferencelist=("plain",)).get_content()
    assert "your reviews count" in " ".join(body.split())


def test_the_account_page_speaks_to_the_role(market_app, make_user):
    vendor, worker = make_user(market_app, role="vendor"), make_user(market_app)
    client = market_app.test_client()
    login(client, vendor)
    page = text_of(client.get("/account"))
    assert "Your reviews count" not in page
    assert "Before you can list one, create your vendor profile" in page
    assert "Create your vendor profile" in page
    make_vendor(market_app, vendor, name="Harbour Tax Co.")
    page = text_of(client.get("/account"))
    assert "You offer help to workers as Harbour Tax Co. My offers" in page
    assert "List a new offer" in page
    other = market_app.test_client()
    login(other, worker)
    page = other.get("/account").get_data(as_text=True)
    assert "Your reviews count." in text_of(other.get("/account"))
    assert "vendor profile" not in page and 'href="/marketplace/vendor/offers"' not in page


def test_a_vendor_without_a_finished_profile_cannot_publish_and_is_told_why(market_app,
                                                                             make_user):
    vendor = make_user(market_app, role="vendor")
    client = market_app.test_client()
    login(client, vendor)
    # No profile at all: the offer form sends the vendor to it, with the reason.
    response = client.get("/marketplace/vendor/offers/new", follow_redirects=True)
    assert "Before you list an offer, create your vendor profile" in text_of(response)
    # A profile without a description is saved, but listing is refused, saying why.
    make_vendor(market_app, vendor, description="")
    response = client.get("/marketplace/vendor/offers/new")
    assert response.location == "/marketplace/vendor"
    page = text_of(client.get("/marketplace/vendor"))
    assert "Before you list an offer, say what you do" in page
    response = post(client, "/marketplace/vendor/offers/new", "/marketplace/vendor", **OFFER_FORM)
    assert response.location == "/marketplace/vendor"
    assert "say what you do" in text_of(client.get(response.location))
    assert offer_count(market_app) == 0


def test_an_unfinished_profile_cannot_list_an_offer_again(market_app, vendor_user):
    offer_id = make_offer(market_app, vendor_user)
    client = market_app.test_client()
    login(client, vendor_user)
    post(client, f"/marketplace/vendor/offers/{offer_id}/withdraw", "/marketplace/vendor/offers")
    with market_app.app_context():
        db.session.get(Vendor, vendor_user.vendor_id).description = ""
        db.session.commit()
    response = post(client, f"/marketplace/vendor/offers/{offer_id}/relist",
                    "/marketplace/vendor/offers")
    assert response.status_code == 302
    assert "Finish your vendor profile before you list an offer: say what you do" in text_of(
        client.get(response.location))
    with market_app.app_context():
        assert db.session.get(Offer, offer_id).status == "withdrawn"


def test_an_offer_states_its_places_and_a_bad_one_changes_nothing(market_app, vendor_user):
    client = market_app.test_client()
    login(client, vendor_user)
    page = "/marketplace/vendor/offers/new"
    response = post(client, page, page, **{**OFFER_FORM, "places": "Narnia"})
    assert response.status_code == 400
    assert 'id="places-error"' in response.get_data(as_text=True)
    assert 'We could not find a place called "Narnia"' in text_of(response)
    response = post(client, page, page, **{**OFFER_FORM, "places": ""})
    assert response.status_code == 200 or response.status_code == 302
    assert offer_count(market_app) == 1  # empty: the vendor's own places (United States)
    response = post(client, page, page, **{**OFFER_FORM, "places": "France\nBavaria"})
    offer_id = int(response.location.rsplit("/", 1)[1])
    with market_app.app_context():
        names = db.session.scalars(sa.select(OfferArea.name).where(OfferArea.offer_id == offer_id)
                                   .order_by(OfferArea.name)).all()
    assert names == ["Bavaria, Germany", "France"]
    assert "Remote, for workers in Bavaria, Germany; France" in text_of(
        client.get(f"/marketplace/offers/{offer_id}"))


# -- what an empty page says -------------------------------------------------------------------
def test_an_empty_marketplace_says_there_are_no_offers_yet(market_client):
    page = text_of(market_client.get("/marketplace"))
    assert "No offers yet" in page and "Try fewer words" not in page
    page = text_of(market_client.get("/marketplace?q=accountant"))
    assert "No offers yet" in page and "No offers match" not in page


def test_a_search_that_finds_nothing_says_so_and_offers_the_nearest_broader_search(
        market_app, market_client, vendor_user):
    make_offer(market_app, vendor_user, title="Tax returns for drivers",
               price_amount=Decimal("49"))
    make_offer(market_app, vendor_user, category="insurance", title="Host liability cover",
               description="Guests' injuries.")
    response = market_client.get("/marketplace?q=accountant&place=Paris")
    page = text_of(response)
    assert response.status_code == 200 and titles(response) == []
    assert "No offers match these words" in page
    # The vendor's name, Harbour Tax, is searched too: both offers are for an accountant.
    assert "Nearest broader search: the same search in any place (2 offers)" in page
    assert 'href="/marketplace?q=accountant"' in response.get_data(as_text=True)
    page = text_of(market_client.get("/marketplace?q=accountant&currency=USD&max_price=10"))
    assert "the same search without the price (2 offers)" in page
    # Words that match nothing anywhere: the need they name, as a category.
    page = text_of(market_client.get("/marketplace?q=zeppelin+lawyer"))
    assert "No offers match these words" in page
    assert "every offer, without the words (2 offers)" in page
    page = text_of(market_client.get("/marketplace?category=cleaning"))
    assert "No offers here yet" in page and "the same search in every category" in page


def test_placeholders_read_as_examples(market_client, market_app, vendor_user):
    assert 'placeholder="e.g. USD"' in market_client.get("/marketplace").get_data(as_text=True)
    client = market_app.test_client()
    login(client, vendor_user)
    form = client.get("/marketplace/vendor/offers/new").get_data(as_text=True)
    assert 'placeholder="USD"' not in form and 'placeholder="e.g. USD"' in form


@pytest.mark.parametrize(("query", "field", "message"), [
    ("q=the+and+of", "q", "Search with at least one word"),
    ("place=Atlantis+City", "place", "We could not find a place called"),
    ("currency=EURO", "currency", "Enter a currency code such as USD"),
    ("currency=EUR&min_price=90&max_price=20", "max_price", "The highest price is below"),
])
def test_bad_search_input_gets_a_clear_message_never_a_500(market_client, vendor_user,
                                                           market_app, query, field, message):
    make_offer(market_app, vendor_user)
    response = market_client.get(f"/marketplace?{query}")
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert message in text_of(response) and titles(response) == []


def test_mail_is_wrapped_by_words_and_links_stay_whole():
    from peers.accounts.emails import MAIL_WIDTH, wrap_mail

    link = "https://peers.example/account/confirm/" + "x" * 90
    body = wrap_mail("Hello,\n\nThe link works for 48 hours. Once your email is confirmed, your "
                     "reviews count in the\nratings other workers read.\n\n" + link + "\n")
    lines = body.splitlines()
    assert link in lines and all(len(line) <= MAIL_WIDTH for line in lines if line != link)
    assert "your reviews count in the ratings" in " ".join(body.split())
    assert not any(line.endswith(" the") and len(line) < 40 for line in lines)
