"""Forms of follows. Every posting form carries a CSRF token; the unsubscribe link's token is
its own proof instead (mail clients post it with no session)."""

from wtforms import SelectChoice, SelectField

from peers.follows.models import FREQUENCIES
from peers.forms import Form


class FollowForm(Form):
    """Only its CSRF token: follow or unfollow."""


class FrequencyForm(Form):
    frequency = SelectField("How often should we email you the news?",
                            choices=[SelectChoice(value, label)
                                     for value, label in FREQUENCIES.items()])
