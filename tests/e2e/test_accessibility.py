"""Accessibility in real Chromium: axe-core (shipped inside the axe-playwright-python package,
nothing fetched) finds no serious or critical violation on any page, and the main forms are
filled in and sent with the keyboard alone."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from peers.extensions import db
from peers.ratings.models import ReviewFlag
from tests.e2e.browsing import ANONYMOUS_PAGES, log_in, serving
from tests.factories import write_platform_review
from tests.helpers import PASSWORD

BLOCKING = ("serious", "critical")
STATUS = {"discover-error": 400, "not-found": 404}
WORKER_PAGES = {"account": "/account", "review-form": "/platforms/rover/review",
                "email": "/account/email", "password": "/account/password"}
MODERATOR_PAGES = {"moderation": "/moderation"}


@pytest.fixture
def site(make_app, make_user, served_pages) -> Iterator[tuple[str, dict]]:
    """The real catalog served on a free port (as live_server, but with the app at hand to
    make accounts), with three reviews of Rover, one of them reported to the moderators."""
    app = make_app("real")
    people = {"worker": make_user(app, email="worker@example.org"),
              "moderator": make_user(app, role="moderator", email="mod@example.org")}
    review_ids = [write_platform_review(app, make_user(app), "rover", overall=stars,
                                        pros="Good <b>dogs</b>")
                  for stars in (5, 3, 1)]
    with app.app_context():
        db.session.add(ReviewFlag(review_id=review_ids[0], user_id=people["worker"].id,
                                  reason="Looks like an advert."))
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewFlag)) == 1
    with serving(app, served_pages) as base:
        yield base, people


def blocking_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    results = Axe().run(page).response
    return [f"{v['id']} ({v['impact']}): {v['help']} at "
            f"{', '.join(str(node['target']) for node in v['nodes'][:5])}"
            for v in results["violations"] if v["impact"] in BLOCKING]


def check_pages(page: Page, base: str, pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, path in pages.items():
        assert page.goto(base + path).status == STATUS.get(name, 200), path
        expect(page.locator("main")).to_be_visible()
        if problems := blocking_violations(page):
            found[f"{name} ({path})"] = problems
    return found


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_public_pages_have_no_serious_violation(new_page, site, size):
    base, _people = site
    assert check_pages(new_page(size), base, ANONYMOUS_PAGES) == {}


def test_pages_with_errors_have_no_serious_violation(page, site):
    base, people = site
    page.goto(base + "/account/signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".error").first).to_be_visible()
    assert blocking_violations(page) == []
    log_in(page, base, people["worker"].email)
    page.goto(base + "/platforms/rover/review")
    page.get_by_role("button", name="Publish my review").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert blocking_violations(page) == []


def test_member_and_moderator_pages_have_no_serious_violation(new_page, site):
    base, people = site
    worker = new_page()
    log_in(worker, base, people["worker"].email)
    assert check_pages(worker, base, WORKER_PAGES) == {}
    moderator = new_page()
    log_in(moderator, base, people["moderator"].email)
    assert check_pages(moderator, base, MODERATOR_PAGES) == {}
    expect(moderator.get_by_text("Looks like an advert.")).to_be_visible()


# -- keyboard alone -------------------------------------------------------------------------------
def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab until an element matching selector has the focus, which must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            ring = page.evaluate("""() => {
                const el = document.activeElement;
                return el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none';
            }""")
            assert ring, f"{selector} has the focus but shows no focus ring"
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_sign_up_by_keyboard_alone(page, site):
    base, _people = site
    page.goto(base + "/account/signup")
    type_into(page, "input[name=email]", "keys@example.org")
    type_into(page, "input[name=display_name]", "Keys")
    type_into(page, "input[name=password]", PASSWORD)
    type_into(page, "input[name=confirm]", PASSWORD)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    # Sign-up logs nobody in (it answers the same for an address that has an account): the
    # page says where the link went, on the login form.
    expect(page.get_by_text("We sent a link to keys@example.org")).to_be_visible()
    assert page.url.endswith("/account/login")


def test_log_in_by_keyboard_alone(page, site):
    base, people = site
    page.goto(base + "/")
    tab_to(page, "a[href='/account/login']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log in")
    type_into(page, "input[name=email]", people["worker"].email)
    type_into(page, "input[name=password]", PASSWORD)
    tab_to(page, "input[name=remember]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_review_by_keyboard_alone(page, site):
    base, people = site
    log_in(page, base, people["worker"].email)
    page.goto(base + "/platforms/rover/review")
    for group in ("overall", "pay", "flexibility", "support", "fairness", "safety",
                  "would_recommend"):
        tab_to(page, f"input[name={group}]")  # the first choice of the group
        page.keyboard.press("ArrowRight")  # moves to, and picks, the next choice
    type_into(page, "textarea[name=cons]", "Pay came late twice.")
    for group in ("tenure", "still_active"):
        tab_to(page, f"input[name={group}]")
        page.keyboard.press("Space")
    tab_to(page, "input[name=issues]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/platforms/rover#your-review")
    expect(page.get_by_text("Pay came late twice.")).to_be_visible()
