"""What every feature's forms share: the filters of free text people type, and star labels.

Text is cleaned before validation, so a length limit counts what will be stored. NUL never
gets this far: peers.security refuses it in any request with a 400.
"""

import re
from decimal import Decimal

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # keeps tab and newline
STAR_LABELS = {1: "1, very poor", 2: "2, poor", 3: "3, fair", 4: "4, good", 5: "5, excellent"}


def plain_text(value):
    """A form filter: one newline convention, no control characters, trimmed."""
    if not isinstance(value, str):
        return value
    return CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def upper(value):
    """A form filter: upper case (currency codes)."""
    return value.upper() if isinstance(value, str) else value


def plain_number(value) -> str:
    """A number as people write it: 40 -> "40", 40.00 -> "40", 12.5 -> "12.50",
    1234 -> "1,234"."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return f"{number:,.0f}"
    return f"{number:,.2f}"
