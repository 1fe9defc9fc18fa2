"""Template filters the money pages share (amounts are shown by templates/money/_money.html)."""

from decimal import Decimal

from flask import Flask


def amount_text(value, digits: int = 2) -> str:
    """12345.5 -> "12,345.50" (digits=0: "12,346")."""
    return f"{Decimal(str(value)):,.{digits}f}"


def register(app: Flask) -> None:
    app.add_template_filter(amount_text, "amount_text")
