"""The money fields of the API: discovery results' rating, earnings, fee and estimate, and the
researchers' CSVs (ratings.csv one row per platform, earnings.csv one row per platform,
currency and country). Booleans are written the same way in JSON and CSV: true / false."""

import csv
import io
from collections.abc import Iterator
from typing import Any

from flask import Response

from peers.money import facts
from peers.money.estimates import MoneyLine
from peers.money.rates import Converted
from peers.ratings.models import DIMENSIONS
from peers.ratings.queries import RatingSummary


def boolean(value: bool) -> str:
    """A boolean as the JSON of the same API writes it."""
    return "true" if value else "false"


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _converted_from(amount: Converted) -> dict[str, Any] | None:
    if not amount.converted:
        return None
    return {"amount": float(amount.original), "currency": amount.original_currency,
            "rate_date": amount.rate_date.isoformat(), "rate_source": "ECB"}


def rating_json(summary: RatingSummary) -> dict[str, Any]:
    enough = summary.enough
    return {"review_count": summary.count, "enough": enough,
            "average": _rounded(summary.average) if enough else None,
            "bayesian_average": _rounded(summary.bayesian_average) if enough else None}


def fee_json(platform) -> dict[str, Any] | None:
    fee = facts.fee(platform)
    if fee is None:
        return None
    number = (lambda v: None if v is None else float(v))  # noqa: E731
    return {"text": fee.text, "percent": number(fee.percent), "fixed": number(fee.fixed),
            "fixed_per": fee.fixed_per, "currency": fee.currency, "payer": fee.payer,
            "source": fee.source, "as_of": fee.as_of}


def money_json(platform, summary: RatingSummary, line: MoneyLine) -> dict[str, Any]:
    """What /api/v1/discover adds to each result."""
    estimate = line.estimate
    return {
        "rating": rating_json(summary),
        "earnings": [
            {"scope": m.scope, "median_net_hourly": float(m.amount.amount),
             "currency": m.amount.currency, "converted_from": _converted_from(m.amount),
             "reports": m.reports, "verified_reports": m.verified}
            for m in line.medians
        ],
        "fee": fee_json(platform),
        "estimate": None if estimate is None else {
            "low": float(estimate.low.amount), "high": float(estimate.high.amount),
            "currency": estimate.low.currency, "period": estimate.period,
            "basis": estimate.basis, "scope": estimate.scope, "reports": estimate.reports,
            "hours_per_week": estimate.hours_per_week, "conditions": estimate.conditions,
            "converted_from": ({"low": float(estimate.low.original),
                                "high": float(estimate.high.original),
                                "currency": estimate.low.original_currency,
                                "rate_date": estimate.low.rate_date.isoformat(),
                                "rate_source": "ECB"}
                               if estimate.low.converted else None),
        },
    }


RATINGS_COLUMNS = ("slug", "name", "review_count", "enough", "average", "bayesian_average",
                   *(f"{d}_average" for d in DIMENSIONS), "recommend_share")
EARNINGS_COLUMNS = ("slug", "currency", "country", "reports", "verified_reports",
                    "median_net_hourly", "p25_net_hourly", "p75_net_hourly")


def _blank(value):
    return "" if value is None else value


def ratings_rows(rows: list[tuple[Any, RatingSummary]]) -> Iterator[list[Any]]:
    """One row per platform: review_count can be summed."""
    for platform, summary in rows:
        enough = summary.enough
        yield [platform.slug, platform.name, summary.count, boolean(enough),
               *(_blank(_rounded(v)) if enough else ""
                 for v in (summary.average, summary.bayesian_average,
                           *summary.dimensions.values())),
               _blank(_rounded(summary.recommend_share, 3)) if enough else ""]


def earnings_rows(bands: dict[tuple, list], minimum: int) -> Iterator[list[Any]]:
    """One row per platform, currency and country ("" for reports that name no country);
    quartiles empty below the minimum number of reports."""
    for (slug, country), listed in sorted(bands.items(), key=lambda kv: (kv[0][0],
                                                                         kv[0][1] or "")):
        for band in sorted(listed, key=lambda b: b.currency):
            enough = band.reports >= minimum
            yield [slug, band.currency, country or "", band.reports, band.verified,
                   *((band.median, band.p25, band.p75) if enough else ("", "", ""))]


def csv_response(columns, rows, filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename={filename}"})
