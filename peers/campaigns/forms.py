"""Forms of campaigns. Every posting form carries a CSRF token; lengths are bounded here and
the rules (who may, which platforms) are checked in peers.campaigns.services."""

from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional

from peers.campaigns.models import TEXT_MAX, TITLE_MAX
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.forms import CheckboxesField, Form, choices
from peers.ratings.models import ISSUE_TAGS
from peers.text import plain_text

PLACE_MAX = 120



class PlaceMixin:
    """An optional place, resolved like the discovery place: (country, city or None)."""

    def resolved_place(self) -> tuple[str | None, str | None]:
        place = getattr(self, "_place", None)
        if place is None:
            return None, None
        return place.country_code, (place.name.split(",")[0] if place.kind == "city" else None)

    def validate_place(self, field):
        self._place = None
        if field.data:
            try:
                self._place = resolve_place(field.data)
            except PlaceNotFound as exc:
                raise ValidationError(str(exc)) from None


class CampaignForm(PlaceMixin, Form):
    title = StringField("Title", filters=[plain_text],
                        validators=[DataRequired("Give the campaign a title."),
                                    Length(max=TITLE_MAX)],
                        description="What the campaign is about, in a few words.")
    problem = TextAreaField("What is wrong", filters=[plain_text],
                            validators=[DataRequired("Say what is wrong."),
                                        Length(max=TEXT_MAX)])
    ask = TextAreaField("What you ask for", filters=[plain_text],
                        validators=[DataRequired("Say what you ask the platforms to do."),
                                    Length(max=TEXT_MAX)])
    platforms = CheckboxesField("Platforms concerned", validate_choice=False)
    tags = CheckboxesField("Issues", choices=choices(ISSUE_TAGS.items()))
    place = StringField("Country or city (optional)", filters=[plain_text],
                        validators=[Optional(), Length(max=PLACE_MAX)],
                        description="Leave empty for a campaign everywhere. For example: "
                                    "Seattle, or France.")

    def __init__(self, *args, platform_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms.choices = choices(platform_choices)
        self.platform_slugs = {slug for slug, _name in platform_choices}

    def validate_platforms(self, field):
        chosen = set(field.data or ())
        if not chosen:
            raise ValidationError("Choose at least one platform.")
        if chosen - self.platform_slugs:
            raise ValidationError("Choose platforms from the list.")


class SupportForm(PlaceMixin, Form):
    platform = SelectField("Which of these platforms do you work on?", validate_choice=False)
    place = StringField("Where do you work? (optional, counted by country)",
                        filters=[plain_text], validators=[Optional(), Length(max=PLACE_MAX)])
    show_name = BooleanField("Show my display name among the supporters")

    def __init__(self, *args, platform_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = choices([("", "None of them"), *platform_choices])
        self.platform_slugs = {slug for slug, _name in platform_choices}

    def validate_platform(self, field):
        if field.data and field.data not in self.platform_slugs:
            raise ValidationError("Choose one of this campaign's platforms, or none.")


class UpdateForm(Form):
    body = TextAreaField("Your update", filters=[plain_text],
                         validators=[DataRequired("Write the update."), Length(max=TEXT_MAX)])


class ResponseForm(Form):
    body = TextAreaField("Your response", filters=[plain_text],
                         validators=[DataRequired("Write the response."), Length(max=TEXT_MAX)])


class WithdrawForm(Form):
    """Only its CSRF token."""
