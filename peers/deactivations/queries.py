"""Reads of deactivation reports: a platform's aggregates (with the same minimum count as
ratings), its latest reports, and the account export."""

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from peers.core import plain_row
from peers.deactivations.models import REASONS, DeactivationReport
from peers.extensions import db

VISIBLE = DeactivationReport.status == "visible"


@dataclass
class DeactivationSummary:
    reports: int
    minimum: int
    appealed: int = 0
    decided: int = 0  # appeals with an outcome other than "still waiting"
    reinstated: int = 0
    median_days: float | None = None
    top_reasons: list[tuple[str, str, int]] = field(default_factory=list)
    warned: int = 0

    @property
    def enough(self) -> bool:
        return self.reports >= self.minimum

    @property
    def reinstated_share(self) -> float | None:
        return self.reinstated / self.decided if self.decided else None


def _median_days(platform_id: int) -> float | None:
    """The middle one or two waits, in SQL (no percentile function only some databases have)."""
    where = sa.and_(DeactivationReport.platform_id == platform_id, VISIBLE,
                    DeactivationReport.days_to_outcome.is_not(None))
    n = db.session.scalar(sa.select(sa.func.count()).select_from(DeactivationReport).where(where))
    if not n:
        return None
    middle = db.session.scalars(sa.select(DeactivationReport.days_to_outcome).where(where)
                                .order_by(DeactivationReport.days_to_outcome)
                                .limit(2).offset((n - 1) // 2)).all()
    return float(middle[0]) if n % 2 else (middle[0] + middle[1]) / 2


def summary(platform_id: int, minimum: int) -> DeactivationSummary:
    """Counts always; shares, the median wait and top reasons only from `minimum` reports."""
    report = DeactivationReport
    counts = db.session.execute(
        sa.select(sa.func.count(),
                  sa.func.count().filter(report.appealed.is_(True)),
                  sa.func.count().filter(report.outcome.in_(("reinstated", "not-reinstated"))),
                  sa.func.count().filter(report.outcome == "reinstated"),
                  sa.func.count().filter(report.warned.is_(True)))
        .where(report.platform_id == platform_id, VISIBLE)).one()
    result = DeactivationSummary(reports=counts[0], minimum=minimum)
    if not result.enough:
        return result
    result.appealed, result.decided, result.reinstated, result.warned = counts[1:]
    result.median_days = _median_days(platform_id)
    reasons = db.session.execute(
        sa.select(report.reason, sa.func.count()).where(report.platform_id == platform_id, VISIBLE)
        .group_by(report.reason).order_by(sa.func.count().desc(), report.reason).limit(3))
    result.top_reasons = [(reason, REASONS.get(reason, reason), n) for reason, n in reasons]
    return result


def summary_json(found: DeactivationSummary) -> dict[str, Any]:
    """The API's `deactivations`: only the count below the minimum, as for ratings."""
    enough = found.enough
    return {
        "report_count": found.reports,
        "min_reports": found.minimum,
        "enough": enough,
        "appealed": found.appealed if enough else None,
        "reinstated_share": (round(found.reinstated_share, 3)
                             if enough and found.reinstated_share is not None else None),
        "median_days_to_outcome": found.median_days if enough else None,
        "warned_share": round(found.warned / found.reports, 3) if enough else None,
        "top_reasons": [{"reason": r, "label": label, "count": n}
                        for r, label, n in found.top_reasons] if enough else [],
    }


def latest(platform_id: int, limit: int = 20) -> list[DeactivationReport]:
    return list(db.session.scalars(
        sa.select(DeactivationReport).where(DeactivationReport.platform_id == platform_id, VISIBLE)
        .order_by(DeactivationReport.created_at.desc(), DeactivationReport.id.desc())
        .limit(limit)))


def export_for_user(user_id: int) -> dict[str, Any]:
    rows = db.session.scalars(sa.select(DeactivationReport)
                              .where(DeactivationReport.user_id == user_id))
    return {"deactivation_reports": [
        {**plain_row(r, ("id", "role", "country", "city", "reason", "reason_other", "warned",
                         "appealed", "outcome", "days_to_outcome", "status", "created_at")),
         "platform_id": r.platform_id, "month": r.month.isoformat()} for r in rows]}
