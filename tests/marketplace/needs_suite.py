"""The judged suite of worker needs: what a worker types into the marketplace, where they work,
and which offers of a fixed set a knowledgeable person judges right for it.

A case is ranked right when the first result is one of its right offers (and nothing from a
place the worker is not in can be first: the place filter keeps it out). The share of cases
ranked right is the suite's figure; tests/marketplace/test_needs_suite.py holds it above a
floor, and `make market-relevance` prints it with every case that misses. When a case misses,
fix the vocabulary (data/needs.yaml) first, never the judgement.

The offers are plain objects indexed without a database, as the benchmark does, so the suite
runs in a second.
"""

import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from peers.discovery.places import resolve_place
from peers.marketplace.search import OfferFilters, OfferIndex, documents_for, find_offer_ids

# key: (category, title, description, places it serves)
OFFERS = {
    "us-tax": ("tax", "Returns for rideshare and delivery drivers",
               "We prepare your yearly federal and state return with mileage, phone and "
               "platform fees deducted.", ("United States",)),
    "uk-tax": ("tax", "Self-employed returns for gig workers",
               "We file your self-assessment from the platforms' statements.",
               ("United Kingdom",)),
    "fr-tax": ("tax", "Income declaration for micro-entrepreneurs",
               "Your yearly declaration and URSSAF contributions, done with you.", ("France",)),
    "de-tax": ("tax", "Yearly return for riders and drivers in Germany",
               "We handle your return and the trade office paperwork.", ("Germany",)),
    "ca-tax": ("tax", "Returns for Canadian gig workers",
               "Your T2125 and GST/HST registration once you pass the threshold.", ("Canada",)),
    "us-books": ("accounting", "Monthly books for hosts and drivers",
                 "We record income, receipts and expenses from each platform.",
                 ("United States",)),
    "uk-books": ("accounting", "Invoices and records for freelancers",
                 "Invoices sent on time and records kept for your return.", ("United Kingdom",)),
    "us-legal": ("legal", "Appeals for app-based drivers",
                 "We answer the platform's notice and gather the evidence that counts.",
                 ("United States",)),
    "fr-legal": ("legal", "Advice on your status and contract for couriers",
                 "A specialist reviews your contract and whether you are really independent.",
                 ("France",)),
    "uk-legal": ("legal", "Short-let planning rules for hosts",
                 "We check the council's rules and the 90-night limit for your listing.",
                 ("United Kingdom",)),
    "us-ins": ("insurance", "Cover for rideshare drivers",
               "Fills the gap between your personal policy and the app's cover.",
               ("United States",)),
    "uk-ins": ("insurance", "Liability cover for home-sharing hosts",
               "Protects you when a guest is hurt or damages a neighbour's property.",
               ("United Kingdom",)),
    "fr-ins": ("insurance", "Civil liability for pet sitters",
               "Cover when an animal in your care injures someone or breaks something.",
               ("France",)),
    "us-clean": ("cleaning", "Between-guest cleaning in Austin",
                 "Fresh sheets, restock and a photo report within two hours of checkout.",
                 ("Austin, TX",)),
    "pt-clean": ("cleaning", "Housekeeping for short-term rentals",
                 "Laundry, towels and a full clean between stays.", ("Portugal",)),
    "pt-keys": ("key-exchange", "Handover for guests arriving late",
                "We meet your guests at any hour and hand them the keys.", ("Portugal",)),
    "uk-keys": ("key-exchange", "Secure key storage for hosts",
                "Guests collect keys from a shop near you with a code.", ("London",)),
    "ca-mech": ("vehicle-maintenance", "Servicing at your curb",
                "A mechanic comes to you between shifts: oil, filters, tyres and brakes.",
                ("Toronto",)),
    "us-mech": ("vehicle-maintenance", "Discounted servicing for delivery cars",
                "Priority bays and fixed prices for drivers who cannot lose a day.",
                ("United States",)),
    "us-bike": ("vehicle-maintenance", "Fixes for couriers' e-bikes",
                "Punctures, brakes and batteries fixed while you wait.", ("New York",)),
    "us-photo": ("photography", "Listing pictures for hosts",
                 "Bright, wide pictures of every room, delivered in two days.",
                 ("United States",)),
    "fr-photo": ("photography", "Pictures of your rental",
                 "A professional shoot of your flat for your listing.", ("France",)),
    "de-desk": ("coworking", "Desks for freelancers in Berlin",
                "Fast internet, quiet rooms and coffee by the day or month.", ("Berlin",)),
    "us-lounge": ("coworking", "Lounge for drivers between trips",
                  "Restrooms, chargers and a quiet seat between trips.", ("United States",)),
    "us-fuel": ("benefits", "Fuel card for drivers",
                "Cents off every gallon at partner stations.", ("United States",)),
    "uk-pension": ("benefits", "Retirement savings for the self-employed",
                   "A pot you pay into when you can, with tax relief.", ("United Kingdom",)),
    "us-course": ("training", "Pet first aid for walkers and sitters",
                  "A two-hour class with a certificate you can show owners.",
                  ("United States",)),
    "uk-course": ("training", "Food hygiene level 2 for home cooks",
                  "The certificate supper-club hosts are asked for, online.",
                  ("United Kingdom",)),
}


