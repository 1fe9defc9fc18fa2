"""The browser suite's site and pages: the site served on a local port (keeping a copy of
every page for the HTML checker), the pages anyone can open, and logging in through the form."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from tests.helpers import PASSWORD

CSRF_VALUE = re.compile(r'name="csrf_token" type="hidden" value="[^"]*"')
ANONYMOUS_PAGES = {
    "home": "/",
    "results": "/discover?q=dogs",
    "discover-error": "/discover?q=&location=&hours=",  # 400, with the form's errors
    "platforms": "/platforms",
    "platform": "/platforms/rover",
    "category": "/categories/pet-care",
    "compare": "/compare?p=rover,wag",
    "issues": "/issues",
    "privacy": "/privacy",
    "login": "/account/login",
    "signup": "/account/signup",
    "reset": "/account/reset",
    "not-found": "/platforms/no-such-platform",  # 404
}


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


def log_in(page: Page, base: str, email: str) -> None:
    """Log in through the form, as a person would, and see that it worked."""
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
