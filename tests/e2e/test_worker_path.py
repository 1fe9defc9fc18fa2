"""A worker's path through the site in real Chromium: say what you have, see why platforms fit,
open one and read its facts. Also without JavaScript, by keyboard only, and with bad input."""

import re

from playwright.sync_api import Page, expect

EMPTY_FORM_ERROR = "Tell us something you can do or enjoy, or tick what you have."


def fill_search(page: Page) -> None:
    page.get_by_label("What can you do").fill("I love dogs and walking")
    page.get_by_label("A dog-friendly home").check()
    page.get_by_label("Where do you live?").fill("Austin, TX")
    page.get_by_label("Hours a week").fill("10")


def submit(page: Page) -> int:
    """Click the search button; the status of the page it lands on."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Show where I can earn").click()
    return navigation.value.status


def expect_ranked_results(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/discover\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Platforms for you")
    results = page.locator("ol.results > li")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("in Austin")
    rover = results.filter(has=page.get_by_role("heading", name="Rover", exact=True))
    expect(rover).to_have_count(1)
    expect(rover.get_by_role("heading", name="Why it matched")).to_be_visible()
    expect(rover.locator(".reasons li").first).to_contain_text('"dogs"')
    expect(rover).to_contain_text("You have a dog-friendly home")


def open_result(page: Page, name: str) -> None:
    page.locator("ol.results h2").get_by_role("link", name=name, exact=True).click()


def test_worker_finds_a_platform_and_reads_its_facts(page: Page, live_server):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Where can you earn")
    fill_search(page)
    assert submit(page) == 200
    expect_ranked_results(page)

    open_result(page, "Rover")
    expect(page).to_have_url(live_server + "/platforms/rover")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rover")
    facts = page.locator("dl.facts").first
    expect(facts.get_by_text("Where it operates", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Requirements")).to_be_visible()
    # The fee under its own heading, not among what it takes to work there.
    expect(page.get_by_role("heading", name="Fees", exact=True)).to_be_visible()
    expect(page.locator("#main")).to_contain_text("Rover keeps 20%")
    expect(facts.get_by_role("link", name="source").first).to_be_visible()


def test_empty_form_shows_the_error_next_to_the_field(page: Page, live_server):
    page.goto(live_server + "/")
    assert submit(page) == 400
    error = page.locator("#q-error")
    expect(error).to_have_text(EMPTY_FORM_ERROR)
    expect(error).to_be_visible()
    field = page.get_by_label("What can you do")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bq-error\b"))
    # The message sits inside the field's own box, right under the input.
    expect(page.locator(".field.has-error").filter(has=field)).to_contain_text(EMPTY_FORM_ERROR)


def test_searching_a_merged_platform_says_where_its_work_went(page: Page, live_server):
    page.goto(live_server + "/")
    page.get_by_label("What can you do").fill("dogvacay")
    assert submit(page) == 200
    notice = page.locator("p.notice").filter(has_text="DogVacay merged into Rover")
    expect(notice).to_be_visible()
    notice.get_by_role("link", name="Rover").click()
    expect(page).to_have_url(live_server + "/platforms/rover")


def test_the_whole_search_works_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False)
    page.goto(live_server + "/")
    fill_search(page)
    assert submit(page) == 200
    expect_ranked_results(page)
    open_result(page, "Rover")
    expect(page).to_have_url(live_server + "/platforms/rover")
    expect(page.locator("#fees")).to_contain_text("Rover keeps 20%")


def tab_to(page: Page, selector: str, max_presses: int = 60) -> None:
    """Press Tab until the element matching selector has the focus."""
    target = page.locator(selector)
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_search(page: Page, live_server):
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()

    tab_to(page, "#q")
    page.keyboard.type("I love dogs and walking")
    tab_to(page, "input[name=assets][value=dog-friendly-home]")
    page.keyboard.press("Space")
    expect(page.get_by_label("A dog-friendly home")).to_be_checked()
    tab_to(page, "#location")
    page.keyboard.type("Austin, TX")
    tab_to(page, "#hours")
    page.keyboard.type("10")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    expect_ranked_results(page)


def test_focus_is_visible(page: Page, live_server):
    page.goto(live_server + "/")
    for selector in ("#q", "input[name=assets][value=car]", "button[type=submit]"):
        tab_to(page, selector)
        outline = page.locator(selector).evaluate(
            "e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[0] != "none" and outline[1] != "0px", (selector, outline)
