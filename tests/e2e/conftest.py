"""Browser suite: the real site served on a local port, driven by Debian's Chromium.

Runs when PEERS_BROWSER_TESTS=1 or CI=true; elsewhere every test here skips with one reason.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browsing import ServedPages, serving
from tests.sites import IN_CI, require

HERE = Path(__file__).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
CHECKER_TESTS = "test_html_checker.py"
ENABLED = os.environ.get("PEERS_BROWSER_TESTS") == "1" or IN_CI


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items: mark only the ones in this folder.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
    # The HTML checker runs last, over every page the tests before it were served.
    last = [item for item in items if item.path.name == CHECKER_TESTS]
    items[:] = [item for item in items if item.path.name != CHECKER_TESTS] + last


@pytest.fixture(scope="session", autouse=True)
def browser_suite_enabled():
    """Skip (or, in CI, fail) before anything starts when the suite cannot run."""
    require(ENABLED, "browser tests run with PEERS_BROWSER_TESTS=1 or CI=true")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="session")
def served_pages() -> ServedPages:
    """Every distinct HTML page the browser suite was served in this session."""
    return ServedPages()


@pytest.fixture
def live_server(make_app, served_pages) -> Iterator[str]:
    """The site on the real catalog, served on a free local port; yields its base URL."""
    with serving(make_app("real"), served_pages) as base:
        yield base


@pytest.fixture(scope="session")
def browser(browser_suite_enabled):
    """One headless Chromium for the session; each test gets its own context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def viewports() -> dict[str, dict]:
    """The screen sizes pages are checked at, by name."""
    return VIEWPORTS


@pytest.fixture
def new_page(browser):
    """new_page(size="desktop"|"phone", **context_options): a page in a fresh context."""
    contexts = []

    def make(size: str = "desktop", **options):
        if size == "phone":
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(viewport=VIEWPORTS[size], **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page with JavaScript on."""
    return new_page()
