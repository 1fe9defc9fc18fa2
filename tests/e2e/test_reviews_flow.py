"""A review's whole life in real Chromium: sign up through the form, confirm the email from the
message the site wrote, review a platform and see its aggregate change; then another worker
reports it and a moderator hides it from the queue, and it leaves the aggregate."""

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browsing import log_in, serving
from tests.factories import write_platform_review
from tests.helpers import PASSWORD, confirmation_url

REVIEW_TEXT = "Bookings dried up after the fee change."


@pytest.fixture
def site(make_app, make_user, served_pages) -> Iterator[tuple[str, object]]:
    """The real catalog served on a free port, with two 5-star reviews of Rover already there
    (MIN_REVIEWS_TO_SHOW is 3: the next review makes the averages appear)."""
    app = make_app("real")
    for _ in range(2):
        write_platform_review(app, make_user(app), "rover", overall=5, pros="Great clients.")
    with serving(app, served_pages) as base:
        yield base, app


def write_one_star_review(page: Page) -> None:
    page.get_by_role("link", name="Review this platform").click()
    for group in ("Overall, as a place to work", "Pay", "Flexibility",
                  "Support when something goes wrong", "Fairness of rules and ratings", "Safety"):
        page.get_by_role("group", name=group, exact=True).get_by_label("1, very poor").check()
    page.get_by_role("group", name="Would you recommend it to a friend?").get_by_label("No").check()
    page.get_by_role("group", name="How long have you worked on it?") \
        .get_by_label("3 to 12 months").check()
    page.get_by_role("group", name="Do you still work on it?").get_by_label("No").check()
    page.get_by_label("What is bad").fill(REVIEW_TEXT)
    page.get_by_role("button", name="Publish my review").click()


def test_review_flag_and_hide(new_page, site, make_user):
    base, app = site
    email = f"reviewer-{uuid.uuid4().hex[:8]}@example.org"
    ratings = "section#ratings"

    # A worker signs up through the real form and confirms the email from the message.
    worker = new_page()
    worker.goto(base + "/platforms/rover")
    expect(worker.locator(ratings)).to_contain_text("Not enough reviews yet")
    worker.goto(base + "/account/signup")
    worker.get_by_label("Email").fill(email)
    worker.get_by_label("Password", exact=True).fill(PASSWORD)
    worker.get_by_label("Confirm password").fill(PASSWORD)
    worker.get_by_role("button", name="Create account").click()
    expect(worker.locator(".flashes")).to_contain_text("We sent a link")
    worker.goto(confirmation_url(app.instance_path, email))
    expect(worker.locator("body")).to_contain_text("confirmed")

    # The review makes three: the averages appear, pulled down by one star.
    worker.goto(base + "/platforms/rover")
    write_one_star_review(worker)
    expect(worker).to_have_url(re.compile(r"/platforms/rover"))
    expect(worker.locator(ratings)).to_contain_text("3.7 out of 5, from 3 reviews")
    review = worker.locator("li.review").filter(has_text=REVIEW_TEXT)
    expect(review).to_have_count(1)

    # Another worker reports it; it stays up.
    reporter = new_page()
    log_in(reporter, base, make_user(app).email)
    reporter.goto(base + "/platforms/rover")
    item = reporter.locator("li.review").filter(has_text=REVIEW_TEXT)
    item.locator("summary", has_text="Report").click()
    item.get_by_label("What is wrong with this review?").fill("Written by a competitor.")
    item.get_by_role("button", name="Send the report").click()
    expect(reporter.locator(".flashes")).to_contain_text("A moderator will read your report")
    expect(reporter.locator(ratings)).to_contain_text("from 3 reviews")

    # A moderator hides it from the queue, with a reason; it leaves the aggregate.
    moderator = new_page()
    log_in(moderator, base, make_user(app, role="moderator").email)
    moderator.goto(base + "/moderation")
    entry = moderator.locator("article.moderation-item").filter(has_text=REVIEW_TEXT)
    expect(entry).to_contain_text("Written by a competitor.")
    entry.get_by_label("Reason").fill("Not a first-hand account.")
    entry.get_by_role("button", name=re.compile(r"^Hide")).click()
    expect(moderator.locator(".flashes")).to_contain_text("Hidden")
    expect(moderator.locator("article.moderation-item")).to_have_count(0)
    moderator.goto(base + "/moderation/log")
    expect(moderator.locator("table")).to_contain_text("Not a first-hand account.")

    worker.goto(base + "/platforms/rover")
    expect(worker.locator(ratings)).to_contain_text("Not enough reviews yet")
    expect(worker.locator(ratings)).to_contain_text("2 so far")
    expect(worker.locator(ratings)).to_contain_text("A moderator has hidden your review")
    expect(worker.locator("li.review").filter(has_text=REVIEW_TEXT)).to_have_count(0)
