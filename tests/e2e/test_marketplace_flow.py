"""The support marketplace in real Chromium: a vendor signs up and lists an offer for Turo
hosts; a worker finds it from the marketplace search and from the Turo page, and rates the
vendor. Also: the marketplace pages on a phone, without JavaScript."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from peers.extensions import db
from peers.marketplace.search import get_offer_index
from tests.helpers import PASSWORD, confirmation_url

SCREENSHOTS = Path(__file__).parent / "screenshots"
VENDOR_EMAIL = "help@turo-tax.example"
OFFER_TITLE = "Tax returns for Turo hosts"


@pytest.fixture
def apps() -> list:
    """The apps the live server was made from (to add a worker account to its database)."""
    return []


@pytest.fixture
def make_app(make_app, apps):
    """The shared site factory, with the offer index built as `flask peers init` builds it."""

    def make(*args, **kwargs):
        app = make_app(*args, **kwargs)
        with app.app_context():
            get_offer_index().rebuild(db.session)
        apps.append(app)
        return app

    return make


def click_to(page: Page, name: str, role: str = "button") -> int:
    """Click a button or link that loads a page; the new page's status."""
    with page.expect_navigation() as navigation:
        page.get_by_role(role, name=name, exact=True).click()
    return navigation.value.status


def vendor_signs_up_and_lists_an_offer(page: Page, base: str, instance_path: str) -> None:
    page.goto(f"{base}/account/signup?next=/marketplace/vendor")
    page.get_by_label("Email").fill(VENDOR_EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_label("I offer services to workers").check()
    assert click_to(page, "Create account") == 200
    expect(page.locator(".flashes")).to_contain_text("We sent a link")
    page.goto(confirmation_url(instance_path, VENDOR_EMAIL))  # logs in, on to ?next=
    expect(page).to_have_url(f"{base}/marketplace/vendor")

    page.get_by_label("Business name").fill("Wheelhouse Tax")
    page.get_by_label("What you do").fill("Tax returns for people who rent out their cars.")
    page.get_by_label("Remote: I work with workers anywhere").check()
    page.get_by_label("Places you serve").fill("Austin, TX")
    assert click_to(page, "Create the profile") == 200
    expect(page).to_have_url(f"{base}/marketplace/vendor/offers/new")

    page.get_by_label("Category").select_option(label="Tax preparation")
    page.get_by_label("Title", exact=True).fill(OFFER_TITLE)
    page.get_by_label("Description", exact=True).fill(
        "We file your return with every trip, fee and mile of your car-sharing year.")
    page.get_by_label("A price").check()
    page.get_by_label("Amount").fill("79")
    page.get_by_label("Currency").fill("usd")
    page.get_by_label("Turo", exact=True).check()
    page.get_by_label("How workers get it").fill("https://turo-tax.example/book")
    page.get_by_label("We pay a referral or affiliate fee").check()
    assert click_to(page, "List the offer") == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    expect(page.locator(".offer-disclosures")).to_contain_text(
        "The vendor pays a referral or affiliate fee")
    assert click_to(page, "Log out") == 200


def worker_logs_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    assert click_to(page, "Log in") == 200


def expect_the_offer_card(page: Page):
    card = page.locator("li.offer-card").filter(
        has=page.get_by_role("link", name=OFFER_TITLE, exact=True))
    expect(card).to_have_count(1)
    expect(card).to_contain_text("79.00 USD")
    expect(card).to_contain_text("The vendor pays a referral or affiliate fee")
    expect(card).to_contain_text("Not sponsored")
    return card


def test_vendor_lists_an_offer_and_a_worker_finds_and_rates_it(page: Page, live_server, apps,
                                                               make_user):
    base = live_server
    vendor_signs_up_and_lists_an_offer(page, base, apps[0].instance_path)
    worker = make_user(apps[0], email="sam@example.org", display_name="Sam")
    worker_logs_in(page, base, worker.email)

    # From the marketplace search.
    page.goto(f"{base}/marketplace")
    page.get_by_label("Search").fill("tax help for turo hosts")
    assert click_to(page, "Find help") == 200
    expect(page.get_by_role("status")).to_contain_text("most relevant first")
    expect_the_offer_card(page)
    assert click_to(page, OFFER_TITLE, role="link") == 200
    expect(page.locator(".offer-disclosures")).to_contain_text("No tie to any platform")

    # Rate the vendor.
    assert click_to(page, "Wheelhouse Tax", role="link") == 200
    assert click_to(page, "Rate Wheelhouse Tax", role="link") == 200
    page.get_by_label("5, excellent").check()
    page.get_by_label("In your words").fill("Found every deduction; <b>fast</b> too.")
    assert click_to(page, "Publish my review") == 200
    review = page.locator("li.review")
    expect(review).to_contain_text("Rated 5 out of 5")
    expect(review).to_contain_text("By Sam")
    expect(review).to_contain_text("Found every deduction; <b>fast</b> too.")  # shown as text
    expect(page.locator("#reviews")).to_contain_text("(1 so far)")

    # From the Turo page.
    page.goto(f"{base}/platforms/turo")
    expect(page.get_by_role("heading", name="Help for Turo hosts")).to_be_visible()
    assert click_to(page, "Tax help for Turo hosts", role="link") == 200
    expect(page).to_have_url(re.compile(r"/marketplace\?platform=turo&category=tax$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Help for Turo hosts")
    expect_the_offer_card(page)


def test_the_marketplace_works_on_a_phone_without_javascript(new_page, viewports, live_server):
    page = new_page("phone", java_script_enabled=False)
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path, status in (("marketplace", "/marketplace", 200),
                               ("marketplace-error", "/marketplace?place=Narnia", 400)):
        response = page.goto(live_server + path)
        assert response.status == status
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewports["phone"]["width"], f"{path} is {width}px wide on a phone"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    expect(page.locator("#place-error")).to_contain_text("We could not find a place")
    page.get_by_role("link", name=re.compile(r"^Insurance \(\d+\)$")).click()
    expect(page).to_have_url(re.compile(r"/marketplace\?category=insurance$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Insurance")
