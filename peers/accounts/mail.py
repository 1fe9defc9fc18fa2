"""Sending email: written to <instance>/mail/ in development and tests, SMTP in production.

With MAIL_QUEUED (production, and `make run`) a message is handed to the task worker
(peers.tasks): the request never waits for the mail server, and a failed send is retried with
growing delays; a message that still fails after the last try is kept in <instance>/mail-failed/.
"""

import logging
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import current_app

from peers.tasks import app_task

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 15  # seconds; a request never hangs on a mail server for longer
# Tries after the first, and the delay before the first retry (doubled each time): ~17 hours.
MAIL_RETRIES, MAIL_RETRY_DELAY = 10, 60


class MailError(Exception):
    """The message could not be handed over (SMTP down, refused, disk full)."""


def mail_dir() -> Path:
    """Where the file backend writes messages: <instance>/mail/."""
    return Path(current_app.instance_path) / "mail"


def build_message(to: str, subject: str, body: str,
                  headers: dict[str, str] | None = None) -> EmailMessage:
    """A plain-text message from the site's sender."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # The sender's domain, so make_msgid does not look up this host's name (a DNS query).
    domain = parseaddr(message["From"])[1].rpartition("@")[2] or "peers.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> None:
    """Send one plain-text message: through the worker when MAIL_QUEUED, else now (MailError
    when it fails)."""
    if current_app.config.get("MAIL_QUEUED"):
        deliver_later(to, subject, body, headers)
    else:
        deliver(build_message(to, subject, body, headers))


@app_task(retries=MAIL_RETRIES, retry_delay=MAIL_RETRY_DELAY, retry_backoff=2, context=True)
def deliver_later(to: str, subject: str, body: str, headers: dict[str, str] | None = None,
                  task=None) -> None:
    """The worker's send; a failure raises, so huey retries it later."""
    message = build_message(to, subject, body, headers)
    try:
        deliver(message)
    except MailError:
        if task is not None and not task.retries:
            path = _write_file(message, Path(current_app.instance_path) / "mail-failed")
            log.error("mail %r failed after every retry; kept in %s", subject, path)
        raise


def deliver(message: EmailMessage) -> None:
    """Hand one message to the configured backend; MailError when it fails."""
    subject = message["Subject"]
    try:
        if current_app.config["MAIL_BACKEND"] == "smtp":
            _send_smtp(message)
        else:
            _write_file(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("could not send mail %r: %s", subject, exc)
        raise MailError(str(exc)) from exc


def _write_file(message: EmailMessage, folder: Path | None = None) -> Path:
    folder = folder or mail_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    return path


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]),
                      timeout=SMTP_TIMEOUT) as smtp:
        smtp.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)