@dataclass(frozen=True)
class Case:
    words: str
    place: str
    right: frozenset[str]


def case(words: str, place: str, *right: str) -> Case:
    return Case(words, place, frozenset(right))


CASES = [
    # -- tax help ------------------------------------------------------------------------------
    case("accountant", "Chicago", "us-tax", "us-books"),
    case("I need a CPA", "Denver", "us-tax", "us-books"),
    case("bookkeeper", "Seattle", "us-books", "us-tax"),
    case("tax return", "Austin, TX", "us-tax"),
    case("file my taxes", "Atlanta", "us-tax"),
    case("1099 from uber", "Boston", "us-tax"),
    case("mileage deduction", "Phoenix", "us-tax"),
    case("quarterly estimated taxes", "Miami", "us-tax"),
    case("irs letter", "Houston", "us-tax"),
    case("self assessment", "Leeds", "uk-tax"),
    case("HMRC", "London", "uk-tax"),
    case("accountant", "Bristol", "uk-tax", "uk-books"),
    case("impôts", "Lyon", "fr-tax"),
    case("comptable", "Paris", "fr-tax"),
    case("accountant", "Paris", "fr-tax"),
    case("Steuerberater", "Munich", "de-tax"),
    case("tax advisor", "Hamburg", "de-tax"),
    case("GST registration", "Vancouver", "ca-tax"),
    case("taxes", "Toronto", "ca-tax"),
    # -- bookkeeping ---------------------------------------------------------------------------
    case("receipts and expenses", "Chicago", "us-books"),
    case("quickbooks", "Denver", "us-books"),
    case("invoicing", "Manchester", "uk-books"),
    # -- legal help ----------------------------------------------------------------------------
    case("lawyer", "Los Angeles", "us-legal"),
    case("attorney", "Dallas", "us-legal"),
    case("I was deactivated", "Chicago", "us-legal"),
    case("my account was suspended", "Seattle", "us-legal"),
    case("banned from the app", "Atlanta", "us-legal"),
    case("lawyer", "Paris", "fr-legal"),
    case("avocat", "Marseille", "fr-legal"),
    case("misclassification", "Lyon", "fr-legal"),
    case("contract advice", "Paris", "fr-legal"),
    case("solicitor", "London", "uk-legal"),
    case("short let licence", "Edinburgh", "uk-legal"),
    case("permit for my airbnb", "London", "uk-legal"),
    # -- insurance -----------------------------------------------------------------------------
    case("insurance", "Denver", "us-ins"),
    case("rideshare cover", "Phoenix", "us-ins"),
    case("car accident", "Houston", "us-ins"),
    case("guest got injured in my flat", "London", "uk-ins"),
    case("liability", "Glasgow", "uk-ins"),
    case("assurance", "Lille", "fr-ins"),
    case("dog sitter insurance", "Paris", "fr-ins"),
    # -- cleaning and keys ---------------------------------------------------------------------
    case("cleaner", "Austin, TX", "us-clean"),
    case("maid", "Austin, TX", "us-clean"),
    case("housekeeper", "Lisbon", "pt-clean"),
    case("laundry", "Porto", "pt-clean"),
    case("changeover", "Lisbon", "pt-clean"),
    case("lockbox", "London", "uk-keys"),
    case("late check-in", "Lisbon", "pt-keys"),
    case("meet my guests", "Porto", "pt-keys"),
    # -- vehicles ------------------------------------------------------------------------------
    case("mechanic", "Toronto", "ca-mech"),
    case("oil change", "Toronto", "ca-mech"),
    case("brakes", "Toronto", "ca-mech"),
    case("car repair", "Chicago", "us-mech"),
    case("flat tire on my ebike", "New York", "us-bike"),
    case("bike repair", "Brooklyn", "us-bike"),
    # -- photos, places to work, savings, training ---------------------------------------------
    case("photographer", "Miami", "us-photo"),
    case("pictures of my listing", "Nice", "fr-photo"),
    case("photos", "Bordeaux", "fr-photo"),
    case("desk", "Berlin", "de-desk"),
    case("somewhere to work", "Berlin", "de-desk"),
    case("bathroom break", "Chicago", "us-lounge"),
    case("gas discount", "Dallas", "us-fuel"),
    case("cheaper petrol", "Phoenix", "us-fuel"),
    case("pension", "Leeds", "uk-pension"),
    case("retirement savings", "Cardiff", "uk-pension"),
    case("first aid course for dog walkers", "Boston", "us-course"),
    case("food hygiene", "Birmingham", "uk-course"),
    case("certificate to cook at home", "Leeds", "uk-course"),
]


