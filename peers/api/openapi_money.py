"""The OpenAPI parts of the money fields: discovery results' rating, earnings, fee and
estimate, and the researchers' ratings and earnings CSVs."""

from typing import Any

from peers.api.money import EARNINGS_COLUMNS, RATINGS_COLUMNS

NUMBER = {"type": "number"}
NULLABLE_NUMBER = {"type": "number", "nullable": True}
NULLABLE_STRING = {"type": "string", "nullable": True}
SCOPE = {"type": "string", "enum": ["city", "country", "all"],
         "description": "where the reports come from: the worker's city, their country, or "
                        "all countries"}
CONVERTED_FROM = {
    "type": "object", "nullable": True, "additionalProperties": False,
    "description": "the original amount when converted to the worker's currency (the "
                   "currency of the location's country) at the ECB reference rate of "
                   "rate_date; null when no conversion was made (same currency, no location, "
                   "or no ECB rate: then the amount is in its original currency)",
    "required": ["amount", "currency", "rate_date", "rate_source"],
    "properties": {"amount": NUMBER, "currency": {"type": "string"},
                   "rate_date": {"type": "string", "format": "date"},
                   "rate_source": {"type": "string", "enum": ["ECB"]}},
}

MATCH_MONEY_PROPS: dict[str, Any] = {
    "rating": {
        "type": "object", "additionalProperties": False,
        "required": ["review_count", "enough", "average", "bayesian_average"],
        "properties": {"review_count": {"type": "integer", "minimum": 0},
                       "enough": {"type": "boolean"},
                       "average": {**NULLABLE_NUMBER, "description": "null unless enough"},
                       "bayesian_average": NULLABLE_NUMBER},
    },
    "earnings": {
        "type": "array",
        "description": "reported median net hourly pay with at least the minimum number of "
                       "reports: the worker's city and country first, then all countries",
        "items": {
            "type": "object", "additionalProperties": False,
            "required": ["scope", "median_net_hourly", "currency", "converted_from", "reports",
                         "verified_reports"],
            "properties": {"scope": SCOPE, "median_net_hourly": NUMBER,
                           "currency": {"type": "string"}, "converted_from": CONVERTED_FROM,
                           "reports": {"type": "integer", "minimum": 1},
                           "verified_reports": {"type": "integer", "minimum": 0}},
        },
    },
    "fee": {
        "type": "object", "nullable": True,
        "description": "what the platform takes (catalog fact); null when unknown",
        "properties": {"text": {"type": "string"}, "percent": NULLABLE_NUMBER,
                       "fixed": NULLABLE_NUMBER, "fixed_per": NULLABLE_STRING,
                       "currency": NULLABLE_STRING, "payer": NULLABLE_STRING,
                       "source": NULLABLE_STRING, "as_of": {"nullable": True}},
    },
    "estimate": {
        "type": "object", "nullable": True, "additionalProperties": False,
        "description": "basis 'reports': the 25th to 75th percentile of reported net hourly "
                       "pay times `hours` a week, a month. basis 'claim': the platform's own "
                       "claim in its own unit (period), never multiplied by hours. Null with "
                       "enough reports but no `hours`, or with neither reports nor a claim.",
        "required": ["low", "high", "currency", "period", "basis", "scope", "reports",
                     "hours_per_week", "conditions", "converted_from"],
        "properties": {
            "low": NUMBER, "high": NUMBER, "currency": {"type": "string"},
            "period": {"type": "string"}, "basis": {"type": "string",
                                                    "enum": ["reports", "claim"]},
            "scope": {**SCOPE, "nullable": True, "enum": [*SCOPE["enum"], None]},
            "reports": {"type": "integer"},
            "hours_per_week": {"type": "integer", "nullable": True},
            "conditions": NULLABLE_STRING,
            "converted_from": {
                "type": "object", "nullable": True,
                "properties": {"low": NUMBER, "high": NUMBER, "currency": {"type": "string"},
                               "rate_date": {"type": "string", "format": "date"},
                               "rate_source": {"type": "string"}}},
        },
    },
}

RATINGS_CSV_DESCRIPTION = f"""\
Every platform's aggregates, for researchers (UTF-8 CSV with a header row, by slug), one row
per platform: review_count can be summed. Reported earnings are in /earnings.csv.

Columns: {", ".join(RATINGS_COLUMNS)}. review_count: counted reviews; enough: "true" when
review_count >= the minimum, else "false" and every average is empty (booleans are written
as in the JSON); average: mean overall stars, 1-5; bayesian_average: overall stars shrunk
towards a prior, used for ranking; <aspect>_average: mean stars of each aspect;
recommend_share: 0-1."""

EARNINGS_CSV_DESCRIPTION = f"""\
Reported earnings, one row per platform, currency and country where the pay was earned
(country empty for reports that name none). Amounts in the reports' own currency, never
converted.

Columns: {", ".join(EARNINGS_COLUMNS)}. reports: counted earnings reports; verified_reports:
those a moderator checked against a pay statement; median_net_hourly, p25_net_hourly,
p75_net_hourly: quartiles of (gross pay - expenses) / all hours worked, empty below the
minimum number of reports."""

CSV = {"200": {"description": "The CSV", "content": {
    "text/csv": {"schema": {"type": "string", "format": "binary"}}}}}
PATHS = {
    "/ratings.csv": {"get": {"summary": "Every platform's aggregates as CSV",
                             "description": RATINGS_CSV_DESCRIPTION, "responses": CSV}},
    "/earnings.csv": {"get": {
        "summary": "Reported earnings per platform, currency and country as CSV",
        "description": EARNINGS_CSV_DESCRIPTION, "responses": CSV}},
}
