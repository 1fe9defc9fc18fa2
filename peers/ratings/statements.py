"""Pay statements behind earnings reports: attached by the reviewer, opened and decided by a
moderator, deleted at the decision and after STATEMENT_KEEP_DAYS whatever happens.

Files are checked by their content (magic bytes, via `filetype`), never by their name, and
stored under the instance folder with random names: nothing under static/, nothing a URL
reaches except the moderators' download. Services flush, never commit.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import filetype
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from peers.accounts.models import User
from peers.core import utcnow
from peers.errors import Forbidden, NotFound, Refused
from peers.extensions import db
from peers.ratings.models import EarningsStatement, Review
from peers.ratings.services import owned_review

ALLOWED = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
MAX_BYTES = 5 * 1024 * 1024
KEEP_DAYS = 30


def folder() -> Path:
    """Where statements are kept: the instance folder, never static/."""
    path = Path(current_app.config.get("STATEMENTS_FOLDER")
                or Path(current_app.instance_path) / "statements")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def path_of(statement: EarningsStatement) -> Path | None:
    return folder() / statement.stored_name if statement.stored_name else None


def check_content(data: bytes) -> str:
    """The file's MIME type from its content; Refused for anything but PDF, PNG and JPEG."""
    if not data:
        raise Refused("The file is empty.", field="statement")
    if len(data) > MAX_BYTES:
        raise Refused("The file is larger than 5 MB.", field="statement")
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ALLOWED:
        raise Refused("Attach a PDF, PNG or JPEG file: this one is not, whatever its name.",
                      field="statement")
    return kind.mime


def _delete_file(statement: EarningsStatement) -> None:
    path = path_of(statement)
    if path is not None:
        path.unlink(missing_ok=True)
    statement.stored_name = None


def attach(actor: User, review_id: int, data: bytes) -> EarningsStatement:
    """Attach (or replace) the pay statement of the actor's own earnings report."""
    review = owned_review(actor, review_id)
    if review.net_hourly is None:
        raise Refused("Add an earnings report to your review first.", field="statement")
    mime = check_content(data)
    statement = db.session.scalars(
        sa.select(EarningsStatement).where(EarningsStatement.review_id == review.id)
    ).first()
    if statement is None:
        statement = EarningsStatement(review_id=review.id)
        db.session.add(statement)
    else:
        _delete_file(statement)
    name = secrets.token_hex(24)
    (folder() / name).write_bytes(data)
    statement.stored_name, statement.content_type, statement.size = name, mime, len(data)
    statement.decision, statement.uploaded_at = "pending", utcnow()
    statement.decided_at = statement.decided_by_id = None
    review.earnings_verified = False  # a new statement is checked anew
    db.session.flush()
    return statement


def _moderated(actor: User | None, statement_id: int) -> EarningsStatement:
    if actor is None or not actor.is_moderator:
        raise Forbidden("Only moderators can open or decide pay statements.")
    statement = db.session.get(EarningsStatement, statement_id)
    if statement is None:
        raise NotFound("There is no such pay statement.")
    return statement


def file_for_moderator(actor: User | None, statement_id: int) -> tuple[Path, str]:
    """(path, MIME type) of a statement still kept; only moderators."""
    statement = _moderated(actor, statement_id)
    path = path_of(statement)
    if path is None or not path.exists():
        raise NotFound("The file was deleted after its decision or after 30 days.")
    return path, statement.content_type


def decide(actor: User | None, statement_id: int, verified: bool) -> EarningsStatement:
    """Mark the report verified or not, and delete the file now."""
    statement = _moderated(actor, statement_id)
    if statement.decision != "pending":
        raise Refused("This statement was already decided.")
    review = db.session.get(Review, statement.review_id)
    review.earnings_verified = verified
    statement.decision = "verified" if verified else "rejected"
    statement.decided_at, statement.decided_by_id = utcnow(), actor.id
    _delete_file(statement)
    db.session.flush()
    return statement


def purge(now=None, days: int = KEEP_DAYS) -> int:
    """Delete every statement file older than `days`, and files no row names; how many."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    old = db.session.scalars(
        sa.select(EarningsStatement).where(EarningsStatement.stored_name.is_not(None),
                                           EarningsStatement.uploaded_at < cutoff))
    count = 0
    for statement in old:
        _delete_file(statement)
        count += 1
    db.session.flush()
    kept = set(db.session.scalars(sa.select(EarningsStatement.stored_name)
                                  .where(EarningsStatement.stored_name.is_not(None))))
    for path in folder().iterdir():
        if path.is_file() and path.name not in kept:  # a write whose transaction failed
            path.unlink(missing_ok=True)
            count += 1
    return count


def pending(limit: int = 50) -> list[EarningsStatement]:
    """Statements waiting for a decision, oldest first, with their review and platform."""
    return list(db.session.scalars(
        sa.select(EarningsStatement).where(EarningsStatement.decision == "pending",
                                           EarningsStatement.stored_name.is_not(None))
        .order_by(EarningsStatement.uploaded_at).limit(limit)
        # The queue names each statement's platform and report: load them with the page.
        .options(joinedload(EarningsStatement.review).joinedload(Review.platform))))
