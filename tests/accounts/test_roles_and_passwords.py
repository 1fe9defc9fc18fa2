"""role_required for other features' views, and the password rules."""

import pytest
from flask import Blueprint

from peers.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from peers.accounts.views import role_required
from tests.helpers import REAL_HASHER, login


@pytest.fixture
def guarded_app(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app("small")
    bp = Blueprint("guarded", __name__)

    @bp.get("/guarded")
    @role_required("moderator", "admin")
    def guarded():
        return "moderation tools"

    app.register_blueprint(bp)
    return app


def test_anonymous_people_are_sent_to_log_in(guarded_app):
    response = guarded_app.test_client().get("/guarded")
    assert response.status_code == 302
    assert response.location == "/account/login?next=%2Fguarded"


@pytest.mark.parametrize(("role", "status"), [
    ("worker", 403), ("vendor", 403), ("moderator", 200), ("admin", 200),
])
def test_only_the_named_roles_get_in(guarded_app, make_user, role, status):
    client = guarded_app.test_client()
    login(client, make_user(guarded_app, role=role))
    assert client.get("/guarded").status_code == status


def test_role_required_refuses_unknown_roles():
    with pytest.raises(ValueError):
        role_required("superuser")


@pytest.mark.parametrize("password", [
    "a" * (MIN_LENGTH - 1), "x" * (MAX_LENGTH + 1), "password", "password123", "12345678",
    "qwertyuiop", "iloveyou1", "letmein!", "a" * 100, "abcabcabc" * 20,
])
def test_short_long_and_common_passwords_are_refused(password):
    assert password_problem(password) is not None


@pytest.mark.parametrize("password", [
    "plum-violin-harbour-42", "Tr4m-Ocean-Basil", "k" + "fj3$Lq9!mZ" * 25 + "xyzab",
])
def test_good_passwords_from_8_to_256_characters_pass(password):
    assert MIN_LENGTH <= len(password) <= MAX_LENGTH
    assert password_problem(password) is None


def test_a_password_made_of_the_users_own_email_is_refused():
    assert password_problem("dana.kowalski", "dana.kowalski@example.org") is not None


def test_the_site_hashes_with_argon2id_rfc_9106_low_memory():
    password_hash = REAL_HASHER.hash("plum-violin-harbour-42")
    assert password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
