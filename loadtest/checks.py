"""The verdicts: pure functions from what the server accepted, what the database holds and
what the site shows, to a list of problems in words (empty: the check passed)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from loadtest.client import Sample
from loadtest.ledger import AcceptedOffer, AcceptedReview
from loadtest.pages import ShownRating

# How far a shown one-decimal average may be from the true one: half a tenth (the site rounds
# once, to what it shows: 58/19 = 3.0526 reads "3.1").
SHOWN_AVERAGE_TOLERANCE = 0.05 + 1e-9


@dataclass(frozen=True)
class ReviewRow:
    """A review in the database, with its author's email and whether that email is confirmed."""

    email: str
    slug: str
    overall: int
    is_counted: bool
    author_confirmed: bool


@dataclass(frozen=True)
class Tally:
    """A platform's counted reviews: how many, the sum of their stars, and stars 1..5 each."""

    count: int
    overall_sum: int
    distribution: tuple[int, int, int, int, int]

    @classmethod
    def of(cls, stars: Iterable[int]) -> "Tally":
        stars = list(stars)
        return cls(len(stars), sum(stars), tuple(stars.count(n) for n in range(1, 6)))

    @property
    def average(self) -> float | None:
        return self.overall_sum / self.count if self.count else None


def server_errors(samples: Iterable[Sample]) -> list[str]:
    """Every 5xx answer, with its request."""
    return [f"{s.status} {s.method} {s.path}" for s in samples if s.status >= 500]


def unexpected_answers(samples: Iterable[Sample]) -> list[str]:
    """Every answer below 500 that its scenario did not expect (0: no answer at all)."""
    return [f"{s.status or 'no answer'} {s.method} {s.path}" for s in samples
            if not s.expected and s.status < 500]


def review_problems(accepted: Iterable[AcceptedReview], rows: Iterable[ReviewRow]) -> list[str]:
    """Each accepted review is in the database exactly once, with the stars last accepted,
    and counts in the aggregates exactly when its author confirmed the email."""
    last = {(r.email, r.slug): r for r in accepted}  # a later POST of the same pair is an edit
    stored = defaultdict(list)
    for row in rows:
        stored[row.email, row.slug].append(row)
    problems = []
    for key, review in sorted(last.items()):
        found = stored.get(key, [])
        where = f"review of {key[1]} by {key[0]}"
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} rows in the database, expected 1")
            continue
        row = found[0]
        if row.overall != review.overall:
            problems.append(f"{where}: {row.overall} stars stored, {review.overall} accepted")
        if row.is_counted != row.author_confirmed:
            problems.append(f"{where}: counted={row.is_counted} although the author's email "
                            f"is {'' if row.author_confirmed else 'not '}confirmed")
    problems += [f"review of {slug} by {email}: in the database, never accepted"
                 for email, slug in sorted(set(stored) - set(last))]
    return problems


def aggregate_problems(stored: Mapping[str, Tally], counted: Mapping[str, Tally]) -> list[str]:
    """Each platform's stored summary equals what its counted review rows add up to."""
    empty = Tally(0, 0, (0, 0, 0, 0, 0))
    return [f"{slug}: summary {stored.get(slug, empty)}, counted rows {counted.get(slug, empty)}"
            for slug in sorted(set(stored) | set(counted))
            if stored.get(slug, empty) != counted.get(slug, empty)]


def shown_problems(source: str, shown: Mapping[str, ShownRating],
                   counted: Mapping[str, Tally], minimum: int) -> list[str]:
    """The rating a page shows for each platform agrees with its counted review rows: the
    count, and the average to the shown precision once there are enough reviews to show it."""
    problems = []
    for slug, rating in sorted(shown.items()):
        tally = counted.get(slug, Tally(0, 0, (0, 0, 0, 0, 0)))
        if rating.count != tally.count:
            problems.append(f"{source} shows {rating.count} reviews of {slug}; "
                            f"the database counts {tally.count}")
        elif tally.count >= minimum and (
                rating.average is None
                or abs(rating.average - tally.average) > SHOWN_AVERAGE_TOLERANCE):
            problems.append(f"{source} shows an average of {rating.average} for {slug}; "
                            f"the database's is {tally.average:.2f}")
    return problems


def offer_problems(offers: Iterable[AcceptedOffer], hits: Mapping[str, list[int]]) -> list[str]:
    """Search by an offer's title word finds it exactly once, and by a replaced word not."""
    problems = []
    for offer in offers:
        found = hits.get(offer.word, [])
        if found != [offer.offer_id]:
            problems.append(f"offer {offer.offer_id}: searching {offer.word!r} found {found}, "
                            f"expected [{offer.offer_id}]")
        for word in offer.retired:
            if offer.offer_id in hits.get(word, []):
                problems.append(f"offer {offer.offer_id}: still found by its old title word "
                                f"{word!r}")
    return problems
