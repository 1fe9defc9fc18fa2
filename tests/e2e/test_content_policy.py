"""The strict Content-Security-Policy holds in a real browser: no page needs an inline
script or style, so Chromium reports no violation anywhere."""

from tests.e2e.browsing import ANONYMOUS_PAGES


def test_no_page_trips_the_content_security_policy(page, live_server):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in ANONYMOUS_PAGES.values():
        response = page.goto(live_server + path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert violations == []
