"""What the load generator reads from the site's answers: CSRF tokens, redirects, the rating
shown with each /discover result, and the confirmation link of a sign-up email."""

import re
from dataclasses import dataclass
from email import message_from_bytes, policy

_CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_RESULT = re.compile(r'<li class="result card')
_SLUG = re.compile(r'href="/platforms/([a-z0-9-]+)"')
_RATING_LINE = re.compile(r'<dd class="rating-line">(.*?)</dd>', re.S)
_AVERAGE = re.compile(r"([\d.]+) out of 5")
_COUNT = re.compile(r"\((\d+) (?:reviews|so far)\)")
_CONFIRM_LINK = re.compile(r"https?://\S+/account/confirm/\S+")
OFFER_PAGE = re.compile(r"/marketplace/offers/(\d+)$")  # where listing an offer leads


@dataclass(frozen=True)
class ShownRating:
    """A platform's rating as a /discover result shows it: its review count and the average
    (None while there are not enough reviews to show one)."""

    count: int
    average: float | None


def csrf_token(html: str) -> str:
    """The CSRF token of the page's form; ValueError when the page has none."""
    found = _CSRF_INPUT.search(html)
    value = _VALUE.search(found.group(0)) if found else None
    if value is None:
        raise ValueError("the page has no csrf_token field")
    return value.group(1)


def review_saved(slug: str) -> re.Pattern:
    """Where the POST of a review of `slug` leads once the review is saved."""
    return re.compile(rf"/platforms/{re.escape(slug)}#your-review$")


def offer_id(location: str) -> int:
    """The id of the offer just listed, from the redirect (OFFER_PAGE) after its POST."""
    return int(OFFER_PAGE.match(location).group(1))


def discover_ratings(html: str) -> dict[str, ShownRating]:
    """Each /discover result's platform slug and the rating its card shows."""
    shown = {}
    for card in _RESULT.split(html)[1:]:
        slug, line = _SLUG.search(card), _RATING_LINE.search(card)
        if slug is None or line is None:
            continue
        count, average = _COUNT.search(line.group(1)), _AVERAGE.search(line.group(1))
        shown[slug.group(1)] = ShownRating(int(count.group(1)) if count else 0,
                                           float(average.group(1)) if average else None)
    return shown


def confirmation_link(message: bytes) -> tuple[str, str] | None:
    """(recipient, link) of a confirmation email written by the file mail backend."""
    email = message_from_bytes(message, policy=policy.default)
    body = email.get_body(("plain",))
    link = _CONFIRM_LINK.search(body.get_content()) if body is not None else None
    if link is None:
        return None
    return str(email["To"]), link.group(0)
