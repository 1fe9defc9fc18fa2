"""Forms of deactivation reports and of the data-access letter. Lengths and ranges are bounded
here; the rules between fields are checked in peers.deactivations.services."""

from datetime import date

from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from peers.deactivations.models import CITY_MAX, MAX_DAYS, OTHER_MAX, OUTCOMES, REASONS, ROLE_MAX
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.forms import Form, choices
from peers.text import plain_text


class PlaceField(StringField):
    """A place resolved like discovery's; `place` holds the result after validation."""

    place = None

    def pre_validate(self, form):
        self.place = None
        if self.data:
            try:
                self.place = resolve_place(self.data)
            except PlaceNotFound as exc:
                raise ValidationError(str(exc)) from None

    def country_and_city(self) -> tuple[str | None, str | None]:
        if self.place is None:
            return None, None
        city = self.place.name.split(",")[0] if self.place.kind == "city" else None
        return self.place.country_code, (city or "")[:CITY_MAX] or None


class ReportForm(Form):
    platform = SelectField("Platform", validate_choice=False)
    role = StringField("Your role there (optional)", filters=[plain_text],
                       validators=[Optional(), Length(max=ROLE_MAX)],
                       description="For example: driver, courier, shopper, host.")
    place = PlaceField("Where you worked", filters=[plain_text],
                       validators=[DataRequired("Say where you worked: a city or a country."),
                                   Length(max=120)],
                       description="A city or a country, for example Lyon or Kenya.")
    month = StringField("Month it happened", filters=[plain_text],
                        validators=[DataRequired("Give the month, as YYYY-MM.")],
                        render_kw={"type": "month"}, description="For example 2026-03.")
    reason = SelectField("The reason the platform gave", choices=choices(REASONS.items()))
    reason_other = StringField("If another reason: which", filters=[plain_text],
                               validators=[Optional(), Length(max=OTHER_MAX)])
    warned = BooleanField("I was warned before it happened")
    appealed = BooleanField("I appealed")
    outcome = SelectField("What came of the appeal",
                          choices=choices([("", "I did not appeal"), *OUTCOMES.items()]))
    days_to_outcome = IntegerField(
        "How many days the appeal took (optional)",
        validators=[Optional(), NumberRange(0, MAX_DAYS, f"Give 0 to {MAX_DAYS} days.")])

    def __init__(self, *args, platform_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = choices([("", "Choose a platform"), *platform_choices])
        self.platform_slugs = {slug for slug, _name in platform_choices}

    def validate_platform(self, field):
        if field.data not in self.platform_slugs:
            raise ValidationError("Choose the platform from the list.")

    def validate_month(self, field):
        try:
            year, month = (int(part) for part in field.data.split("-"))
            self.month_date = date(year, month, 1)
        except (ValueError, TypeError):
            raise ValidationError("Give the month as YYYY-MM, for example 2026-03.") from None


class LetterForm(Form):
    platform = SelectField("Platform", validate_choice=False)
    name = StringField("Your name", filters=[plain_text],
                       validators=[DataRequired("Give your name: the platform needs it."),
                                   Length(max=120)])
    email = StringField("The email address of your account there", filters=[plain_text],
                        validators=[DataRequired("Give the email address of your account."),
                                    Email("Give a valid email address."), Length(max=254)])
    place = PlaceField("Where you work", filters=[plain_text],
                       validators=[Optional(), Length(max=120)],
                       description="Decides which law the letter cites. Leave empty if unsure.")
    details = TextAreaField("Anything to add (optional)", filters=[plain_text],
                            validators=[Optional(), Length(max=1000)],
                            description="For example the date of the deactivation.")

    def __init__(self, *args, platform_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = choices([("", "Choose a platform"), *platform_choices])
        self.platform_slugs = {slug for slug, _name in platform_choices}

    def validate_platform(self, field):
        if field.data not in self.platform_slugs:
            raise ValidationError("Choose the platform from the list.")
