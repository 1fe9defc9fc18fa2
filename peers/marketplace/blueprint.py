"""The marketplace blueprint and what its templates share."""

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from flask import Blueprint, abort, flash

from peers.extensions import db
from peers.marketplace import labels, services
from peers.marketplace.models import OFFER_CATEGORIES

bp = Blueprint("marketplace", __name__)

WEB_SCHEMES = ("http://", "https://")


@bp.app_context_processor
def marketplace_labels() -> dict:
    return {"OFFER_CATEGORIES": OFFER_CATEGORIES, "OFFER_SHORT_LABELS": labels.SHORT_LABELS,
            "help_for": labels.help_for, "worker_noun": labels.worker_noun}


@bp.app_template_filter("offer_price")
def offer_price(offer) -> str:
    """"49.00 USD", "Free" or "Ask for a quote"."""
    if offer.price_on_quote or offer.price_amount is None:
        return "Ask for a quote"
    if offer.price_amount == 0:
        return "Free"
    return f"{Decimal(offer.price_amount):,.2f} {offer.price_currency}"


@bp.app_template_test("web_address")
def is_web_address(value: str | None) -> bool:
    """Only http and https addresses become links; anything else is shown as text."""
    return bool(value) and value.lower().startswith(WEB_SCHEMES) and " " not in value.strip()


@contextmanager
def refused_as_http() -> Iterator[None]:
    """The services' refusals as HTTP errors: 404 for no such thing, 403 for not yours."""
    try:
        yield
    except services.NotFound as exc:
        db.session.rollback()
        abort(404, description=str(exc))
    except services.PermissionDenied as exc:
        db.session.rollback()
        abort(403, description=str(exc))


def show_error(form, exc: services.MarketplaceError) -> None:
    """Put a refused write's message beside its field; nothing it did is kept."""
    db.session.rollback()
    field = getattr(form, exc.field or "", None)
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        flash(exc.message, "error")
