"""The ratings feature's `flask peers ...` commands; they call the same services as the views."""

import math
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

import click
import sqlalchemy as sa
from flask.cli import with_appcontext
from tqdm import tqdm

from peers.accounts import queries as accounts_queries
from peers.accounts import services as accounts_services
from peers.discovery import queries as discovery_queries
from peers.discovery.models import Platform
from peers.extensions import db
from peers.marketplace.demo import add_demo_marketplace
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS, TENURES, Review
from peers.ratings.services import ReviewData, save_review

DEMO_LABEL = "[Demo data]"
DEMO_EMAIL = "demo-worker-{}@example.invalid"  # .invalid: no message can ever be delivered
DEMO_NAME = "Demo worker {}"
EURO = {"AT", "BE", "DE", "ES", "FI", "FR", "GR", "HR", "IE", "IT", "LT", "NL", "PT", "SK"}
CURRENCIES = {"US": "USD", "GB": "GBP", "CA": "CAD", "AU": "AUD", "JP": "JPY", "PL": "PLN",
              "MX": "MXN", "BR": "BRL", "SG": "SGD", "NZ": "NZD", "IN": "INR", "SE": "SEK",
              "NO": "NOK", "CZ": "CZK", "HU": "HUF", "RO": "RON"}
# A plausible gross hourly rate for gig work in each currency (before the platform's character).
HOURLY = {"USD": 19, "EUR": 15, "GBP": 14, "CAD": 21, "AUD": 27, "JPY": 1400, "PLN": 38,
          "MXN": 95, "BRL": 28, "SGD": 16, "NZD": 24, "INR": 180, "SEK": 170, "NOK": 190,
          "CZK": 260, "HUF": 3200, "RON": 45}
CITIES = {"US": ["Austin", "Chicago", "Atlanta", "Denver", "Seattle"],
          "GB": ["London", "Leeds", "Bristol", "Glasgow"], "CA": ["Toronto", "Montreal"],
          "FR": ["Paris", "Lyon", "Lille"], "DE": ["Berlin", "Hamburg", "Munich"],
          "ES": ["Madrid", "Barcelona", "Valencia"], "IT": ["Milan", "Rome"],
          "AU": ["Sydney", "Melbourne"], "JP": ["Tokyo", "Osaka"]}
# Platforms a visitor is likely to open first: household names in their markets. A judgement
# for synthetic data only (never shown as a fact); each gets about BIG_WEIGHT times the demo
# reviews of a smaller platform, so its page has enough reviews to show aggregates.
WELL_KNOWN = {"airbnb", "vrbo", "turo", "uber", "lyft", "bolt", "grab", "didi", "uber-eats",
              "doordash", "grubhub", "deliveroo", "wolt", "glovo", "instacart", "amazon-flex",
              "rover", "taskrabbit", "fiverr", "upwork", "etsy", "ebay", "vinted", "blablacar",
              "care-com", "mechanical-turk"}
