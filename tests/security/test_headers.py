"""The header policy every response carries, HSTS in production, and no-store on the pages
of a logged-in user."""

import secrets

import pytest

from tests.helpers import login

STRONG = secrets.token_urlsafe(48)
SITE = {"SITE_URL": "https://peers.example", "TRUSTED_HOSTS": ["localhost"]}  # production's
PAGES = ["/", "/platforms", "/platforms/rover", "/account/login", "/api/v1/platforms",
         "/no-such-page"]


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.fixture
def production(make_app):
    return make_app("small", ENV="production", SECRET_KEY=STRONG, **SITE)


@pytest.mark.parametrize("path", PAGES)
def test_production_sends_the_whole_policy(production, path):
    response = production.test_client().get(path, base_url="https://localhost")
    csp = directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] in ("'self'", "'none'")
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src" not in csp and "style-src" not in csp  # default-src 'self' rules
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in (
        "strict-origin-when-cross-origin", "strict-origin", "same-origin", "no-referrer")
    hsts = response.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts


def test_development_sends_the_policy_but_no_hsts(make_app):
    response = make_app("small").test_client().get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_lifetime_comes_from_config(make_app):
    app = make_app("small", ENV="production", SECRET_KEY=STRONG, HSTS_SECONDS=600,
                   **SITE)
    response = app.test_client().get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=600; includeSubDomains"


@pytest.mark.parametrize("path", ["/account", "/platforms", "/platforms/rover/review",
                                  "/account/export"])
def test_pages_of_a_logged_in_user_are_not_stored(small_app, make_user, path):
    client = small_app.test_client()
    login(client, make_user(small_app))
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_for_anonymous_visitors_may_be_stored(small_client):
    assert "no-store" not in small_client.get("/platforms").headers.get("Cache-Control", "")


def test_after_logging_in_through_the_form_the_next_page_is_not_stored(small_app, make_user):
    from tests.helpers import log_in

    client = small_app.test_client()
    make_user(small_app, email="w@example.org")
    response = log_in(client, "w@example.org")
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/account").headers["Cache-Control"] == "no-store"
