"""Routes of pay statements: the reviewer attaches one; moderators open and decide them."""

import io

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from peers.accounts.decorators import role_required
from peers.errors import Refused, refused_as_http, show_refusal
from peers.extensions import db, limiter
from peers.ratings import statements
from peers.ratings.forms import StatementDecisionForm, StatementForm

bp = Blueprint("statements", __name__)
MODERATORS = ("moderator", "admin")
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the CSRF token around the file


@bp.url_value_preprocessor
def allow_statement_size(endpoint, _values):
    """The upload may be up to 5 MB; every other request keeps the site's limit. (URL value
    preprocessors run before the app's before_request hooks, which check the size.)"""
    if endpoint == "statements.upload":
        request.max_content_length = statements.MAX_BYTES + FORM_OVERHEAD


@bp.post("/reviews/<int:review_id>/statement")
@login_required
@limiter.limit(lambda: current_app.config.get("STATEMENT_UPLOAD_LIMIT", "10 per hour"))
def upload(review_id: int):
    form = StatementForm()
    status = 400
    if form.validate():
        sent = form.statement.data
        data = sent.read(statements.MAX_BYTES + 1) if sent and hasattr(sent, "read") else b""
        try:
            with refused_as_http():
                review = statements.attach(current_user, review_id, data).review
                db.session.commit()
            return redirect(url_for("ratings.write", slug=review.platform.slug, attached=1))
        except Refused as exc:
            status = show_refusal(form, exc)
    return render_template("ratings/statement_error.html", form=form), status


@bp.get("/moderation/statements")
@role_required(*MODERATORS)
def queue():
    items = statements.pending()
    return render_template("ratings/statements.html", items=items,
                           form=StatementDecisionForm(formdata=None))


@bp.get("/moderation/statements/<int:statement_id>/file")
@role_required(*MODERATORS)
def download(statement_id: int):
    with refused_as_http():
        path, mime = statements.file_for_moderator(current_user, statement_id)
    # Read whole (5 MB at most): no file handle is left to the response's consumer to close.
    response = send_file(io.BytesIO(path.read_bytes()), mimetype=mime, as_attachment=True,
                         max_age=0,
                         download_name=f"statement-{statement_id}.{EXTENSIONS[mime]}")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/moderation/statements/<int:statement_id>/decide")
@role_required(*MODERATORS)
def decide(statement_id: int):
    form = StatementDecisionForm()
    if not form.validate():
        return render_template("ratings/statement_error.html", form=form), 400
    try:
        with refused_as_http():
            statements.decide(current_user, statement_id, form.decision.data == "verified")
            db.session.commit()
    except Refused as exc:
        return render_template("ratings/statement_error.html", form=form), show_refusal(form,
                                                                                       exc)
    return redirect(url_for("statements.queue"))
