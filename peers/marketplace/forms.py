"""The marketplace's forms. Posting forms carry a CSRF token; the search form only reads.

Forms turn what was typed into values; the rules (lengths, prices, currencies, platforms,
places) are checked once, in peers.marketplace.services, whose messages the views show beside
the field they concern. Fields a form does not declare (vendor_id, status, ...) are never read.
"""

import re
from decimal import Decimal, InvalidOperation

from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import StopValidation

from peers.discovery.models import Platform
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.forms import CheckboxesField, Form, choices
from peers.marketplace import queries
from peers.marketplace.models import OFFER_CATEGORIES, Offer, Vendor
from peers.marketplace.reviews.services import MAX_BODY
from peers.marketplace.search import OfferFilters, search_words
from peers.marketplace.services import MAX_PRICE, OfferData, VendorData, is_currency
from peers.pagination import MAX_PAGE, parse_int
from peers.text import STAR_LABELS, plain_text, upper

MAX_QUERY = 200



class AmountField(DecimalField):
    """A decimal that says what is wrong in words; NaN and Infinity are not numbers here."""

    def __init__(self, *args, what: str = "the price", **kwargs):
        super().__init__(*args, **kwargs)
        self.what = what

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not raw:
            return
        try:
            value = Decimal(raw.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?",
                                                                 raw) else raw)
        except InvalidOperation as exc:
            raise ValueError(f"Enter {self.what} as a number, such as 49.50.") from exc
        if not value.is_finite():
            raise ValueError(f"Enter {self.what} as a number, such as 49.50.")
        self.data = value


class PageField(IntegerField):
    """A page number: a whole number from 1, or a clear error."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip()
        self.data = None  # until parse_int, the one rule for every page number, accepts it
        self.data = parse_int(raw, "page", 1, MAX_PAGE) if raw else self.default


def _at_least_zero(_form, field):
    if field.data is not None and (field.data < 0 or field.data > MAX_PRICE):
        raise StopValidation(f"Enter {field.what} as a number, 0 or more.")


# -- vendors' forms ----------------------------------------------------------------------------
class VendorForm(Form):
    name = StringField("Business name", filters=[plain_text])
    description = TextAreaField("What you do", filters=[plain_text],
                                description="Plain text, up to 4,000 characters. Needed before "
                                            "you list an offer: workers read it with each one.")
    website = StringField("Website (optional)", filters=[plain_text],
                          description="Starting with https://")
    serves_remotely = BooleanField("Remote: I work with workers anywhere")
    places = TextAreaField(
        "Places you serve", filters=[plain_text],
        description="One per line: a city, region or country, such as “Austin, TX”, "
                    "“Ontario” or “France”. Leave empty if you only work remotely.")

    @classmethod
    def for_vendor(cls, vendor: Vendor | None) -> "VendorForm":
        if vendor is None:
            return cls()
        return cls(data={"name": vendor.name, "description": vendor.description,
                         "website": vendor.website, "serves_remotely": vendor.serves_remotely,
                         "places": "\n".join(area.name for area in vendor.areas)})

    def vendor_data(self) -> VendorData:
        return VendorData(
            name=self.name.data or "", description=self.description.data or "",
            website=self.website.data or "", serves_remotely=bool(self.serves_remotely.data),
            places=tuple(line for line in (self.places.data or "").split("\n") if line.strip()),
        )


class OfferForm(Form):
    category = SelectField("Category", validate_choice=False,
                           choices=choices([("", "Choose a category"), *OFFER_CATEGORIES.items()]))
    title = StringField("Title", filters=[plain_text],
                        description="What a worker gets, in a few words (up to 120 characters).")
    description = TextAreaField("Description", filters=[plain_text],
                                description="Plain text, up to 4,000 characters.")
    price_kind = RadioField("Price", choices=choices([("amount", "A price"),
                                                      ("quote", "Ask for a quote")]),
                            invalid_choice_message="Choose “A price” or “Ask for a quote”.")
    price_amount = AmountField("Amount", validators=[_at_least_zero])
    price_currency = StringField("Currency", filters=[plain_text, upper],
                                 description="Three letters, such as USD, EUR, GBP")
    member_discount = StringField("Discount for Peers members (optional)", filters=[plain_text],
                                  description="For example: 15% off the first year.")
    platforms = CheckboxesField("Made for workers on", validate_choice=False)
    how_to_get = StringField("How workers get it", filters=[plain_text],
                             description="A web address, or how to contact you.")
    pays_referral_fee = BooleanField("We pay a referral or affiliate fee for workers sent to us")
    platform_tie = StringField(
        "Any tie to a platform", filters=[plain_text],
        description="For example: “Official Airbnb partner”. Leave empty if there is none.")
    is_sponsored = BooleanField("This listing is sponsored (paid for)")
    places = TextAreaField(
        "Where workers can use it", filters=[plain_text],
        description="One per line: the countries or regions whose workers you can serve, "
                    "such as “United States”, “Texas” or “France”. Remote offers too: a "
                    "worker elsewhere does not see the offer.")

    def __init__(self, *args, platform_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.platforms.choices = choices(platform_choices)

    @classmethod
    def for_vendor(cls, vendor: Vendor, platform_choices) -> "OfferForm":
        """A new offer's form: it applies where the vendor works until the vendor says not."""
        return cls(data={"places": "\n".join(area.name for area in vendor.areas)},
                   platform_choices=platform_choices)

    @classmethod
    def for_offer(cls, offer: Offer, platform_choices) -> "OfferForm":
        data = {name: getattr(offer, name) for name in (
            "category", "title", "description", "price_amount", "price_currency",
            "member_discount", "how_to_get", "pays_referral_fee", "platform_tie",
            "is_sponsored")}
        data["price_kind"] = "quote" if offer.price_on_quote else "amount"
        data["platforms"] = [p.slug for p in offer.platforms]
        data["places"] = "\n".join(area.name for area in offer.areas)
        return cls(data=data, platform_choices=platform_choices)

    def offer_data(self) -> OfferData:
        quote = self.price_kind.data == "quote"
        return OfferData(
            category=self.category.data or "", title=self.title.data or "",
            description=self.description.data or "", how_to_get=self.how_to_get.data or "",
            price_amount=self.price_amount.data, price_on_quote=quote,
            price_currency=None if quote else (self.price_currency.data or None),
            member_discount=self.member_discount.data or "",
            platform_slugs=tuple(self.platforms.data or ()),
            pays_referral_fee=bool(self.pays_referral_fee.data),
            platform_tie=self.platform_tie.data or "", is_sponsored=bool(self.is_sponsored.data),
            places=tuple(line for line in (self.places.data or "").split("\n") if line.strip()),
        )


