"""Workers' suggestions about the catalog, and the moderators' decision on one."""

from wtforms import DecimalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import URL, AnyOf, DataRequired, InputRequired, Length, Optional

from peers.catalog.facts import LABELS
from peers.catalog.services import MAX_NOTE, MAX_REASON, MAX_TEXT, Suggested
from peers.discovery.catalog_facts import PAY_PERIODS
from peers.forms import Form
from peers.text import plain_text


def platform_choices(names: list[tuple[str, str]]) -> list[SelectChoice]:
    """The platform menu: a blank first choice, then each (slug, name)."""
    return [SelectChoice("", "Choose a platform"), *(SelectChoice(s, n) for s, n in names)]


SOURCE_HELP = "The public page that shows it (the platform's own help or pricing page is best)."


def _source():
    return StringField(
        "Source", description=SOURCE_HELP, filters=[plain_text],
        validators=[DataRequired(message="Give the public page that shows this."),
                    Length(max=500, message="Keep the address under 500 characters."),
                    URL(require_tld=True, message="Give the full address of a public page "
                                                  "(https://...).")])


def _note():
    return TextAreaField("Anything else a moderator should know", filters=[plain_text],
                         validators=[Optional(), Length(max=MAX_NOTE)])


class CorrectionForm(Form):
    """One fact of one platform, as the worker says it is now, with the page that says so."""

    refusal_field = "text"

    platform = SelectField("Platform", choices=[], validate_choice=False,
                           validators=[DataRequired(message="Choose the platform.")])
    fact = SelectField("What is wrong", choices=[SelectChoice("", "Choose a fact"),
                                                 *(SelectChoice(k, v) for k, v in LABELS.items())],
                       validators=[DataRequired(message="Choose which fact to correct.")])
    text = StringField(
        "What it is now, in words", filters=[plain_text],
        description="For example: “Hosts pay 15.5% of each booking”, or for countries: FR, DE.",
        validators=[DataRequired(message="Say what it should be."), Length(max=MAX_TEXT)])
    number = DecimalField(
        "The figure, if there is one", places=None, validators=[Optional()],
        description="The fee's percentage, the minimum age, or the pay amount.")
    currency = StringField("Currency of the pay", filters=[plain_text],
                           validators=[Optional(), Length(min=3, max=3)],
                           description="Three letters: EUR, USD, GBP...")
    per = SelectField("Pay per", choices=[SelectChoice("", "—"),
                                          *(SelectChoice(p, p) for p in PAY_PERIODS)],
                      validators=[Optional()])
    source = _source()
    note = _note()

    def suggested(self) -> Suggested:
        number = self.number.data
        return Suggested(
            text=self.text.data or "", source=self.source.data or "", note=self.note.data or "",
            number=float(number) if number is not None else None,
            currency=(self.currency.data or "").upper() or None, per=self.per.data or None)


class PlatformSuggestionForm(Form):
    """A platform the catalog is missing."""

    refusal_field = "text"

    text = StringField("Platform name", filters=[plain_text],
                       validators=[DataRequired(message="Give the platform's name."),
                                   Length(max=120)])
    url = StringField("Its website", filters=[plain_text],
                      validators=[DataRequired(message="Give the platform's address."),
                                  Length(max=500),
                                  URL(require_tld=True, message="Give the full address "
                                                                "(https://...).")])
    source = _source()
    note = _note()

    def suggested(self) -> Suggested:
        return Suggested(text=self.text.data or "", url=self.url.data or "",
                         source=self.source.data or "", note=self.note.data or "")


class SuggestionDecisionForm(Form):
    refusal_field = "reason"

    action = StringField("Decision", validators=[
        InputRequired(message="Choose Accept or Reject."),
        AnyOf(("accept", "reject"), message="Choose Accept or Reject.")])
    reason = TextAreaField("Reason", filters=[plain_text], validators=[
        DataRequired(message="Give a reason: the worker and the log see it."),
        Length(max=MAX_REASON)])
