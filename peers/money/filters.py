"""Template helpers that show amounts in the worker's currency with the original beside."""

from decimal import Decimal

from flask import Flask
from markupsafe import Markup

from peers.money.rates import Converted


def amount_text(value, digits: int = 2) -> str:
    """12345.5 -> "12,345.50" (digits=0: "12,346")."""
    return f"{Decimal(str(value)):,.{digits}f}"


def show_money(converted: Converted, digits: int = 2, per: str = "") -> Markup:
    """"≈ 480 EUR a month (converted from 520 USD at the ECB rate of 2026-10-30)"; an amount
    that needed no conversion, or had no rate, is shown as it is in its own currency."""
    per_text = f" {per}" if per else ""
    main = f"{amount_text(converted.amount, digits)} {converted.currency}{per_text}"
    if not converted.converted:
        return Markup("<span class=\"money\">{}</span>").format(main)
    original = f"{amount_text(converted.original, digits)} {converted.original_currency}"
    return Markup(
        "<span class=\"money\">≈ {}</span> <span class=\"converted-from\">(converted from {} "
        "at the ECB rate of <time datetime=\"{}\">{}</time>)</span>"
    ).format(main, original, converted.rate_date.isoformat(), converted.rate_date.isoformat())


def register(app: Flask) -> None:
    app.add_template_filter(show_money, "show_money")
    app.add_template_filter(amount_text, "amount_text")
