"""Verified earnings: a reviewer attaches a pay statement checked by content, only moderators
open it (as an attachment), the decision marks the report and deletes the file, and nothing
is kept past 30 days."""

from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from peers.core import utcnow
from peers.extensions import db
from peers.ratings.models import EarningsStatement, Review
from tests.helpers import csrf_token, login
from tests.ratings.test_ratings_pages import add_reviews, user_of

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = "/platforms/hourly-walkers/review"


@pytest.fixture
def small_app(make_app, tmp_path):
    """The small site with its own statements folder (the instance folder is shared)."""
    return make_app("small", STATEMENTS_FOLDER=str(tmp_path / "statements"))


def setup_review(app, net=20):
    [review_id] = add_reviews(app, "hourly-walkers", [4], net=net, country="US")
    return review_id, user_of(app, review_id)


BOUNDARY = "statement-boundary"


def multipart(token: str | None, content: bytes, name: str, mime: str) -> bytes:
    """The body a browser sends; encoded here, because the test client spools large files to
    a temporary file it never closes."""
    body = b""
    if token is not None:
        body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                 f"{token}\r\n").encode()
    body += (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"statement\"; "
             f"filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n").encode()
    return body + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def upload(client, review_id, content: bytes, name="statement.pdf", mime="application/pdf"):
    return client.post(f"/reviews/{review_id}/statement",
                       data=multipart(csrf_token(client, FORM), content, name, mime),
                       content_type=f"multipart/form-data; boundary={BOUNDARY}")


def statements_of(app) -> list[EarningsStatement]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(EarningsStatement)))
        for s in found:
            db.session.expunge(s)
        return found


def files_in(app) -> list[Path]:
    folder = Path(app.config["STATEMENTS_FOLDER"])
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_statement_is_stored_outside_static_with_a_random_name(small_app):
    review_id, author = setup_review(small_app)
    client = small_app.test_client()
    login(client, author)
    response = upload(client, review_id, PDF, name="my payslip.pdf")
    assert response.status_code == 302
    [statement] = statements_of(small_app)
    assert statement.content_type == "application/pdf" and statement.decision == "pending"
    [stored] = files_in(small_app)
    assert stored.name == statement.stored_name and "payslip" not in stored.name
    assert len(stored.name) == 48 and stored.read_bytes() == PDF
    assert "static" not in stored.parts
    assert small_app.config["STATEMENTS_FOLDER"].startswith(str(Path(stored).parent.parent))


@pytest.mark.parametrize(("content", "name", "mime", "message"), [
    (b"MZ\x90\x00 an executable", "statement.pdf", "application/pdf", "not, whatever its name"),
    (b"<html><script>alert(1)</script>", "statement.png", "image/png", "not, whatever its name"),
    (b"", "statement.pdf", "application/pdf", "empty"),
    (PDF + b"0" * (5 * 1024 * 1024), "big.pdf", "application/pdf", "larger than 5 MB"),
])
def test_what_is_not_a_small_pdf_png_or_jpeg_is_refused_and_nothing_stored(
        small_app, content, name, mime, message):
    review_id, author = setup_review(small_app)
    client = small_app.test_client()
    login(client, author)
    response = upload(client, review_id, content, name, mime)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert statements_of(small_app) == [] and files_in(small_app) == []


def test_far_too_large_a_body_is_refused_before_it_is_read(small_app):
    review_id, author = setup_review(small_app)
    client = small_app.test_client()
    login(client, author)
    response = upload(client, review_id, PDF + b"0" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert statements_of(small_app) == [] and files_in(small_app) == []


def test_only_the_author_can_attach_one(small_app, make_user):
    review_id, _author = setup_review(small_app)
    client = small_app.test_client()
    login(client, make_user(small_app))
    assert upload(client, review_id, PDF).status_code == 403
    assert statements_of(small_app) == [] and files_in(small_app) == []


def test_only_moderators_open_it_as_an_attachment(small_app, make_user):
    review_id, author = setup_review(small_app)
    client = small_app.test_client()
    login(client, author)
    upload(client, review_id, PNG, name="shot.png", mime="image/png")
    [statement] = statements_of(small_app)
    url = f"/moderation/statements/{statement.id}/file"
    assert client.get(url).status_code == 403  # the author included
    anonymous = small_app.test_client()
    assert anonymous.get(url).status_code in (302, 401)
    moderator = small_app.test_client()
    login(moderator, make_user(small_app, role="moderator"))
    response = moderator.get(url)
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]
    assert "Pay statements to check" in moderator.get("/moderation/statements").get_data(
        as_text=True)


def uploaded_for_moderator(app, make_user):
    """(review id, statement, a moderator's client, its CSRF token) after an upload."""
    review_id, author = setup_review(app)
    client = app.test_client()
    login(client, author)
    upload(client, review_id, PDF)
    [statement] = statements_of(app)
    moderator = app.test_client()
    login(moderator, make_user(app, role="moderator"))
    return review_id, statement, moderator, csrf_token(moderator, "/moderation/statements")


def test_the_decision_marks_the_report_and_deletes_the_file(small_app, make_user):
    review_id, statement, moderator, token = uploaded_for_moderator(small_app, make_user)
    response = moderator.post(f"/moderation/statements/{statement.id}/decide",
                              data={"csrf_token": token, "decision": "verified"})
    assert response.status_code == 302
    assert files_in(small_app) == []
    [decided] = statements_of(small_app)
    assert decided.decision == "verified" and decided.stored_name is None
    with small_app.app_context():
        assert db.session.get(Review, review_id).earnings_verified is True
    page = small_app.test_client().get("/platforms/hourly-walkers").get_data(as_text=True)
    assert "Verified earnings" in page
    again = moderator.post(f"/moderation/statements/{statement.id}/decide",
                           data={"csrf_token": token, "decision": "rejected"})
    assert again.status_code == 409  # decided once; the file is gone
    assert moderator.get(f"/moderation/statements/{statement.id}/file").status_code == 404


def test_a_bad_decision_changes_nothing(small_app, make_user):
    _review_id, statement, moderator, token = uploaded_for_moderator(small_app, make_user)
    response = moderator.post(f"/moderation/statements/{statement.id}/decide",
                              data={"csrf_token": token, "decision": "maybe"})
    assert response.status_code == 400
    assert len(files_in(small_app)) == 1 and statements_of(small_app)[0].decision == "pending"


def test_purge_deletes_statements_older_than_30_days(small_app):
    review_id, author = setup_review(small_app)
    client = small_app.test_client()
    login(client, author)
    upload(client, review_id, PDF)
    runner = small_app.test_cli_runner()
    assert "Deleted 0 pay statement files" in runner.invoke(args=["peers", "purge-uploads"]).output
    assert len(files_in(small_app)) == 1
    with small_app.app_context():
        db.session.execute(sa.update(EarningsStatement).values(
            uploaded_at=utcnow() - timedelta(days=31)))
        db.session.commit()
    result = runner.invoke(args=["peers", "purge-uploads"])
    assert "Deleted 1 pay statement file." in result.output
    assert files_in(small_app) == [] and statements_of(small_app)[0].stored_name is None
