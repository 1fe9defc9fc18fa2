"""The parts of a result card that depend only on the platform and the worker's country,
rendered once per index state and process: a results page shows twenty cards per search."""

from collections.abc import Hashable
from typing import NamedTuple

from flask import get_template_attribute, request
from markupsafe import Markup

from peers.cache import PerIndexState
from peers.discovery.queries import ResultCard

CARD_TEMPLATE = "discovery/_result_card.html"
CARD_PARTS_KEPT = 5_000  # per index state: platforms x countries x script roots seen


class CardParts(NamedTuple):
    """The HTML of a result card that depends only on the platform and the worker's country."""

    top: Markup  # name, status, category, summary, successor
    pay: Markup  # the platform's pay claim and its source
    facts: Markup  # where (the worker's country first), fee, requirements


_PARTS: PerIndexState[tuple, CardParts] = PerIndexState(CARD_PARTS_KEPT)


def card_parts(card: ResultCard, home: str | None, index_state: Hashable) -> CardParts:
    """The card's fixed parts, as rendered for results ranked in this index state (a change to
    the platform makes a new state, so its parts are rendered anew)."""
    key = (card.slug, home, request.script_root)  # links follow the script root
    return _PARTS.of(index_state).get_or_make(key, lambda: CardParts(
        get_template_attribute(CARD_TEMPLATE, "top")(card),
        get_template_attribute(CARD_TEMPLATE, "pay")(card),
        get_template_attribute(CARD_TEMPLATE, "facts")(card, home),
    ))
