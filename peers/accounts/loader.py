"""Flask-Login's user loader (peers.accounts.init_app sets it): the token is
"<id>:<session_version>"."""

import sqlalchemy as sa

from peers.accounts.models import User
from peers.extensions import db


def load_user(token: str) -> User | None:
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(sa.select(User).where(User.id == int(user_id)))
    if user is None or user.session_version != int(version):
        return None  # logged out everywhere, password changed, or deleted
    return user
