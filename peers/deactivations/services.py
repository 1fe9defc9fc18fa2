"""Writes of deactivation reports. Flush, never commit; who may is checked here."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from peers.accounts.models import User
from peers.core import utcnow
from peers.deactivations.models import OUTCOMES, REASONS, DeactivationReport
from peers.discovery.models import Platform
from peers.errors import Forbidden, Refused
from peers.extensions import db

EARLIEST = date(2009, 1, 1)  # before the first app-based gig platforms


@dataclass(frozen=True)
class ReportData:
    """What the worker told us, already validated by ReportForm."""

    platform_id: int
    country: str
    month: date
    reason: str
    role: str = ""
    city: str | None = None
    reason_other: str = ""
    warned: bool = False
    appealed: bool = False
    outcome: str | None = None
    days_to_outcome: int | None = None


def _check(data: ReportData) -> None:
    today = utcnow().date()
    if not EARLIEST <= data.month <= today.replace(day=1):
        raise Refused("Give a month between 2009 and this month.", "month")
    if data.reason not in REASONS:
        raise Refused("Choose a reason from the list.", "reason")
    if data.reason == "other" and not data.reason_other:
        raise Refused("Say which reason the platform gave.", "reason_other")
    if not data.appealed and (data.outcome or data.days_to_outcome is not None):
        raise Refused("An outcome needs an appeal: tick that you appealed, or leave it empty.",
                      "outcome")
    if data.appealed and data.outcome not in OUTCOMES:
        raise Refused("Say what came of the appeal (or that you are still waiting).", "outcome")
    if data.outcome == "pending" and data.days_to_outcome is not None:
        raise Refused("Leave the number of days empty while you are still waiting.",
                      "days_to_outcome")


def report(user: User, data: ReportData) -> DeactivationReport:
    """A confirmed worker reports a deactivation on an earning platform."""
    if not user.is_confirmed:
        raise Forbidden("Confirm your email address first: only confirmed members report "
                        "deactivations.")
    platform = db.session.get(Platform, data.platform_id)
    if platform is None or not getattr(platform, "earning", True):
        raise Refused("Choose a platform where people earn.", "platform")
    _check(data)
    row = DeactivationReport(user_id=user.id, **data.__dict__)
    db.session.add(row)
    db.session.flush()
    return row


def release(user: User, keep: bool, **_extra) -> None:
    """An account goes: its reports stay as a former member's, or go, as the person chose."""
    if keep:
        db.session.execute(sa.update(DeactivationReport)
                           .where(DeactivationReport.user_id == user.id)
                           .values(user_id=None).execution_options(synchronize_session=False))
    else:
        db.session.execute(sa.delete(DeactivationReport)
                           .where(DeactivationReport.user_id == user.id))
    db.session.flush()
