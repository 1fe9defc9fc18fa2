"""Reading a platform's reviews: sort (newest, most helpful, lowest, highest), filters (city,
role, time on the platform, verified earnings) and a search of the review text, every sort
paginated by keyset (peers.keyset), so the last page costs what the first does."""

import sqlalchemy as sa
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import Length

from peers import keyset
from peers.extensions import db
from peers.forms import Form
from peers.ratings import queries
from peers.ratings.models import TENURES, Review
from peers.text import plain_text

SORTS = {"newest": "Newest", "helpful": "Most helpful", "lowest": "Lowest rated",
         "highest": "Highest rated"}
# The labels of queries.REVIEW_SORTS, each walked by keyset on its own index.
MAX_SEARCH = 100
FILTERS = ("review_city", "role", "tenure", "verified", "q")


class ReviewListForm(Form):
    """How to list a platform's reviews; a GET form, so a listing's address can be shared."""

    class Meta(Form.Meta):
        csrf = False  # a GET form that writes nothing

    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()],
                       default="newest")
    q = StringField("Search the reviews", filters=[plain_text], validators=[
        Length(max=MAX_SEARCH, message=f"Keep the search under {MAX_SEARCH} characters.")])
    # Not "city": the platform page's earnings section reads ?city= for the worker's place.
    review_city = StringField("City", filters=[plain_text], validators=[
        Length(max=100, message="Keep the city under 100 characters.")])
    role = SelectField("Role", choices=[SelectChoice("", "Any role")], default="")
    tenure = SelectField("Time on the platform", default="", choices=[
        SelectChoice("", "Any time"), *(SelectChoice(k, v) for k, v in TENURES.items())])
    verified = BooleanField("Only verified earnings")

    def set_roles(self, roles: list[tuple[str, str]]) -> None:
        self.role.choices = [SelectChoice("", "Any role"),
                             *(SelectChoice(slug, name) for slug, name in roles)]

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """The filters as conditions on Review (only those given)."""
        found = []
        if self.review_city.data:
            found.append(sa.func.lower(Review.city) == self.review_city.data.casefold())
        if self.role.data:
            found.append(Review.role == self.role.data)
        if self.tenure.data:
            found.append(Review.tenure == self.tenure.data)
        if self.verified.data:
            found.append(Review.earnings_verified)
        if self.q.data:
            words = self.q.data.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{words.casefold()}%"
            found.append(sa.or_(sa.func.lower(Review.pros).like(pattern, escape="\\"),
                                sa.func.lower(Review.cons).like(pattern, escape="\\")))
        return found

    def link_args(self) -> dict[str, str]:
        """The listing's settings for its page links (only those that differ from the default)."""
        args = {name: getattr(self, name).data for name in FILTERS if getattr(self, name).data}
        if args.get("verified"):
            args["verified"] = "y"
        if self.sort.data and self.sort.data != "newest":
            args["sort"] = self.sort.data
        return args


def review_listing(platform_id: int, args, roles: list[tuple[str, str]], total: int,
                   per_page: int) -> tuple[keyset.KeysetPage, ReviewListForm, bool]:
    """(page, form, valid): the page of reviews the address asks for; with a bad setting the
    form says which, and the newest reviews are listed unfiltered."""
    form = ReviewListForm(args)
    form.set_roles(roles)
    valid = form.validate()
    if not valid:
        return (queries.reviews_for_platform(platform_id, None, per_page, total), form, False)
    conditions = form.conditions()
    if conditions:  # the summary counts them all: count the matching ones
        total = db.session.scalar(
            sa.select(sa.func.count()).select_from(Review)
            .where(Review.platform_id == platform_id, Review.is_counted, *conditions))
    page = queries.reviews_for_platform(platform_id, args.get("cursor"), per_page, total,
                                        sort=form.sort.data or "newest", filters=conditions)
    return page, form, True
