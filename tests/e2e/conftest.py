"""Browser suite: the real site served on a local port, driven by Debian's Chromium.

Runs when PEERS_BROWSER_TESTS=1 or CI=true; elsewhere every test here skips with one reason.
"""

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import IN_CI, require

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
CSRF_VALUE = re.compile(r'name="csrf_token" type="hidden" value="[^"]*"')
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


class ServedPages:
    """The HTML the browser suite was served, one copy of each distinct page, for the HTML
    checker (tests/e2e/test_html_checker.py)."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}  # "GET /path (200)" -> the body as served
        self._seen: set[int] = set()
        self._lock = threading.Lock()

    def add(self, request: str, html: str) -> None:
        # The same page with another CSRF token is the same page to the checker.
        same = hash(CSRF_VALUE.sub("", html))
        with self._lock:
            if same in self._seen:
                return
            self._seen.add(same)
            label, number = request, 1
            while label in self.pages:
                number += 1
                label = f"{request} #{number}"
            self.pages[label] = html

    def recording(self, wsgi_app):
        """wsgi_app, keeping a copy of every HTML response it sends."""

        def app(environ, start_response):
            seen = {}

            def start(status, headers, *exc_info):
                seen["status"] = status.split()[0]
                seen["html"] = any(name.lower() == "content-type" and value.startswith("text/html")
                                   for name, value in headers)
                return start_response(status, headers, *exc_info)

            body = wsgi_app(environ, start)
            if not seen.get("html"):
                return body
            try:
                chunks = list(body)
            finally:
                getattr(body, "close", lambda: None)()
            query = environ.get("QUERY_STRING")
            path = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
            self.add(f"{environ['REQUEST_METHOD']} {path} ({seen['status']})",
                     b"".join(chunks).decode("utf-8", "replace"))
            return chunks

        return app


@pytest.fixture(scope="session")
def served_pages() -> ServedPages:
    """Every distinct HTML page the browser suite was served in this session."""
    return ServedPages()


@contextmanager
def serving(app, served_pages: ServedPages) -> Iterator[str]:
    """Serve the app on a free local port (recording its pages); yields its base URL."""
    server = make_server("127.0.0.1", 0, served_pages.recording(app), threaded=True)
    # A short poll interval so that shutdown() returns quickly after each test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
    )
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = base  # the links in its emails lead back to this server
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


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
