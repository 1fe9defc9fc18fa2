"""Writes of the accounts feature. They flush; the view or CLI command commits once."""

import hmac
import secrets
from functools import cache

import sqlalchemy as sa
from flask import current_app

from peers.accounts import passwords, queries, tokens
from peers.accounts.models import ROLES, User
from peers.accounts.signals import account_deleting, email_confirmed
from peers.core import utcnow
from peers.errors import Refused
from peers.extensions import db


def _first_session_version() -> int:
    # SQLite may give a deleted user's id to the next account. Starting each account at a
    # random version keeps the deleted one's cookies ("<id>:<version>") from fitting it.
    return secrets.randbelow(2**30) + 1


def create_user(email: str, password: str, display_name: str = "", role: str = "worker",
                confirmed: bool = False) -> User:
    """A new account; Refused(field="email") when the email is taken."""
    if role not in ROLES:
        raise Refused(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    email = email.strip().lower()
    if queries.user_by_email(email) is not None:
        raise Refused("An account already uses this email. Log in instead.", "email")
    user = User(email=email, password_hash=passwords.hash_password(password),
                display_name=display_name.strip(), role=role,
                session_version=_first_session_version(),
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    try:
        db.session.flush()
    except sa.exc.IntegrityError as exc:  # two sign-ups at once: the unique email decides
        raise Refused("An account already uses this email. Log in instead.",
                      "email") from exc
    return user


def sign_up(email: str, password: str, display_name: str, offers_services: bool) -> User | None:
    """Self-service sign-up: a worker, or a vendor who offers services to workers.

    None when the email already has an account: the caller answers as for a new one and tells
    the owner, so that sign-up never reveals who has an account.
    """
    if queries.user_by_email(email) is not None:
        passwords.hash_password(password)  # the time a new account takes, so timing tells nothing
        return None
    try:
        with db.session.begin_nested():
            return create_user(email, password, display_name,
                               "vendor" if offers_services else "worker")
    except Refused as exc:
        if exc.field != "email":
            raise
        return None  # the same address signed up a moment ago, in another request


@cache
def _dummy_hash() -> str:
    return passwords.hash_password(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The user with this email and password, or None; rehashes an outdated hash."""
    user = queries.user_by_email(email)
    if user is None:
        # Spend the same time as for a real account, so timing does not tell which exist.
        passwords.verify_password(_dummy_hash(), password)
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def end_other_sessions(user: User) -> None:
    """Make every session and remember-me cookie of this user stop working."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; ends every other session."""
    if not passwords.verify_password(user.password_hash, current):
        raise Refused("That is not your current password.", "current")
    user.password_hash = passwords.hash_password(new)
    end_other_sessions(user)


def update_profile(user: User, display_name: str) -> None:
    """Change what the user chose to be called."""
    user.display_name = display_name.strip()
    db.session.flush()


def confirmation_token(user: User, browser: str | None = None) -> str:
    """A signed token naming the user and the email it confirms; it expires. `browser` is the
    sign-up browser's secret: only a click in that browser logs in."""
    payload = {"id": user.id, "email": user.email}
    if browser:
        payload["browser"] = browser
    return tokens.make(tokens.CONFIRM_EMAIL, payload)


def _read(purpose: str, token: str, max_age: int, what: str) -> dict:
    try:
        return tokens.read(purpose, token, max_age)
    except tokens.TokenExpired as exc:
        raise Refused(f"This {what} link has expired.") from exc
    except tokens.TokenInvalid as exc:
        raise Refused(f"This {what} link is not valid.") from exc


def confirm_email(token: str, browser: str | None = None) -> tuple[User, bool]:
    """Confirm the address a token names, and whether this click may log in: it confirmed the
    address just now, in the browser that signed up (`browser`, that browser's secret).
    Refused when the link is expired, forged or stale."""
    data = _read(tokens.CONFIRM_EMAIL, token, current_app.config["EMAIL_CONFIRM_MAX_AGE"],
                 "confirmation")
    user = db.session.get(User, data.get("id")) if isinstance(data.get("id"), int) else None
    if user is None or user.email != data.get("email"):
        raise Refused("This confirmation link is not valid any more.")
    if user.is_confirmed:
        return user, False
    user.email_confirmed_at = utcnow()
    db.session.flush()
    # Inside this transaction: ratings starts counting the user's reviews in the same commit.
    email_confirmed.send(user)
    # Someone else may have signed up with this address and chosen the password: the owner's
    # click must not put them into that account, so only the signing-up browser is logged in.
    expected = data.get("browser")
    same_browser = (isinstance(expected, str) and isinstance(browser, str)
                    and hmac.compare_digest(expected, browser))
    return user, same_browser


# -- password reset --------------------------------------------------------------------------
def reset_token(user: User) -> str:
    """A signed token for a password reset, bound to the current password: it stops working
    once it is used, or once the password changes any other way."""
    return tokens.make(tokens.RESET_PASSWORD, {
        "id": user.id, "pw": tokens.password_fingerprint(user.password_hash)})


def user_for_reset(token: str) -> User:
    """The user a reset token is for; Refused when it is expired, used, or forged."""
    data = _read(tokens.RESET_PASSWORD, token, current_app.config["PASSWORD_RESET_MAX_AGE"],
                 "password reset")
    user = db.session.get(User, data.get("id")) if isinstance(data.get("id"), int) else None
    if user is None or not tokens.same_fingerprint(
            data.get("pw"), tokens.password_fingerprint(user.password_hash)):
        raise Refused("This password reset link has been used already, or your password "
                      "has changed since it was sent.")
    return user


def reset_password(token: str, new: str) -> User:
    """Set a new password with a reset token; ends every session of the user."""
    user = user_for_reset(token)
    user.password_hash = passwords.hash_password(new)
    end_other_sessions(user)
    return user


# -- changing the email ----------------------------------------------------------------------
def request_email_change(user: User, password: str, new_email: str) -> str:
    """Remember the new address as pending and return the token that confirms it; the email
    changes only when that token comes back (EmailChange link)."""
    if not passwords.verify_password(user.password_hash, password):
        raise Refused("That is not your password.", "password")
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise Refused("That is already your email address.", "email")
    user.pending_email = new_email
    db.session.flush()
    return tokens.make(tokens.CHANGE_EMAIL, {"id": user.id, "email": new_email,
                                             "was": user.email})


def confirm_email_change(token: str) -> User:
    """Move the account to the pending address the token names; it counts as confirmed."""
    data = _read(tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_CONFIRM_MAX_AGE"],
                 "email change")
    user = db.session.get(User, data.get("id")) if isinstance(data.get("id"), int) else None
    if (user is None or user.pending_email is None or user.pending_email != data.get("email")
            or user.email != data.get("was")):
        raise Refused("This email change link is not valid any more: it was used, or "
                      "another change was asked for since.")
    if queries.user_by_email(user.pending_email) is not None:
        raise Refused("Another account uses that address now, so yours stays as it was.")
    user.email, user.pending_email = user.pending_email, None
    was_confirmed = user.is_confirmed
    user.email_confirmed_at = utcnow()
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:  # taken by a sign-up a moment ago
        raise Refused("Another account uses that address now, so yours stays as it "
                      "was.") from exc
    if not was_confirmed:
        email_confirmed.send(user)
    return user


def cancel_email_change(user: User) -> None:
    """Forget the pending address; its link stops working."""
    user.pending_email = None
    db.session.flush()


def delete_account(user: User, password: str, keep_reviews: bool) -> None:
    """Delete the account after checking the password; other features act first (signal)."""
    if not passwords.verify_password(user.password_hash, password):
        raise Refused("That is not your password.", "password")
    # Before the row goes: ratings removes or anonymises the reviews and updates aggregates.
    account_deleting.send(user, keep_reviews=keep_reviews)
    # Its cookies die with the row; a later account that gets the same id (SQLite reuses
    # the highest) starts at another random session version.
    db.session.delete(user)
    db.session.flush()


def _user_for_operator(email: str) -> User:
    user = queries.user_by_email(email)
    if user is None:
        raise Refused(f"No account uses {email}.", "email")
    return user


def create_admin(email: str, password: str) -> User:
    """A new confirmed admin (the CLI's create-admin)."""
    return create_user(email, password, role="admin", confirmed=True)


def set_role(email: str, role: str) -> User:
    """Give an existing account a role (the CLI's set-role and create-admin --promote)."""
    if role not in ROLES:
        raise Refused(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.", "role")
    user = _user_for_operator(email)
    user.role = role
    db.session.flush()
    return user
