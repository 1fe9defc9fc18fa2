"""The review form. Fields it does not declare (user_id, status, ...) are never read."""

import re
from decimal import Decimal, InvalidOperation

import pycountry
from wtforms import (
    DecimalField,
    FileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import Length, StopValidation

from peers.forms import CheckboxesField, Form
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS, PERIODS, TENURES, Review
from peers.ratings.services import ReviewData
from peers.text import STAR_LABELS, plain_number, plain_text, upper

MAX_TEXT = 2000
MAX_CITY = 100
MAX_MONEY = Decimal("9999999999.99")  # what Numeric(12, 2) holds
# At most every hour of the period; 24 * 7 * 52 hours is the ceiling of any report.
MAX_HOURS = {"week": 24 * 7, "month": 24 * 31, "year": 24 * 7 * 52}
# ISO 4217 codes that are not money anyone is paid in (test code, metals, accounting units).
NOT_PAY = {"XXX", "XTS", "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU",
           "XUA"}
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")  # 1,250.50; but "12,50" is refused


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


def amount(maximum: Decimal, what: str, positive: bool = False):
    """A validator: a finite amount, at least 0 (or above 0), at most `maximum`, in cents."""

    def check(_form, field):
        value = field.data
        if value is None:
            return
        if not value.is_finite() or value < 0 or (positive and value == 0):
            raise StopValidation(f"Enter {what} as a number above 0." if positive
                                 else f"Enter {what} as a number, 0 or more.")
        if value > maximum:
            raise StopValidation(f"Enter {what} of at most {maximum:,}.")
        if value != value.quantize(Decimal("0.01")):
            raise StopValidation("Use at most 2 decimals.")

    return check


class AmountField(DecimalField):
    """A decimal that says what is wrong in words, and treats NaN and Infinity as wrong."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            raw = valuelist[0].strip()
            if THOUSANDS.fullmatch(raw):
                raw = raw.replace(",", "")
            try:
                self.data = Decimal(raw)
            except InvalidOperation as exc:
                self.data = None
                raise ValueError("Enter a number with a point for decimals, such as 87.50."
                                 ) from exc
        else:
            self.data = None

    def _value(self):
        # A stored 40.00 hours is shown as "40", as the worker typed it.
        if self.raw_data is None and self.data is not None:
            return plain_number(self.data)
        return super()._value()


def stars(value) -> int | None:
    """1 to 5 from the form; anything else is no answer (the field then says what to do)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _stars(label: str) -> RadioField:
    return RadioField(label, choices=choices(STAR_LABELS), coerce=stars,
                      invalid_choice_message="Choose from 1 to 5 stars.")


def _yes_no(label: str) -> RadioField:
    return RadioField(label, choices=YES_NO, invalid_choice_message="Say yes or no.")


class ReviewForm(Form):
    """A worker's review of a platform as a place to work, with an optional earnings report."""

    overall = _stars("Overall, as a place to work")
    pay = _stars("Pay")
    flexibility = _stars("Flexibility")
    support = _stars("Support when something goes wrong")
    fairness = _stars("Fairness of rules and ratings")
    safety = _stars("Safety")
    would_recommend = _yes_no("Would you recommend it to a friend?")
    pros = TextAreaField("What is good", filters=[plain_text], validators=[
        Length(max=MAX_TEXT, message=f"Keep it under {MAX_TEXT:,} characters.")])
    cons = TextAreaField("What is bad", filters=[plain_text], validators=[
        Length(max=MAX_TEXT, message=f"Keep it under {MAX_TEXT:,} characters.")])
    city = StringField("City where you worked", filters=[plain_text], validators=[
        Length(max=MAX_CITY, message=f"Keep the city under {MAX_CITY} characters.")],
        description="Optional. Shown with your review.")
    tenure = RadioField("How long have you worked on it?", choices=choices(TENURES),
                        invalid_choice_message="Say how long you have worked on it.")
    still_active = _yes_no("Do you still work on it?")
    issues = CheckboxesField("Problems you have met", choices=choices(ISSUE_TAGS),
                             invalid_choice_message="Choose from the problems listed.")
    gross_pay = AmountField("What you were paid, before expenses", validators=[
        amount(MAX_MONEY, "the pay")])
    currency = StringField("Currency", filters=[plain_text, upper],
                           description="Three letters, such as USD, EUR, GBP, INR")
    period = SelectField("Over", choices=choices({"": "Choose a period",
                                                  **{p: f"one {p}" for p in PERIODS}}),
                         default="")
    hours_worked = AmountField(
        "Hours it took", description="All of them: waiting, travel and unpaid time included.",
        validators=[amount(Decimal(max(MAX_HOURS.values())), "the hours", positive=True)])
    expenses = AmountField("Your expenses over that period",
                           description="Fuel, fees, equipment, insurance: what the work cost you.",
                           validators=[amount(MAX_MONEY, "the expenses")])

    country = StringField("Country where you earned it", filters=[plain_text, upper],
                          description="Two letters, such as US, GB or FR. Reported pay is "
                                      "shown first to workers in the same country.")
    role = SelectField("As", choices=[SelectChoice("", "Choose a role")], default="")

    EARNINGS = ("gross_pay", "currency", "period", "hours_worked", "expenses")

    def set_roles(self, roles: list[tuple[str, str]]) -> None:
        """The platform's kinds of worker (catalog `roles`); none: the field is not asked."""
        self.role.choices = [SelectChoice("", "Choose a role"),
                             *(SelectChoice(slug, name) for slug, name in roles)]

    def validate_country(self, field):
        if field.data and (len(field.data) != 2
                           or pycountry.countries.get(alpha_2=field.data) is None):
            raise ValidationError("Enter a two-letter country code such as US, GB or FR.")

    def validate_currency(self, field):
        if field.data and (field.data in NOT_PAY
                           or pycountry.currencies.get(alpha_3=field.data) is None):
            raise ValidationError("Enter a currency code such as USD, EUR or GBP.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self._validate_earnings() and ok

    def _validate_earnings(self) -> bool:
        """All or nothing: pay, currency, period and hours together; expenses optional."""
        if any(getattr(self, name).errors for name in self.EARNINGS):
            return False
        given = [name for name in self.EARNINGS if getattr(self, name).data not in (None, "")]
        if not given:
            return True
        missing = {
            "gross_pay": "Enter what you were paid, or leave the earnings report empty.",
            "currency": "Enter the currency of that pay.",
            "period": "Choose the period that pay covers.",
            "hours_worked": "Enter the hours it took.",
        }
        for name, message in missing.items():
            if getattr(self, name).data in (None, ""):
                getattr(self, name).errors.append(message)
        if any(getattr(self, name).errors for name in missing):
            return False
        return self._validate_earnings_values()

    def _validate_earnings_values(self) -> bool:
        gross, hours = self.gross_pay.data, self.hours_worked.data
        if self.expenses.data is not None and self.expenses.data > gross:
            self.expenses.errors.append("Expenses cannot be more than the pay.")
            return False
        if hours > MAX_HOURS[self.period.data]:
            self.hours_worked.errors.append(
                f"One {self.period.data} has at most {MAX_HOURS[self.period.data]:,} hours.")
            return False
        if self.review_data().net_hourly > MAX_MONEY:
            self.hours_worked.errors.append("Check the hours: that is too much pay per hour.")
            return False
        return True

    def review_data(self) -> ReviewData:
        """The validated answers, for ratings.services."""
        earnings = self.gross_pay.data is not None
        return ReviewData(
            **{name: getattr(self, name).data for name in ("overall", *DIMENSIONS)},
            would_recommend=self.would_recommend.data == "yes",
            tenure=self.tenure.data,
            still_active=self.still_active.data == "yes",
            pros=self.pros.data or "",
            cons=self.cons.data or "",
            city=self.city.data or "",
            issues=tuple(sorted(set(self.issues.data or ()))),
            gross_pay=self.gross_pay.data if earnings else None,
            currency=self.currency.data if earnings else None,
            period=self.period.data if earnings else None,
            hours_worked=self.hours_worked.data if earnings else None,
            expenses=self.expenses.data if earnings else None,
            country=(self.country.data or None) if earnings else None,
            role=self.role.data or None,
        )


def initial_data(review: Review) -> dict:
    """The form's answers from a stored review, for editing it."""
    data = {name: getattr(review, name) for name in ("overall", *DIMENSIONS, "pros", "cons",
                                                      "city", "tenure", *ReviewForm.EARNINGS)}
    data["country"] = review.country or ""
    data["role"] = review.role or ""
    data["would_recommend"] = "yes" if review.would_recommend else "no"
    data["still_active"] = "yes" if review.still_active else "no"
    data["issues"] = review.issue_tags
    data["period"] = review.period or ""
    return data


class DeleteReviewForm(Form):
    """Only the CSRF token: deleting one's review is a POST like every other write."""


class StatementForm(Form):
    """A pay statement for the reviewer's earnings report (checked by content in the service)."""

    statement = FileField("Pay statement (PDF, PNG or JPEG, at most 5 MB)",
                          description="Only moderators see it; it is deleted once they have "
                                      "checked it, and after 30 days at most.")


class StatementDecisionForm(Form):
    """A moderator's decision on a pay statement."""

    decision = RadioField("Does the statement support the report?", choices=[
        SelectChoice("verified", "Yes: mark the report verified"),
        SelectChoice("rejected", "No: leave it unverified")],
        invalid_choice_message="Choose verified or not.")
