"""The Nu HTML Checker finds no error on any page of the site as a test client is served it:
every GET route as someone it lets in, each form sent empty (its error page), and the pages a
search, a comparison or a missing address give. The browser suite checks what it visits too
(tests/e2e/test_html_checker.py); this walk needs no browser and reaches every route."""

import pytest

from tests.helpers import csrf_token
from tests.htmlcheck import html_errors, require_checker
from tests.populate import everyone, fill_every_table
from tests.security.access import ACCESS, EXPECTED, client_as, endpoints

NOT_PAGES = {"static", "health.healthz", "accounts.export"}  # files and JSON, not HTML
SEARCHES = ("/discover?q=dog+walking&location=Austin", "/discover?q=&location=", "/discover?q=zz",
            "/discover?q=dogs&hours=many", "/marketplace?q=tax", "/marketplace?min_price=x",
            "/marketplace?max_price=1,000", "/compare?p=rover,wag", "/compare?p=rover",
            "/platforms?region=US", "/no-such-page", "/platforms/no-such")


@pytest.fixture
def site(make_app):
    # Dozens of sign-ups in a row. Limits raised, not switched off: RATELIMIT_ENABLED=False
    # would stay on the shared limiter for every later app of the session.
    app = make_app("small", SIGNUP_LIMIT="1000 per hour", LOGIN_LIMIT="1000 per minute")
    people, values = everyone(app, fill_every_table(app))
    return app, people, values


def admitted_person(endpoint: str) -> str:
    return next(person for person, admitted in EXPECTED[ACCESS[endpoint]].items() if admitted)


def served_pages(app, people, values) -> dict[str, str]:
    """Every HTML page the walk is served, by request."""
    pages = {}
    anonymous = app.test_client()
    for endpoint, rules in sorted(endpoints(app).items()):
        if endpoint in NOT_PAGES or endpoint.startswith("api."):
            continue
        person = admitted_person(endpoint)
        client = client_as(app, people[person])
        for rule in rules:
            url = rule.build({name: values[name] for name in rule.arguments})[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                data = {}
                if method == "POST":
                    data["csrf_token"] = csrf_token(
                        client, "/account/login" if people[person] is None else "/privacy")
                response = client.open(url, method=method, data=data)
                if response.mimetype == "text/html":
                    pages[f"{method} {url} as {person} ({response.status_code})"] = (
                        response.get_data(as_text=True))
    for url in SEARCHES:
        response = anonymous.get(url)
        pages[f"GET {url} ({response.status_code})"] = response.get_data(as_text=True)
    return pages


def test_every_page_of_the_site_is_valid_html(site, tmp_path):
    require_checker()
    pages = served_pages(*site)
    errors = html_errors(pages, tmp_path)
    assert errors == [], f"{len(errors)} HTML error(s) in {len(pages)} pages:\n" + "\n".join(errors)
