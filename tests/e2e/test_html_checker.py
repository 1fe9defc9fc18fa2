"""The Nu HTML Checker finds no error on any page the browser suite was served.

The suite's servers keep a copy of every distinct HTML page they send (tests/e2e/conftest.py);
this test runs last (the folder's conftest puts it there) and checks them all with one Java
start. Run alone, it checks the main pages it visits itself.
"""

from tests.htmlcheck import html_errors, require_checker

MAIN_PAGES = ("/", "/discover?q=dog+walking", "/platforms", "/platforms/rover",
              "/categories/pet-care", "/compare?p=rover,wag", "/issues", "/marketplace",
              "/privacy", "/account/login", "/account/signup", "/no-such-page")


def test_every_page_the_browser_suite_was_served_is_valid_html(page, live_server, served_pages,
                                                               tmp_path):
    require_checker()
    for path in MAIN_PAGES:
        page.goto(live_server + path)
    errors = html_errors(served_pages.pages, tmp_path)
    assert errors == [], (f"{len(errors)} HTML error(s) in {len(served_pages.pages)} pages:\n"
                          + "\n".join(errors))
