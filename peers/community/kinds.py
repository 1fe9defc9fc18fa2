"""What the engine knows about each kind of contribution, and the registry of kinds.

A kind is declared once by the feature that owns its tables (a platform review in ratings, a
vendor review in the marketplace) and registered with the app; services, views, templates and
moderation then work from the declaration alone.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app

Check = Callable[[Any, Any], str | None]


def _visible(item: Any) -> bool:
    return item.status == "visible"


@dataclass(frozen=True)
class Kind:
    """One kind of contribution: its tables, who may do what, and how it is shown.

    The contribution's table has id, user_id (NULL for a former member), status ("visible"
    or "hidden") and updated_at; its flag table (review_id, user_id, reason, created_at,
    resolved_at) holds one row per person. Kinds that take helpful votes also have a
    helpful_count column and a vote table (review_id, user_id), one row per person; kinds
    without votes (a campaign is supported, not voted helpful) leave vote_model None.
    """

    name: str  # the registry key: "review", "vendor_review"
    blueprint: str  # the blueprint holding its action routes (views.add_actions)
    model: type
    vote_model: type | None  # None: this kind takes no helpful votes
    flag_model: type
    decision_column: str  # the ModerationDecision column naming one of these
    decide_endpoint: str  # where moderators post decisions about one
    subject: Callable[[Any], str]  # what it is about: "Rover", "Harbour Tax"
    label: Callable[[Any], str]  # what it is about, in a sentence: "the vendor Harbour Tax"
    page_url: Callable[[Any], str]  # where it is shown, with its anchor
    # Loader options for pages that name it (its subject and author).
    load_options: Callable[[], tuple] = tuple
    excerpt_template: str = ""  # the item above the report and reply forms
    moderation_template: str = ""  # how a moderator reads one
    # Words of the moderation pages: "reviews of vendors", "review of a vendor", ...
    plural: str = "reviews"
    singular: str = "review"
    count_suffix: str = ""  # "3 reviews{suffix} waiting"
    left_out_of: str = "aggregate"  # "hidden ones are in no {left_out_of}"
    form_key: str = ""  # tells its forms' ids from another kind's on one page
    anchor: str = "review"  # its element id on the moderation pages: "{anchor}-{id}"
    noun: str = "review"  # what one is called under it: "Report this {noun}"
    is_published: Callable[[Any], bool] = _visible
    unpublished: str = "This review is not published."
    may_vote: Check | None = None  # a refusal beyond "not your own", or None
    reply_model: type | None = None  # kinds without one take no replies
    may_reply: Callable[[Any, Any], bool] | None = None
    reply_refusal: str = "You cannot reply to this review."
    # The platforms an item is about: people tied to one of them (its representative, a vendor
    # disclosing a tie) may not moderate the item (peers.independence). None: no platform.
    platform_ids: Callable[[Any], set[int]] | None = None
    # Changes the status and whatever aggregate follows it (flush only); None: the column.
    set_status: Callable[[Any, str], None] | None = None


def add_kind(app: Flask, kind: Kind) -> None:
    """Make the kind known to this app; the same kind twice is fine."""
    app.extensions.setdefault("contribution_kinds", {})[kind.name] = kind


def kinds() -> list[Kind]:
    """Every kind registered with the current app, in registration order."""
    return list(current_app.extensions.get("contribution_kinds", {}).values())


def kind_named(name: str) -> Kind:
    return current_app.extensions["contribution_kinds"][name]


def kind_of(item: Any) -> Kind:
    """The kind of a loaded contribution, from its class."""
    for kind in kinds():
        if isinstance(item, kind.model):
            return kind
    raise LookupError(f"{type(item).__name__} is not a registered kind of contribution")
