"""Errors show a plain page, never a traceback; oversized requests get 413."""

import secrets

import pytest

STRONG = secrets.token_urlsafe(48)
ONE_MIB = 1024 * 1024


def with_failing_routes(app):
    def fail():
        raise RuntimeError("secret internals: password=hunter2")

    app.add_url_rule("/_fail", "fail", fail)
    app.add_url_rule("/api/v1/_fail", "api_fail", fail)
    return app


@pytest.fixture(params=["development", "production"])
def app(request, make_app):
    overrides = {"ENV": "production", "SECRET_KEY": STRONG, "SITE_URL": "https://peers.example",
                 "TRUSTED_HOSTS": ["localhost"]} if request.param == "production" else {}
    # Not TESTING: exceptions are handled the way the served site handles them.
    return with_failing_routes(make_app("small", TESTING=False, **overrides))


def test_a_forced_error_shows_a_plain_500_page(app):
    response = app.test_client().get("/_fail", base_url="https://localhost")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Something went wrong on our side" in text
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret internals", 'File "'):
        assert leak not in text
    assert response.headers["Content-Security-Policy"]


def test_a_forced_error_under_the_api_is_plain_json(app):
    response = app.test_client().get("/api/v1/_fail", base_url="https://localhost")
    assert response.status_code == 500
    assert response.json == {"error": {"code": "internal_error", "field": None,
                                       "message": "Something went wrong on our side."}}


def test_an_oversized_form_gets_413(small_client):
    body = {"email": "a@example.org", "password": "x" * (ONE_MIB + 1)}
    response = small_client.post("/account/login", data=body)
    assert response.status_code == 413
    assert "413" in response.get_data(as_text=True)


def test_an_oversized_api_request_gets_a_json_413(small_client):
    response = small_client.post("/api/v1/platforms", data=b"x" * (ONE_MIB + 1),
                                 content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"


def test_a_body_within_the_limit_is_read(small_client):
    response = small_client.post("/account/login", data={"email": "x" * 1000})
    assert response.status_code == 400  # the CSRF check read it and refused it, not 413
