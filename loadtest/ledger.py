"""What the server said yes to during the run: the checks compare it with the database."""

from dataclasses import dataclass, field

from loadtest.client import Sample


@dataclass(frozen=True)
class AcceptedReview:
    """A review POST the server accepted (its redirect to the platform's page)."""

    email: str
    slug: str
    overall: int


@dataclass
class AcceptedOffer:
    """An offer a vendor listed; `word` is the unique word of its title now, `retired` the
    words of titles an accepted edit replaced (search must no longer find it by them)."""

    offer_id: int
    email: str
    word: str
    retired: list[str] = field(default_factory=list)


@dataclass
class Ledger:
    samples: list[Sample] = field(default_factory=list)
    reviews: list[AcceptedReview] = field(default_factory=list)
    offers: dict[int, AcceptedOffer] = field(default_factory=dict)
    stops: list[str] = field(default_factory=list)  # why a scenario gave up, in order
