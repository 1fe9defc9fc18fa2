"""The calculator's form: a GET form, so a result's address can be shared."""

from decimal import Decimal

from wtforms import SelectChoice, SelectField, StringField, ValidationError
from wtforms.validators import Optional

from peers.forms import Form
from peers.money.rates import currency_for_country, is_currency
from peers.ratings.forms import NOT_PAY, AmountField, amount
from peers.text import plain_text, upper

ROWS = 4  # platforms combined in one calculation
MAX_HOURS_WEEK = Decimal(24 * 7)
MAX_PAY_WEEK = Decimal("100000")
MAX_DISTANCE_WEEK = Decimal("10000")  # miles or km: more than anyone drives in a week
COUNTRIES = [SelectChoice("", "Another country"), SelectChoice("US", "United States"),
             SelectChoice("GB", "United Kingdom"), SelectChoice("FR", "France")]


class CalculatorForm(Form):
    """Hours and pay per platform for one week, distance and other costs, and the country."""

    class Meta(Form.Meta):
        csrf = False  # a GET form that writes nothing

    country = SelectField("Where you work", choices=COUNTRIES, default="",
                          validate_choice=True)
    currency = StringField("Currency", filters=[plain_text, upper],
                           description="Three letters, such as USD, EUR or GBP. Empty: the "
                                       "currency of the country.")
    distance = AmountField("Distance driven for the work in a week", validators=[
        Optional(), amount(MAX_DISTANCE_WEEK, "the distance")],
        description="Miles in the US and the UK, kilometres in France.")
    other_costs = AmountField("Other costs in a week", validators=[
        Optional(), amount(MAX_PAY_WEEK, "the other costs")],
        description="Phone, equipment, insurance, fixed fees: in your currency.")

    def validate_currency(self, field):
        if field.data and (field.data in NOT_PAY or not is_currency(field.data)):
            raise ValidationError("Enter a currency code such as USD, EUR or GBP.")
        own = currency_for_country(self.country.data)
        if field.data and own and field.data != own:
            # The country's rates (cost of driving, contributions) are in its own currency.
            raise ValidationError(f"For this country the calculator works in {own}: "
                                  "enter amounts in it, or leave the currency empty.")

    def worker_currency(self) -> str | None:
        """The currency asked for, else the country's; None when neither is known."""
        return self.currency.data or currency_for_country(self.country.data)

    def rows(self):
        """(platform, hours, gross) fields of each row."""
        return [(self[f"p{i}"], self[f"hours{i}"], self[f"gross{i}"]) for i in range(1, ROWS + 1)]

    def set_platforms(self, choices: list[tuple[str, str]]) -> None:
        for platform, _hours, _gross in self.rows():
            platform.choices = [SelectChoice("", "Choose a platform"),
                                *(SelectChoice(slug, name) for slug, name in choices)]

    def filled_rows(self):
        return [(p.data, h.data, g.data) for p, h, g in self.rows() if p.data]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for platform, hours, gross in self.rows():
            if platform.data and not platform.errors:
                for needed, message in ((hours, "Enter the hours you work on it in a week."),
                                        (gross, "Enter what customers pay for that week.")):
                    if needed.data is None and not needed.errors:
                        needed.errors.append(message)
                        ok = False
        if ok and not self.worker_currency():
            self.currency.errors.append("Enter the currency you are paid in.")
            ok = False
        if ok and not self.filled_rows():
            self.p1.errors.append("Choose at least one platform.")
            ok = False
        return ok


for _i in range(1, ROWS + 1):
    setattr(CalculatorForm, f"p{_i}", SelectField(
        f"Platform {_i}", choices=[SelectChoice("", "Choose a platform")], default=""))
    setattr(CalculatorForm, f"hours{_i}", AmountField(f"Hours a week on platform {_i}",
            validators=[Optional(), amount(MAX_HOURS_WEEK, "the hours", positive=True)]))
    setattr(CalculatorForm, f"gross{_i}", AmountField(
        f"Gross pay a week on platform {_i}", validators=[
            Optional(), amount(MAX_PAY_WEEK, "the pay")],
        description="What customers paid for the work, before the platform's fee."))

