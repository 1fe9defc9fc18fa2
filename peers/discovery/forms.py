"""The discovery form: one set of rules for the page and the JSON API."""

from flask import current_app
from wtforms import IntegerField, SelectMultipleField, StringField, ValidationError, widgets
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from peers.discovery.matcher import IGNORED_WORDS, WorkerProfile, has_words, read_profile
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.discovery.reading import Reading
from peers.discovery.vocabulary import load_vocabulary
from peers.forms import Form

MAX_QUERY = 500
PAGE_SIZE = 10  # results per "page"; "More results" shows ten more, up to MAX_PAGES pages
MAX_PAGES = 5
SORTS = ("match", "rating", "earnings")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AssetsField(SelectMultipleField):
    """Checkboxes; an unknown asset name is an error that names the known ones."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        known = {value for value, _ in self.choices}
        for value in self.data or ():
            if value not in known:
                raise ValidationError(
                    f"Unknown asset \"{value[:40]}\". Known assets: {', '.join(sorted(known))}."
                )


class DiscoverForm(Form):
    """What a worker has and can do. Searching changes nothing, so no CSRF token is needed."""

    class Meta:
        csrf = False

    q = StringField(
        "What can you do, and what do you enjoy?",
        validators=[Optional(), Length(max=MAX_QUERY, message="Keep it under 500 characters.")],
        filters=[_strip],
        description="For example: cooking, dog walking, fixing bikes, teaching maths",
    )
    assets = AssetsField("What do you have?", validate_choice=True)
    location = StringField(
        "Where do you live?",
        validators=[Optional(), Length(max=100, message="Keep the place under 100 characters.")],
        filters=[_strip],
        description="A city or a country: Paris, Lyon, France, Austin, TX, KR",
    )
    hours = IntegerField(
        "Hours a week you could work",
        validators=[Optional(), NumberRange(1, 100, message="Enter between 1 and 100 hours.")],
    )
    more = IntegerField(
        "Pages of results",
        validators=[Optional(), NumberRange(1, MAX_PAGES,
                                            message=f"more must be from 1 to {MAX_PAGES}.")],
    )
    # 1: search the words as typed, without correcting misspellings ("search instead for").
    exact = IntegerField(
        "Search the words as typed",
        validators=[Optional(), NumberRange(0, 1, message="exact must be 0 or 1.")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vocabulary = load_vocabulary(current_app.config["VOCABULARY_PATH"])
        self.assets.choices = [(a.key, a.label) for a in vocabulary.assets.values()]
        self.place = None
        self.reading: Reading | None = None
        self._profile: WorkerProfile | None = None

    def validate_location(self, field):
        if field.data:
            try:
                self.place = resolve_place(field.data)
            except PlaceNotFound as exc:
                raise ValidationError(str(exc)) from exc

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not has_words(self.q.data or "") and not self.assets.data:
            self.q.errors.append("Tell us something you can do or enjoy, or tick what you have.")
            ok = False
        if ok:
            profile = self.profile()
            words = [w for w in profile.text.lower().split() if w.strip(".,;:!?") not in
                     IGNORED_WORDS]
            if not has_words(" ".join(words)) and not profile.assets and not profile.named_assets:
                self.q.errors.append(
                    "We found no word about work in that (only words like \"I\", \"and\" or "
                    "a place or hours). Tell us something you can do or enjoy, or tick what "
                    "you have.")
                ok = False
        return ok

    @property
    def hours_wanted(self) -> int | None:
        """The hours field, else hours the description gives ("15 hours a week")."""
        if self.hours.data:
            return self.hours.data
        return self.reading.hours if self.reading else None

    @property
    def result_limit(self) -> int:
        """How many results the page shows: ten per "More results"."""
        return PAGE_SIZE * (self.more.data or 1)

    def first_error(self) -> tuple[str, str]:
        """The first field with an error, and its message."""
        for name, errors in self.errors.items():
            return name, errors[0]
        return "", ""

    def profile(self) -> WorkerProfile:
        """The worker's profile, with the hours, place and assets their words give (read once)."""
        if self._profile is None:
            self._profile, self.reading = read_profile(
                self.q.data or "", tuple(self.assets.data or ()), self.place,
                self.hours.data, bool(self.exact.data))
        return self._profile


class ApiDiscoverForm(DiscoverForm):
    sort = StringField("sort", default="match", filters=[lambda v: v or "match"], validators=[
        AnyOf(SORTS, message=f"sort must be one of {', '.join(SORTS)}.")])
    limit = IntegerField(
        "limit",
        default=10,
        validators=[Optional(), NumberRange(1, 50, message="limit must be from 1 to 50.")],
    )