def _rows() -> tuple[list[SimpleNamespace], dict[int, str]]:
    start = datetime(2025, 1, 1)
    vendor = SimpleNamespace(name="Judged Offers", serves_remotely=True, updated_at=start)
    rows, keys = [], {}
    for n, (key, (category, title, description, places)) in enumerate(OFFERS.items(), 1):
        areas = [resolve_place(place) for place in places]
        rows.append(SimpleNamespace(
            id=n, title=title, description=description, category=category, vendor=vendor,
            platforms=[], areas=areas, price_amount=None, price_currency=None,
            price_on_quote=True, updated_at=start, created_at=start + timedelta(minutes=n)))
        keys[n] = key
    return rows, keys


@dataclass(frozen=True)
class Outcome:
    case: Case
    ranked: tuple[str, ...]  # the first three results' keys

    @property
    def right(self) -> bool:
        return bool(self.ranked) and self.ranked[0] in self.case.right


def run_suite(folder: Path) -> list[Outcome]:
    """Index the judged offers in `folder` and search every case."""
    rows, keys = _rows()
    search_index = OfferIndex(folder / "offers")
    search_index.rebuild_from(documents_for(rows))
    outcomes = []
    for judged in CASES:
        place = resolve_place(judged.place)
        filters = OfferFilters(words=judged.words, country_code=place.country_code,
                               place_name=None if place.kind == "country" else place.name)
        ids, _ = find_offer_ids(search_index, filters, 1, 3)
        outcomes.append(Outcome(judged, tuple(keys[i] for i in ids)))
    return outcomes


def share_ranked_right(outcomes: list[Outcome]) -> float:
    return sum(o.right for o in outcomes) / len(outcomes)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        outcomes = run_suite(Path(folder))
    for outcome in outcomes:
        if not outcome.right:
            print(f"miss: {outcome.case.words!r} in {outcome.case.place}: "
                  f"got {list(outcome.ranked) or 'nothing'}, "
                  f"right: {sorted(outcome.case.right)}")
    right = sum(o.right for o in outcomes)
    print(f"Marketplace needs suite: {right} of {len(outcomes)} cases ranked right "
          f"({share_ranked_right(outcomes):.1%}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