# -- workers' forms ----------------------------------------------------------------------------
class VendorReviewForm(Form):
    stars = RadioField("Your rating", choices=choices((str(n), label)
                                                      for n, label in STAR_LABELS.items()),
                       invalid_choice_message="Choose from 1 to 5 stars.")
    body = TextAreaField("In your words (optional)", filters=[plain_text],
                         description=f"Plain text, up to {MAX_BODY:,} characters. "
                                     "Do not name people or share contact details.")

    def stars_value(self) -> int | None:
        return int(self.stars.data) if (self.stars.data or "").isdigit() else None


class ActionForm(Form):
    """Nothing to fill in: the button is the action (withdraw, list again)."""


# -- finding offers ----------------------------------------------------------------------------
class OfferSearchForm(Form):
    """What a worker looks for. Searching changes nothing, so no CSRF token is needed."""

    class Meta:
        csrf = False

    q = StringField("Search", filters=[plain_text],
                    description="For example: tax return, liability insurance, cleaning")
    category = SelectField("Category", validate_choice=False,
                           choices=choices([("", "All categories"), *OFFER_CATEGORIES.items()]))
    platform = SelectField("For workers on", validate_choice=False, filters=[plain_text])
    place = StringField("Where you work", filters=[plain_text],
                        description="A city, region or country: offers for workers there, "
                                    "remote ones included.")
    currency = StringField("Currency", filters=[plain_text, upper])
    min_price = AmountField("Lowest price", what="the lowest price", validators=[_at_least_zero])
    max_price = AmountField("Highest price", what="the highest price",
                            validators=[_at_least_zero])
    page = PageField("Page", default=1)

    FILTERS = ("q", "category", "platform", "place", "currency", "min_price", "max_price")

    def __init__(self, *args, platform_choices: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.platform.choices = choices([("", "Any platform"), *platform_choices])
        self.country_code: str | None = None
        self.place_name: str | None = None  # a city or region: offers serving that place
        self.platform_found: Platform | None = None

    def validate_q(self, field):
        if len(field.data or "") > MAX_QUERY:
            raise ValidationError(f"Keep the search under {MAX_QUERY} characters.")
        if field.data and not search_words(field.data):
            raise ValidationError("Search with at least one word, such as tax or insurance.")

    def validate_category(self, field):
        if field.data and field.data not in OFFER_CATEGORIES:
            raise ValidationError(f"Unknown category “{field.data[:40]}”. Known categories: "
                                  f"{', '.join(OFFER_CATEGORIES)}.")

    def validate_platform(self, field):
        if field.data:
            self.platform_found = queries.platform_by_slug(field.data.lower())
            if self.platform_found is None:
                raise ValidationError(f"Unknown platform “{field.data[:64]}”.")

    def validate_place(self, field):
        if field.data:
            try:
                place = resolve_place(field.data)
            except PlaceNotFound as exc:
                raise ValidationError(str(exc)) from exc
            self.country_code = place.country_code
            self.place_name = None if place.kind == "country" else place.name

    def validate_currency(self, field):
        if field.data and not is_currency(field.data):
            raise ValidationError("Enter a currency code such as USD, EUR or GBP.")
        if not field.data and (self.min_price.data is not None
                               or self.max_price.data is not None):
            raise ValidationError("Choose the currency of the price you look for.")

    def validate_max_price(self, field):
        low = self.min_price.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError("The highest price is below the lowest.")

    def first_error(self) -> tuple[str, str]:
        """The first field with an error, and its message."""
        for name, errors in self.errors.items():
            return name, errors[0]
        return "", ""

    def link_args(self) -> dict[str, str]:
        """The filters as they were typed, for links to other pages of the same results."""
        return {name: self[name].raw_data[0] for name in self.FILTERS
                if self[name].raw_data and self[name].raw_data[0]}

    def filters(self) -> OfferFilters:
        return OfferFilters(
            words=self.q.data or "", category=self.category.data or None,
            platform=(self.platform.data or "").lower() or None, country_code=self.country_code,
            place_name=self.place_name,
            currency=self.currency.data or None, min_price=self.min_price.data,
            max_price=self.max_price.data,
        )
