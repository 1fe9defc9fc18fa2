"""The base of every form on the site.

A multipart POST may send any field as a file part. WTForms hands that part to whatever field
has the name, and a text field then fails deep inside a filter or validator (`len()` of a
FileStorage, `.strip()` on one): a 500. Here file parts reach only file fields; a text field
that was sent one gets a clear error instead, and the form does not validate.

It also keeps what HTML forbids out of a number input's value (a hand-made address can send
"abc" to a field that a browser would only ever fill with a number).
"""

import re
from decimal import Decimal

from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import SelectChoice, widgets
from wtforms.fields import FileField, SelectMultipleField

SENT_AS_FILE = "Send this as text, not as a file."
# What HTML allows as the value of <input type="number"> (a "valid floating-point number").
HTML_NUMBER = re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?")


def _split_file_parts(form, formdata):
    """(formdata without file parts meant for text fields, names of the fields they were for)."""
    if not isinstance(formdata, MultiDict):
        return formdata, frozenset()
    items = list(formdata.items(multi=True))
    file_parts = {name for name, value in items if isinstance(value, FileStorage)}
    if not file_parts:
        return formdata, frozenset()
    file_fields = {field.name for field in form if isinstance(field, FileField)}
    kept = MultiDict([(name, value) for name, value in items
                      if name in file_fields or not isinstance(value, FileStorage)])
    # A file part named after no field is dropped without a word: WTForms would ignore it.
    refused = {field.name for field in form if field.name in file_parts - file_fields}
    return kept, frozenset(refused)


class Form(FlaskForm):
    """FlaskForm that refuses a file part in any field but a file field, as a field error."""

    sent_as_file: frozenset[str] = frozenset()  # names of the fields that were sent a file

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            formdata, form.sent_as_file = _split_file_parts(
                form, super().wrap_formdata(form, formdata))
            return formdata

        def render_field(self, field, render_kw):
            # HTML allows only a number there; the field's own error says what to enter.
            if isinstance(field.widget, widgets.NumberInput) and "value" not in render_kw:
                value = str(field._value())
                if value and not HTML_NUMBER.fullmatch(value):
                    number = field.data if isinstance(field.data, int | Decimal) else None
                    render_kw = {**render_kw, "value": "" if number is None else str(number)}
            return super().render_field(field, render_kw)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.sent_as_file:
            return ok
        for field in self:
            if field.name in self.sent_as_file:
                # The other errors are about the text that never came: this one says why.
                field.errors = [SENT_AS_FILE]
        return False


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select or checkboxes field."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """A choice of several, shown as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
