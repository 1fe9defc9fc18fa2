"""Sample vendors and offers for a demonstration site, clearly labelled as such.

Every name starts with "[Demo]", every owner is demo-vendor-N@example.invalid (a domain that
can never receive mail) and every description says it is not a real business. They are
written through the same services as the pages, so they obey every rule. Flushes only: the
demo-data command commits.
"""

import random
import secrets
from decimal import Decimal

import sqlalchemy as sa

from peers.accounts import services as accounts_services
from peers.accounts.models import User
from peers.discovery import queries as discovery_queries
from peers.extensions import db
from peers.marketplace import services
from peers.marketplace.services import OfferData, VendorData

DEMO_EMAIL = "demo-vendor-{n}@example.invalid"
NOT_REAL = "Sample data for demonstration: this is not a real business and no offer is real."

WORLDWIDE = "worldwide"
# A business and its offers, as a worker would meet them: prices inside the range such help
# usually costs (low, high, in the vendor's currency; None: on quote), and the kinds of
# platform (discovery categories) whose workers the help is for.
VENDORS = [
    ("Harbour Tax Co.", True, ("United States",), "USD", [
        ("tax", "Tax returns for rideshare and delivery drivers",
         "We prepare your yearly return with mileage, phone and platform fees deducted.",
         (120, 260), ("ridesharing", "delivery")),
        ("accounting", "Quarterly estimated tax planning",
         "Four check-ins a year so that estimated payments never surprise you.",
         (150, 300), ("ridesharing", "delivery", "home-sharing")),
    ]),
    ("Fairway Legal Clinic", False, ("Austin, TX", "Texas"), "USD", [
        ("legal", "Deactivation appeals for app-based workers",
         "We help you answer a deactivation notice and gather the evidence that counts.",
         None, ("ridesharing", "delivery")),
        ("legal", "Short-term rental permit check",
         "We read your city's rules and tell you which permit your listing needs.",
         (90, 200), ("home-sharing",)),
    ]),
    ("Keel Insurance Brokers", True, ("United States", "Canada"), "USD", [
        ("insurance", "Commercial cover for peer-to-peer car sharing",
         "Cover for the gaps between a car-sharing platform's protection and your policy.",
         (60, 140), ("car-sharing",)),
        ("insurance", "Host liability insurance",
         "Liability cover for home-sharing hosts, including guests' injuries.",
         (20, 60), ("home-sharing",)),
    ]),
    ("Fresh Sheets Cleaning", False, ("Lisbon, Portugal", "Porto, Portugal"), "EUR", [
        ("cleaning", "Turnover cleaning between guests",
         "Linen change, restock and a photo report within two hours of checkout.",
         (25, 60), ("home-sharing",)),
        ("key-exchange", "Key handover for late arrivals",
         "We meet your guests at any hour and hand over the keys.",
         (15, 35), ("home-sharing",)),
    ]),
    ("Ledger and Lane Bookkeeping", True, ("United Kingdom",), "GBP", [
        ("accounting", "Self-assessment for gig workers",
         "Bookkeeping and your self-assessment return, from the platforms' statements.",
         (120, 300), ("delivery", "ridesharing", "freelance-online")),
    ]),
    ("Torque Mobile Mechanics", False, ("Toronto, Canada",), "CAD", [
        ("vehicle-maintenance", "Oil change at your curb",
         "A mechanic comes to you between shifts: oil, filters, tyres and a safety check.",
         (70, 130), ("ridesharing", "delivery")),
    ]),
    ("Atelier Lumière Photo", False, ("Paris, France", "Lyon, France"), "EUR", [
        ("photography", "Listing photos for hosts",
         "Bright, wide pictures of every room, ready for your listing within two days.",
         (120, 250), ("home-sharing", "space-rental")),
    ]),
    ("Quayside Training", True, ("United Kingdom", "Ireland"), "GBP", [
        ("training", "Food hygiene certificate for home cooks",
         "The level 2 course supper-club and cooking-class hosts are asked for, online.",
         (20, 40), ("food-experiences",)),
        ("training", "Pet first aid for sitters and walkers",
         "A half-day course with a certificate you can show owners.",
         (30, 70), ("pet-care",)),
    ]),
]


def _platforms() -> list:
    return list(discovery_queries.platforms_in_slug_order(active_only=True, with_regions=True))


def _owner(n: int) -> User:
    return accounts_services.create_user(
        DEMO_EMAIL.format(n=n), secrets.token_urlsafe(24), f"[Demo] vendor {n}", role="vendor",
        confirmed=True)


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    """A price as a business sets it: whole amounts, in fives above 50, halves below 20."""
    value = rng.uniform(low, high)
    step = 5 if value >= 50 else (1 if value >= 20 else 0.5)
    return (Decimal(str(round(value / step) * step))).quantize(Decimal("0.01"))


def fitting_platforms(platforms: list, kinds: tuple[str, ...],
                      countries: set[str]) -> list[str]:
    """Slugs of the platforms of these kinds that operate where the offer applies."""
    return [p.slug for p in platforms if p.category.slug in kinds
            and (WORLDWIDE in p.regions or countries & set(p.regions))]


def _offer(rng: random.Random, entry: tuple, currency: str, fitting: list[str]) -> OfferData:
    category, title, description, price_range, _kinds = entry
    quote = price_range is None
    return OfferData(
        category=category, title=f"[Demo] {title}", description=f"{description}\n\n{NOT_REAL}",
        how_to_get="https://example.invalid/demo",
        price_amount=None if quote else _price(rng, *price_range),
        price_currency=None if quote else currency, price_on_quote=quote,
        member_discount="10% off for Peers members" if rng.random() < 0.4 else "",
        platform_slugs=tuple(sorted(rng.sample(fitting, min(len(fitting), rng.randint(1, 3))))),
        pays_referral_fee=rng.random() < 0.3, is_sponsored=rng.random() < 0.2,
        platform_tie="Demo: partner of a platform" if rng.random() < 0.15 else "",
    )


def add_demo_marketplace(seed: int) -> int:
    """Add the sample vendors and their offers; how many offers (0 when they are there)."""
    first = DEMO_EMAIL.format(n=1)
    if db.session.scalar(sa.select(User.id).where(User.email == first)) is not None:
        return 0
    rng = random.Random(seed)
    platforms = _platforms()
    count = 0
    for n, (name, remote, places, currency, offers) in enumerate(VENDORS, start=1):
        owner = _owner(n)
        vendor = services.save_vendor(owner, VendorData(
            name=f"[Demo] {name}", description=NOT_REAL,
            website="https://example.invalid/demo", serves_remotely=remote, places=places))
        countries = {area.country_code for area in vendor.areas}
        for entry in offers:
            fitting = fitting_platforms(platforms, entry[4], countries)
            services.create_offer(owner, _offer(rng, entry, currency, fitting))
            count += 1
    return count