BIG_WEIGHT = 6
# What a week looks like by kind of work: (hours low, high), pay per hour against HOURLY,
# and the share of gross spent on costs (fuel, cleaning, fees to others, goods).
WORK = {
    "ridesharing": ((15, 45), 1.0, (0.2, 0.35)),
    "delivery": ((10, 40), 0.9, (0.1, 0.3)),
    "home-sharing": ((4, 15), 2.2, (0.15, 0.3)),
    "car-sharing": ((2, 8), 2.5, (0.1, 0.25)),
    "space-rental": ((1, 5), 2.5, (0.0, 0.1)),
    "equipment-rental": ((1, 5), 2.0, (0.0, 0.1)),
    "pet-care": ((8, 30), 0.9, (0.0, 0.05)),
    "care": ((10, 40), 1.0, (0.0, 0.05)),
    "freelance-online": ((10, 40), 1.3, (0.0, 0.1)),
    "tutoring-and-teaching": ((5, 25), 1.2, (0.0, 0.05)),
    "selling-goods": ((5, 20), 0.8, (0.2, 0.45)),
    "microtasks": ((3, 20), 0.45, (0.0, 0.0)),
    "tasks-and-home-services": ((8, 35), 1.2, (0.05, 0.15)),
    "food-experiences": ((4, 12), 1.3, (0.25, 0.4)),
    "tours-and-experiences": ((5, 20), 1.2, (0.0, 0.1)),
    "moving-and-hauling": ((10, 35), 1.2, (0.15, 0.3)),
    "carpooling": ((2, 10), 0.6, (0.3, 0.5)),
}
DEFAULT_WORK = ((5, 40), 1.0, (0.0, 0.3))
# Pros and cons in the words of each kind of work; issue tags that kind of work reports.
TEXTS = {
    "ridesharing": (["Busy evenings pay well.", "I drive around school hours.",
                     "Riders are mostly polite."],
                    ["Fuel and car costs eat the fares.", "Unpaid waits in the airport queue.",
                     "Rates per mile keep dropping."],
                    ("deactivation", "pay-cut", "unsafe", "misleading-pay")),
    "delivery": (["Quick to start with a bike.", "Lunch and dinner peaks pay decently.",
                  "Restaurants are usually ready on time."],
                 ["Waits at restaurants are unpaid.", "Bad weather, same pay.",
                  "Tips vary a lot."],
                 ("deactivation", "pay-cut", "unsafe", "no-support")),
    "home-sharing": (["Guests have respected the flat.", "Payouts arrive a day after check-in.",
                      "Good income from a spare room."],
                     ["Cleaning between stays takes hours.", "Service fees keep rising.",
                      "One bad review hurts bookings."],
                     ("hidden-fees", "no-support", "late-pay")),
    "care": (["Families treat me with respect.", "Regular hours with the same family.",
              "Rewarding work with children."],
             ["Last-minute cancellations are unpaid.", "I paid for my own background check.",
              "Families offer less than the rate shown."],
             ("late-pay", "unsafe", "no-support")),
    "pet-care": (["Owners are glad of the help.", "Walking dogs keeps me fit.",
                  "Repeat clients every week."],
                 ["The platform's cut is large.", "Owners cancel at short notice.",
                  "A dog was aggressive and nobody warned me."],
                 ("hidden-fees", "no-support", "unsafe")),
    "freelance-online": (["Clients from many countries.", "I work from home on my schedule.",
                          "Good projects once you have reviews."],
                         ["Hard to win the first jobs.", "Fees on every invoice.",
                          "A client disappeared without paying."],
                         ("hidden-fees", "late-pay", "deactivation", "no-support")),
    "tutoring-and-teaching": (["Students are motivated.", "Lessons fit around my day.",
                               "I set my own rate."],
                              ["Preparing lessons is unpaid.", "No-shows are not paid.",
                               "Commission is high for new tutors."],
                              ("hidden-fees", "pay-cut", "no-support")),
    "selling-goods": (["Easy to list items from my phone.", "Buyers pay quickly.",
                       "Good for clearing out the wardrobe."],
                      ["Packing and posting take a lot of time.", "Fees add up on cheap items.",
                       "Buyers open disputes to get refunds."],
                      ("hidden-fees", "deactivation", "late-pay")),
    "microtasks": (["Tasks whenever I have a spare half hour.", "Paid on time.",
                    "Some studies are interesting."],
                   ["Pay per hour is very low.", "Screeners are not paid.",
                    "Work rejected without a reason."],
                   ("pay-cut", "deactivation", "misleading-pay")),
    "tasks-and-home-services": (["Customers book me again.", "I set my own rates.",
                                 "Jobs close to home."],
                                ["Travel between jobs is unpaid.", "Fees on every job.",
                                 "Customers add tasks on the spot."],
                                ("hidden-fees", "no-support", "unsafe")),
}
RENTING = (["It earns money while I do not use it.", "Renters have been careful.",
            "Bookings come regularly in summer."],
           ["Damage claims are slow.", "Cleaning and handover take time.",
            "Fees take a big share."],
           ("hidden-fees", "no-support", "late-pay"))
for _kind in ("car-sharing", "space-rental", "equipment-rental"):
    TEXTS[_kind] = RENTING
