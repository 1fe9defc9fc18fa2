"""Who may use each endpoint, found by walking app.url_map: every endpoint must be classified
in tests/security/access.py, so a new route cannot ship without saying who may use it.

Each endpoint is requested (with a valid CSRF token for POSTs) as anonymous and as each kind
of account; "refused" means a redirect to the login page (anonymous) or 403.
"""

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from peers.accounts.models import User
from peers.extensions import db
from tests.helpers import csrf_token
from tests.populate import fill_every_table
from tests.security.access import ACCESS, EXPECTED, client_as, endpoints


def test_every_endpoint_is_classified(small_app):
    found = set(endpoints(small_app))
    unclassified = sorted(found - set(ACCESS))
    assert unclassified == [], (
        f"Say who may use these endpoints in ACCESS (tests/security/access.py): {unclassified}")
    assert sorted(set(ACCESS) - found) == [], "ACCESS names endpoints that no longer exist"


@pytest.fixture
def site(small_app):
    """Accounts of every kind, and a review, a vendor and an offer to point the URLs at."""
    world = fill_every_table(small_app)
    with small_app.app_context():
        ids = dict(db.session.execute(sa.select(User.email, User.id)).all())
        db.session.add(User(email="admin@example.org", password_hash="!", role="admin"))
        db.session.commit()
        ids["admin@example.org"] = db.session.scalar(
            sa.select(User.id).where(User.email == "admin@example.org"))
        offer_id = db.session.scalar(sa.text("SELECT id FROM offer"))
        campaign_id = db.session.scalar(sa.text("SELECT min(id) FROM campaign"))
        event_id = db.session.scalar(sa.text("SELECT min(id) FROM event"))
    people = {"author": ids["author@example.org"], "worker": ids["voter@example.org"],
              "representative": ids["rep@example.org"], "moderator": ids["mod@example.org"],
              "vendor": ids["vendor@example.org"], "admin": ids["admin@example.org"]}
    values = {"slug": "rover", "review_id": world.review_id, "vendor_id": world.vendor_id,
              "offer_id": offer_id, "token": "not-a-real-token", "filename": "css/site.css",
              "suggestion_id": world.suggestion_id, "statement_id": world.statement_id,
              "campaign_id": campaign_id, "event_id": event_id}
    return small_app, people, values


def outcome(app, user_id, method: str, url: str) -> tuple[bool, str]:
    """(let in?, what happened) for one request."""
    client = client_as(app, user_id)
    data = {}
    if method == "POST":
        data["csrf_token"] = csrf_token(client, "/privacy" if user_id else "/account/login")
    response = client.open(url, method=method, data=data)
    response.close()  # a static file's response holds the file open
    status = response.status_code
    location = urlsplit(response.headers.get("Location", "")).path
    if status == 500:
        return False, "500 server error"
    if status == 302 and location == "/account/login":
        return False, "redirect to login"
    if status in (401, 403):
        return False, str(status)
    return True, f"{status}"


def test_each_endpoint_admits_exactly_who_it_should(site):
    app, people, values = site
    problems = []
    # Refusals first: they change nothing, while an admitted POST may (a withdrawn offer).
    checks = sorted(
        ((endpoint, rule, method, person, admitted)
         for endpoint, rules in endpoints(app).items()
         for rule in rules
         for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
         for person, admitted in EXPECTED[ACCESS[endpoint]].items()),
        key=lambda check: (check[4], check[0], check[2]),
    )
    for endpoint, rule, method, person, admitted in checks:
        url = rule.build({name: values[name] for name in rule.arguments})[1]
        let_in, what = outcome(app, people.get(person), method, url)
        if let_in != admitted or "server error" in what:
            expected = "let in" if admitted else "refused"
            problems.append(f"{method} {url} ({endpoint}) as {person}: {what}, "
                            f"expected {expected}")
    assert problems == []
