"""Forms of meetups. Every posting form carries a CSRF token; lengths and numbers are bounded
here, and the rules (future, ends after it starts, known time zone) are checked again in
peers.events.services."""

from wtforms import (
    DateTimeLocalField,
    IntegerField,
    StringField,
    TextAreaField,
    URLField,
    ValidationError,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from peers.campaigns.forms import PlaceMixin
from peers.events.models import (
    CAPACITY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    VENUE_MAX,
    ZONE_MAX,
)
from peers.forms import CheckboxesField, Form, choices
from peers.ratings.models import ISSUE_TAGS
from peers.text import plain_text

WHEN = "%Y-%m-%dT%H:%M"


class EventForm(PlaceMixin, Form):
    title = StringField("Title", filters=[plain_text],
                        validators=[DataRequired("Give the meetup a title."),
                                    Length(max=TITLE_MAX)])
    place = StringField("City", filters=[plain_text],
                        validators=[DataRequired("Say which city the meetup is in."),
                                    Length(max=120)],
                        description="For example: Lyon, or Austin, Texas. Online meetups "
                                    "name the city they are organized from.")
    venue = StringField("Venue (optional)", filters=[plain_text],
                        validators=[Optional(), Length(max=VENUE_MAX)],
                        description="The address, or the name of the place.")
    online_url = URLField("Online link (optional)", filters=[plain_text],
                          validators=[Optional(), Length(max=URL_MAX),
                                      URL(message="Give a full link, starting with https://")])
    starts = DateTimeLocalField("Starts", format=WHEN,
                                validators=[InputRequired("Say when it starts.")])
    ends = DateTimeLocalField("Ends", format=WHEN, validators=[InputRequired("Say when it ends.")])
    timezone = StringField("Time zone", filters=[plain_text],
                           validators=[DataRequired("Give the time zone."),
                                       Length(max=ZONE_MAX)],
                           description="The zone of the times above, e.g. Europe/Paris.")
    capacity = IntegerField("Places", validators=[
        InputRequired("Say how many people can come."),
        NumberRange(1, CAPACITY_MAX, f"A number from 1 to {CAPACITY_MAX}.")])
    details = TextAreaField("What it is about (optional)", filters=[plain_text],
                            validators=[Optional(), Length(max=TEXT_MAX)])
    platforms = CheckboxesField("Platforms", validate_choice=False)
    topics = CheckboxesField("Topics", choices=choices(ISSUE_TAGS.items()))

    def __init__(self, *args, platform_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms.choices = choices(platform_choices)
        self.platform_slugs = {slug for slug, _name in platform_choices}

    def validate_platforms(self, field):
        if set(field.data or ()) - self.platform_slugs:
            raise ValidationError("Choose platforms from the list.")

    def validate_online_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError("Give a full link, starting with https://")


class ActionForm(Form):
    """Only its CSRF token: answer, withdraw, cancel."""