DEFAULT_TEXTS = (["You choose your own hours.", "Pay arrives every week.", "Easy to start.",
                  "Good extra money at weekends."],
                 ["Fees take a big share.", "Support answers slowly.",
                  "Quiet weeks pay very little."],
                 ("no-support", "hidden-fees", "pay-cut"))
BIG_MARKETS = ("US", "GB", "DE", "FR", "CA")  # a worldwide platform's demo reviewers


@dataclass(frozen=True)
class Character:
    """How a synthetic platform tends to be rated: a mean, per-aspect offsets, likely issues."""

    quality: float
    offsets: dict[str, float]
    issues: dict[str, float]
    pay_factor: float


def _kind(platform: Platform) -> str:
    return platform.category.slug if platform.category else ""


def _character(rng: random.Random, platform: Platform) -> Character:
    fitting = TEXTS.get(_kind(platform), DEFAULT_TEXTS)[2]
    typical = set(rng.sample(fitting, 2))
    return Character(
        quality=rng.uniform(2.0, 4.5),
        offsets={d: rng.uniform(-0.9, 0.9) for d in DIMENSIONS},
        # Only problems this kind of work has: no "unsafe" for an online marketplace of goods.
        issues={t: (rng.uniform(0.3, 0.65) if t in typical else 0.06 if t in fitting else 0.0)
                for t in ISSUE_TAGS},
        pay_factor=rng.uniform(0.75, 1.2),
    )


def _stars(value: float) -> int:
    return min(5, max(1, round(value)))


def _earnings(rng: random.Random, platform: Platform, character: Character) -> dict:
    regions = [code for code in platform.regions if code != "worldwide"] or list(BIG_MARKETS)
    country = rng.choice(regions)
    currency = "EUR" if country in EURO else CURRENCIES.get(country, "USD")
    (low, high), kind_factor, (cost_low, cost_high) = WORK.get(_kind(platform), DEFAULT_WORK)
    claim = platform.advertised_pay or {}
    if claim.get("per") == "hour" and claim.get("amount") and claim.get("currency") == currency:
        hourly = claim["amount"] * rng.uniform(0.55, 0.95)  # workers earn less than the advert
    else:
        hourly = (HOURLY.get(currency, 19) * kind_factor * character.pay_factor
                  * rng.uniform(0.8, 1.2))
    hours = rng.randint(low, high)
    gross = Decimal(str(round(hourly * hours)))  # people report whole amounts
    expenses = (gross * Decimal(str(round(rng.uniform(cost_low, cost_high), 2)))
                ).quantize(Decimal("1"))
    return {"gross_pay": gross, "currency": currency, "period": "week",
            "hours_worked": Decimal(hours), "expenses": expenses}


def _city(rng: random.Random, platform: Platform) -> str:
    codes = [c for c in platform.regions if c != "worldwide"] or list(BIG_MARKETS)
    cities = [c for code in codes for c in CITIES.get(code, ())]
    return rng.choice(cities) if cities and rng.random() < 0.7 else ""


def demo_review(rng: random.Random, platform: Platform, character: Character) -> ReviewData:
    """One synthetic review of the platform, true to its character."""
    texts = TEXTS.get(_kind(platform), DEFAULT_TEXTS)
    overall = _stars(rng.gauss(character.quality, 1.0))
    scale = (6 - overall) / 3  # unhappy workers report more problems
    issues = tuple(sorted(t for t, p in character.issues.items()
                          if rng.random() < min(0.95, p * scale)))
    report = _earnings(rng, platform, character) if rng.random() < 0.45 else {}
    return ReviewData(
        overall=overall,
        **{d: _stars(rng.gauss(overall + character.offsets[d], 0.7)) for d in DIMENSIONS},
        would_recommend=overall >= 4 or (overall == 3 and rng.random() < 0.35),
        tenure=rng.choices(list(TENURES), weights=[3, 4, 3, 1])[0],
        still_active=rng.random() < (0.8 if overall >= 3 else 0.45),
        pros=f"{DEMO_LABEL} {rng.choice(texts[0])}",
        cons=rng.choice(texts[1]),
        city=_city(rng, platform),
        issues=issues,
        **report,
    )


