"""The engine for what people contribute and others act on: helpful votes, flags, replies and
moderators' decisions, the same way for every kind (platform reviews, vendor reviews, ...).

A feature declares a `Kind` (kinds.py), adds the action routes to its blueprint
(views.add_actions) and calls `register(app, kind)` from its init_app; services, the actions
partial and moderation follow.
"""

from flask import Flask

from peers.community.kinds import Kind, add_kind, kind_of
from peers.community.services import can_reply, connect_signals


def init_app(app: Flask) -> None:
    """The engine's template helpers and its account handler (votes of a leaving account)."""
    # The actions partial asks which kind an item is, and whether this person may reply.
    app.jinja_env.globals.update(contribution_kind=kind_of, may_reply=can_reply)
    connect_signals()


def register(app: Flask, kind: Kind) -> None:
    """Register a kind of contribution with this app (the same kind twice is fine)."""
    add_kind(app, kind)
