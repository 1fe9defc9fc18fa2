"""The action routes every kind shares: helpful, flag, and reply where the kind takes replies.

`add_actions(bp, kind, prefix)` adds them to the feature's own blueprint, so each kind keeps
its addresses (/reviews/1/flag, /marketplace/reviews/1/flag) and endpoint names; the
feature's init_app registers the kind itself (peers.community.register).
"""

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from peers.community import services
from peers.community.forms import FlagForm, HelpfulForm, ReplyForm
from peers.community.kinds import Kind
from peers.errors import Refused, commit_or_show, refused_as_http
from peers.extensions import db

EXPIRED = "The form expired. Go back, reload the page and try again."


def published(kind: Kind, item_id: int) -> Any:
    """The item people act on, loaded with what its pages name; 404 unless published."""
    item = db.session.scalars(
        sa.select(kind.model).where(kind.model.id == item_id).options(*kind.load_options())
    ).first()
    if item is None or not kind.is_published(item):
        abort(404)
    return item


def _me() -> Any:
    return current_user._get_current_object()


def _helpful(kind: Kind, review_id: int):
    item = published(kind, review_id)
    if not HelpfulForm().validate_on_submit():
        abort(400, description=EXPIRED)
    target = kind.page_url(item)
    try:
        with refused_as_http():
            counted = services.vote_helpful(_me(), item)
            db.session.commit()
    except Refused as exc:  # the page showed a button it should not have
        db.session.rollback()
        abort(403, description=exc.message)
    except IntegrityError:  # the same person's vote arrived twice at once
        db.session.rollback()
        counted = False
    flash("Thanks: your vote is counted." if counted
          else "You had already found this review helpful; it counts once.", "success")
    return redirect(target)


def _form_page(kind: Kind, review_id: int, form, write, template: str, conflict: str, done: str):
    """GET shows the form; a valid POST writes and commits once; a refusal shows beside it."""
    item = published(kind, review_id)
    status = 400 if request.method == "POST" else 200
    if form.validate_on_submit():
        target = kind.page_url(item)
        _, status = commit_or_show(form, lambda: write(_me(), item, form[form.refusal_field].data),
                                   conflict=conflict)
        if status is None:
            flash(done, "success")
            return redirect(target)
    return render_template(template, form=form, review=item, kind=kind), status


def _flag(kind: Kind, review_id: int):
    return _form_page(
        kind, review_id, FlagForm(), services.flag, "community/flag.html",
        services.ALREADY_FLAGGED,
        "Thank you. A moderator will read your report; the review stays up until then.")


def _reply(kind: Kind, review_id: int):
    if not services.can_reply(_me(), published(kind, review_id)):
        abort(403, description=kind.reply_refusal)
    return _form_page(kind, review_id, ReplyForm(), services.reply, "community/reply.html",
                      services.ALREADY_REPLIED, "Your reply is published under the review.")


def add_actions(bp: Blueprint, kind: Kind, prefix: str) -> None:
    """Give the blueprint the kind's action routes."""
    routes = [("flag", _flag, ["GET", "POST"])]
    if kind.vote_model is not None:
        routes.append(("helpful", _helpful, ["POST"]))
    if kind.reply_model is not None:
        routes.append(("reply", _reply, ["GET", "POST"]))
    for name, view, methods in routes:
        def endpoint(review_id: int, view=view):
            return view(kind, review_id)

        bp.add_url_rule(f"{prefix}/<int:review_id>/{name}", name, login_required(endpoint),
                        methods=methods)