def _refuse_if_not_fresh() -> list[Platform]:
    if accounts_queries.user_by_email(DEMO_EMAIL.format(1)) is not None or db.session.scalar(
        sa.select(sa.func.count(Review.id)).where(Review.pros.startswith(DEMO_LABEL))
    ):
        raise click.ClickException(
            "Demo data is already on this site; nothing was added. "
            "It is meant for a fresh site and runs once.")
    # Currencies and cities come from the regions: load them with the platforms.
    platforms = [p for p in discovery_queries.platforms_in_slug_order(active_only=True,
                                                                     with_regions=True)
                 if p.earning]  # non-earning entries take no worker reviews
    if not platforms:
        raise click.ClickException(
            "The catalog is empty: load it first with `flask peers init`.")
    return list(platforms)


def review_counts(platforms: list[Platform], count: int) -> dict[int, int]:
    """How many demo reviews each platform gets: in proportion to its size (well-known ones
    BIG_WEIGHT times the others), whole numbers by largest remainder, so the biggest
    platforms always get their share and the total is exactly `count`."""
    weights = {p.id: BIG_WEIGHT if p.slug in WELL_KNOWN else 1 for p in platforms}
    total = sum(weights.values())
    shares = {pid: count * w / total for pid, w in weights.items()}
    counts = {pid: math.floor(share) for pid, share in shares.items()}
    rest = count - sum(counts.values())
    for pid in sorted(shares, key=lambda pid: (counts[pid] - shares[pid], pid))[:rest]:
        counts[pid] += 1
    return {pid: n for pid, n in counts.items() if n}


def _plan(rng: random.Random, platforms: list[Platform], count: int) -> dict[int, list[int]]:
    """Which demo workers review which platform (one review per worker and platform)."""
    per_platform = review_counts(platforms, count)
    workers = max(math.ceil(count / 3), max(per_platform.values()))
    return {pid: rng.sample(range(1, workers + 1), n) for pid, n in per_platform.items()}


@click.command("demo-data")
@click.option("--reviews", "count", default=300, show_default=True,
              type=click.IntRange(1, 100_000), help="How many demo reviews to write.")
@click.option("--seed", default=1, show_default=True, type=int,
              help="Random seed: the same seed writes the same reviews.")
@with_appcontext
def demo_data(count: int, seed: int):
    """Fill a fresh site with clearly labelled synthetic workers and reviews (once)."""
    platforms = _refuse_if_not_fresh()
    rng = random.Random(seed)
    plan = _plan(rng, platforms, count)
    workers = {}
    with tqdm(total=count, desc="Writing demo reviews", unit="review", disable=None) as bar:
        for platform in platforms:
            character = _character(rng, platform)
            for number in plan.get(platform.id, ()):
                if number not in workers:
                    workers[number] = accounts_services.create_user(
                        DEMO_EMAIL.format(number), secrets.token_urlsafe(32),
                        DEMO_NAME.format(number), role="worker", confirmed=True)
                save_review(workers[number], platform, demo_review(rng, platform, character))
                bar.update()
    offers = add_demo_marketplace(seed)
    db.session.commit()
    click.echo(
        f"Added {count} demo reviews by {len(workers)} demo workers on {len(plan)} platforms. "
        f"Each review's pros start with {DEMO_LABEL!r}; the workers are "
        f"{DEMO_EMAIL.format('N')}, with random passwords nobody is told.")
    click.echo(f"Added {offers} demo offers from sample vendors labelled [Demo].")


# Every command here is added to the `flask peers` group by peers.cli.
@click.command("purge-uploads")
@with_appcontext
def purge_uploads():
    """Delete pay statements kept longer than 30 days (run it daily, e.g. from cron)."""
    from peers.ratings import statements

    count = statements.purge()
    db.session.commit()
    click.echo(f"Deleted {count} pay statement file{'' if count == 1 else 's'}.")


commands: list[click.Command] = [demo_data, purge_uploads]
