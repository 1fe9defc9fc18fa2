"""The base form of the site (peers.forms.Form): file parts reach only file fields, a text field
sent one gets a clear error, and a number input never shows what HTML forbids there."""

from decimal import Decimal

from flask import request
from flask_wtf import FlaskForm
from wtforms import DecimalField, FileField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from peers.forms import SENT_AS_FILE, Form
from tests.helpers import a_file


class NoteForm(Form):
    class Meta:
        csrf = False

    title = StringField(validators=[DataRequired(), Length(max=20)],
                        filters=[lambda value: value.strip() if value else value])
    body = TextAreaField(validators=[Length(max=50)])
    attachment = FileField()


def submitted(app, **data) -> NoteForm:
    with app.test_request_context("/", method="POST", data=data):
        form = NoteForm()
        form.validate()
        return form


def test_a_file_part_in_a_text_field_is_a_field_error_not_a_crash(small_app):
    form = submitted(small_app, title=a_file(), body="Fine.")
    assert form.errors == {"title": [SENT_AS_FILE]}
    assert form.title.data in (None, "")  # the file never reached the field


def test_each_text_field_sent_as_a_file_gets_its_own_error(small_app):
    form = submitted(small_app, title=a_file(), body=a_file(b"x" * 100))
    assert form.errors == {"title": [SENT_AS_FILE], "body": [SENT_AS_FILE]}


def test_a_file_field_still_receives_its_file(small_app):
    with small_app.test_request_context("/", method="POST",
                                        data={"title": "Notes", "attachment": a_file()}):
        form = NoteForm()
        assert form.validate(), form.errors
        assert form.attachment.data.filename == "upload.txt"


def test_a_file_part_named_after_no_field_is_ignored(small_app):
    form = submitted(small_app, title="Notes", stray=a_file())
    assert form.errors == {}


def test_text_alone_validates_as_before(small_app):
    assert submitted(small_app, title=" Notes ", body="Fine.").errors == {}
    assert submitted(small_app, title="").errors == {"title": ["This field is required."]}


def test_every_form_of_the_site_derives_from_the_base_form():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = {cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("peers.")}
    assert forms, "no forms found"
    assert sorted(cls.__qualname__ for cls in forms if not issubclass(cls, Form)) == []


class PriceForm(Form):
    class Meta:
        csrf = False

    price = DecimalField()
    hours = IntegerField()


def rendered_value(app, query: str, name: str) -> str:
    with app.test_request_context("/?" + query):
        form = PriceForm(request.args)
        form.validate()
        html = str(form[name]())
    start = html.index('value="') + len('value="')
    return html[start:html.index('"', start)]


def test_a_number_input_shows_a_number_back(small_app):
    assert rendered_value(small_app, "price=49.50", "price") == "49.50"
    assert rendered_value(small_app, "hours=15", "hours") == "15"


def test_a_number_input_never_shows_what_html_forbids_there(small_app):
    assert rendered_value(small_app, "price=abc", "price") == ""
    assert rendered_value(small_app, "hours=many", "hours") == ""


def test_a_number_typed_another_way_is_shown_as_a_number(small_app):
    class Thousands(DecimalField):
        def process_formdata(self, valuelist):
            self.data = Decimal(valuelist[0].replace(",", ""))

    class ThousandsForm(PriceForm):
        price = Thousands()

    with small_app.test_request_context("/?price=1,000"):
        assert 'value="1000"' in str(ThousandsForm(request.args).price())
