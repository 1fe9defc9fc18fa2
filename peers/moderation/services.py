"""Moderators' decisions: hide, keep or restore a contribution of any registered kind (a
review of a platform, of a vendor, ...), resolving its flags, with an audit trail. Writes
only: flush, never commit."""

from typing import Any

from peers.accounts.models import User
from peers.community import services as community
from peers.community.kinds import kind_of
from peers.errors import Forbidden, Refused
from peers.extensions import db
from peers.independence.ties import tied_platform_ids
from peers.moderation.models import ACTIONS, ModerationDecision

MAX_REASON = 1000


class ModerationError(Refused):
    """A decision that cannot be made, in words for the moderator."""


class NotAModerator(Forbidden):
    """Only moderators and admins decide about reviews."""


def _checked(moderator: User, status: str, action: str, reason: str) -> tuple[str, str | None]:
    """The cleaned reason and the review's new status (None: unchanged), or ModerationError."""
    if not getattr(moderator, "is_moderator", False):
        raise NotAModerator("Only moderators can hide, keep or restore reviews.")
    if action not in ACTIONS:
        raise ModerationError("Choose Hide, Keep or Restore.")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError("Give a reason: it goes into the moderation log.")
    if len(reason) > MAX_REASON:
        raise ModerationError(f"Keep the reason under {MAX_REASON} characters.")
    if action == "hide":
        if status == "hidden":
            raise ModerationError("This review is already hidden.")
        return reason, "hidden"
    if action == "restore":
        if status != "hidden":
            raise ModerationError("This review is not hidden; there is nothing to restore.")
        return reason, "visible"
    if status == "hidden":
        raise ModerationError("This review is hidden; restore it instead of keeping it.")
    return reason, None


def decide(moderator: User, item: Any, action: str, reason: str) -> ModerationDecision:
    """Hide, keep or restore a contribution of any kind; resolve its open flags; record who
    did it and why. The engine changes the item (and what its kind counts), never this module.

    The review's stars play no part: a glowing review and a scathing one take the same path.
    """
    kind = kind_of(item)
    reason, status = _checked(moderator, item.status, action, reason)
    if kind.platform_ids is not None and kind.platform_ids(item) & tied_platform_ids(moderator):
        raise Forbidden("You are tied to a platform this is about (as its representative or "
                        "as a vendor), so another moderator must decide.")
    if status is not None:
        community.set_status(item, status)
    community.resolve_flags(item)
    decision = ModerationDecision(moderator_id=moderator.id, action=action, reason=reason,
                                  **{kind.decision_column: item.id})
    db.session.add(decision)
    db.session.flush()
    return decision
