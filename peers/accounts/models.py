"""Users and their roles."""

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from peers.core import utcnow
from peers.extensions import db

ROLES = ("worker", "vendor", "moderator", "admin")


class User(UserMixin, db.Model):
    """A person with an account. Workers review; vendors list offers; moderators moderate."""

    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL
    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lowercased
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(80), default="")
    role: Mapped[str] = mapped_column(sa.String(16), default="worker")
    email_confirmed_at: Mapped[datetime | None]
    # An address the user asked to move to; it replaces `email` once its link is opened.
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    # Part of the login token: raising it ends every session and remember-me cookie at once
    # (logout, password change, account deletion).
    session_version: Mapped[int] = mapped_column(default=1)
    # A verified representative of one platform may reply once under its reviews; the
    # catalog names it (peers.discovery.representatives), accounts only keeps the id.
    represents_platform_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    def get_id(self) -> str:
        """Flask-Login's token: the id and the session version, so old cookies stop working."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
