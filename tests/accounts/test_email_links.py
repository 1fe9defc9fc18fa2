"""Links in emails come only from SITE_URL: a forged Host header never reaches a message."""

import pytest

from tests.helpers import PASSWORD, log_in, mails, post_form, sign_up


@pytest.fixture
def app(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    return make_app("small", SITE_URL="https://peers.example/")


def every_mail_a_host_could_bend(app, make_user):
    """Send every kind of message the site sends, each request with Host: evil.example."""
    make_user(app, email="owner@example.org", confirmed=True)
    make_user(app, email="unconfirmed@example.org", confirmed=False)
    client = app.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"  # every request, its cookies too
    sign_up(client, "new@example.org")  # confirmation link
    sign_up(client, "owner@example.org")  # "someone tried to sign up"
    post_form(client, "/account/reset", "/account/reset", {"email": "owner@example.org"})
    log_in(client, "unconfirmed@example.org")
    post_form(client, "/account", "/account/confirm/resend", {})
    post_form(client, "/account/email", "/account/email",
              {"email": "moved@example.org", "password": PASSWORD})  # link; notice to old
    post_form(client, "/account/email", "/account/email",
              {"email": "owner@example.org", "password": PASSWORD})  # taken: notices only
    return mails(app)


def test_no_mail_ever_holds_the_request_host(app, make_user):
    messages = every_mail_a_host_could_bend(app, make_user)
    subjects = {m["Subject"] for m in messages}
    assert len(messages) == 8 and len(subjects) == 6
    for message in messages:
        body = message.get_body(preferencelist=("plain",)).get_content()
        assert "evil.example" not in body, message["Subject"]
        assert "https://peers.example/account/" in body, message["Subject"]


def test_development_links_point_at_the_local_server(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "dev"))
    monkeypatch.delenv("PEERS_SITE_URL", raising=False)
    app = make_app("small")
    sign_up(app.test_client(), "w@example.org")
    body = mails(app)[0].get_body().get_content()
    assert "http://127.0.0.1:5000/account/confirm/" in body and "evil.example" not in body
