"""The messages the accounts feature sends, with links built only from SITE_URL.

A link in an email never takes the request's Host: anyone can send any Host header, and a
link to their host would carry a confirmation or reset token to them.
"""

import re
import textwrap

from flask import current_app, render_template, url_for

from peers.accounts import services
from peers.accounts.mail import send_mail
from peers.accounts.models import User


def site_link(endpoint: str, **values) -> str:
    """An absolute link for an email: SITE_URL, then the route's path."""
    base = current_app.config["SITE_URL"].rstrip("/")
    # Only the path: url_for's own scheme and host come from the request.
    return base + url_for(endpoint, _external=False, **values)


MAIL_WIDTH = 72  # what every mail client shows without re-wrapping
_PARAGRAPHS = re.compile(r"\n\s*\n")


def wrap_mail(text: str, width: int = MAIL_WIDTH) -> str:
    """Plain text for a message: each paragraph wrapped by words to `width`, wherever the
    template broke its lines; a word longer than that (a link) stays whole on its line."""
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPHS.split(text.strip())]
    return "\n\n".join(
        textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs if p) + "\n"


def _send(to: str, subject: str, template: str, **context) -> None:
    send_mail(to, subject, wrap_mail(render_template(f"accounts/mail/{template}", **context)))


def send_confirmation(user: User, next_path: str | None = None,
                      browser: str | None = None) -> None:
    """The link that confirms a new account's address; MailError when it cannot be sent.
    `browser`: the signing-up browser's secret, so that a click there logs in."""
    values = {"next": next_path} if next_path else {}
    link = site_link("accounts.confirm_email", token=services.confirmation_token(user, browser),
                     **values)
    hours = current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600
    _send(user.email, "Confirm your email for Peers", "confirm_email.txt",
          user=user, link=link, hours=hours)


def send_signup_attempt(user: User) -> None:
    """Tell an account's owner that someone tried to sign up with their address."""
    _send(user.email, "Someone tried to sign up to Peers with your email", "signup_attempt.txt",
          user=user, login=site_link("accounts.login"),
          reset=site_link("accounts.reset_request"))


def send_password_reset(user: User) -> None:
    """The single-use link that sets a new password."""
    link = site_link("accounts.reset_password", token=services.reset_token(user))
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    _send(user.email, "Reset your Peers password", "reset_password.txt",
          user=user, link=link, minutes=minutes)


def send_email_change(user: User, token: str, taken: bool) -> None:
    """The link to the new address (or, when it has an account of its own, only a word of
    what happened), and a notice to the old address."""
    if taken:
        _send(user.pending_email, "Someone asked to move a Peers account to your email",
              "change_email_taken.txt", reset=site_link("accounts.reset_request"))
    else:
        hours = current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600
        _send(user.pending_email, "Confirm your new email for Peers", "change_email_new.txt",
              user=user, link=site_link("accounts.confirm_email_change", token=token),
              hours=hours)
    _send(user.email, "Your Peers email is about to change", "change_email_old.txt",
          user=user, reset=site_link("accounts.reset_request"))
