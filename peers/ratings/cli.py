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
PROS = ["You choose your own hours.", "Pay arrives every week.", "Easy to start.",
        "Most customers are friendly.", "Good extra money at weekends.",
        "The app is simple to use.", "Tips can be generous.", "Work close to home."]
CONS = ["Fees take a big share.", "Support answers slowly.", "Quiet weeks pay very little.",
        "Unpaid waiting between jobs.", "Customer ratings can be unfair.",
        "Fuel and equipment costs add up.", "Rules change without warning."]


@dataclass(frozen=True)
class Character:
    """How a synthetic platform tends to be rated: a mean, per-aspect offsets, likely issues."""

    quality: float
    offsets: dict[str, float]
    issues: dict[str, float]
    pay_factor: float


def _character(rng: random.Random) -> Character:
    typical = rng.sample(sorted(ISSUE_TAGS), 2)
    return Character(
        quality=rng.uniform(2.0, 4.5),
        offsets={d: rng.uniform(-0.9, 0.9) for d in DIMENSIONS},
        issues={t: (rng.uniform(0.3, 0.65) if t in typical else 0.04) for t in ISSUE_TAGS},
        pay_factor=rng.uniform(0.6, 1.3),
    )


def _stars(value: float) -> int:
    return min(5, max(1, round(value)))


def _earnings(rng: random.Random, platform: Platform, character: Character) -> dict:
    country = rng.choice(platform.regions or ["US"])
    currency = "EUR" if country in EURO else CURRENCIES.get(country, "USD")
    claim = platform.advertised_pay or {}
    if claim.get("per") == "hour" and claim.get("amount") and claim.get("currency") == currency:
        hourly = claim["amount"] * rng.uniform(0.55, 0.95)  # workers earn less than the advert
    else:
        hourly = HOURLY.get(currency, 19) * character.pay_factor * rng.uniform(0.7, 1.3)
    hours = rng.randint(5, 45)
    gross = Decimal(str(round(hourly * hours, 2)))
    expenses = (gross * Decimal(str(round(rng.uniform(0, 0.3), 2)))).quantize(Decimal("0.01"))
    return {"gross_pay": gross, "currency": currency, "period": "week",
            "hours_worked": Decimal(hours), "expenses": expenses}


def _city(rng: random.Random, platform: Platform) -> str:
    cities = [c for code in platform.regions for c in CITIES.get(code, ())]
    return rng.choice(cities) if cities and rng.random() < 0.7 else ""


def demo_review(rng: random.Random, platform: Platform, character: Character) -> ReviewData:
    """One synthetic review of the platform, true to its character."""
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
        pros=f"{DEMO_LABEL} {rng.choice(PROS)}",
        cons=rng.choice(CONS),
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
    platforms = discovery_queries.platforms_in_slug_order(active_only=True, with_regions=True)
    if not platforms:
        raise click.ClickException(
            "The catalog is empty: load it first with `flask peers init`.")
    return list(platforms)


def _plan(rng: random.Random, platforms: list[Platform], count: int) -> dict[int, list[int]]:
    """Which demo workers review which platform: a few platforms get most reviews."""
    order = rng.sample(platforms, len(platforms))
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(order))]
    per_platform: dict[int, int] = {}
    for platform in rng.choices(order, weights=weights, k=count):
        per_platform[platform.id] = per_platform.get(platform.id, 0) + 1
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
            character = _character(rng)
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
