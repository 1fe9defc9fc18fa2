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

# (name, remote, places, [(category, title, description)])
VENDORS = [
    ("Harbour Tax Co.", True, ("United States",), [
        ("tax", "Tax returns for rideshare and delivery drivers",
         "We prepare your yearly return with mileage, phone and platform fees deducted."),
        ("accounting", "Quarterly estimated tax planning",
         "Four check-ins a year so that estimated payments never surprise you."),
    ]),
    ("Fairway Legal Clinic", False, ("Austin, TX", "Texas"), [
        ("legal", "Deactivation appeals for app-based workers",
         "We help you answer a deactivation notice and gather the evidence that counts."),
        ("legal", "Short-term rental permit check",
         "We read your city's rules and tell you which permit your listing needs."),
    ]),
    ("Keel Insurance Brokers", True, (), [
        ("insurance", "Commercial cover for peer-to-peer car sharing",
         "Cover for the gaps between a car-sharing platform's protection and your policy."),
        ("insurance", "Host liability insurance",
         "Liability cover for home-sharing hosts, including guests' injuries."),
    ]),
    ("Fresh Sheets Cleaning", False, ("Lisbon, Portugal", "Porto, Portugal"), [
        ("cleaning", "Turnover cleaning between guests",
         "Linen change, restock and a photo report within two hours of checkout."),
        ("key-exchange", "Key handover for late arrivals",
         "We meet your guests at any hour and hand over the keys."),
    ]),
    ("Ledger and Lane Bookkeeping", True, ("United Kingdom",), [
        ("accounting", "Self-assessment for gig workers",
         "Bookkeeping and your self-assessment return, from the platforms' statements."),
    ]),
    ("Torque Mobile Mechanics", False, ("Toronto, Canada",), [
        ("vehicle-maintenance", "Oil change at your curb",
         "A mechanic comes to you between shifts: oil, filters, tyres and a safety check."),
    ]),
]
CURRENCIES = {"Lisbon, Portugal": "EUR", "United Kingdom": "GBP", "Toronto, Canada": "CAD"}


def _platform_slugs() -> list[str]:
    return [p.slug for p in discovery_queries.platforms_in_slug_order(active_only=True)]


def _owner(n: int) -> User:
    return accounts_services.create_user(
        DEMO_EMAIL.format(n=n), secrets.token_urlsafe(24), f"[Demo] vendor {n}", role="vendor",
        confirmed=True)


def _offer(rng: random.Random, entry: tuple, currency: str, slugs: list[str]) -> OfferData:
    category, title, description = entry
    quote = category == "legal" and rng.random() < 0.5
    return OfferData(
        category=category, title=f"[Demo] {title}", description=f"{description}\n\n{NOT_REAL}",
        how_to_get="https://example.invalid/demo",
        price_amount=None if quote else Decimal(rng.randrange(0, 40000)) / 100,
        price_currency=None if quote else currency, price_on_quote=quote,
        member_discount="10% off for Peers members" if rng.random() < 0.4 else "",
        platform_slugs=tuple(rng.sample(slugs, min(len(slugs), rng.randint(1, 3)))),
        pays_referral_fee=rng.random() < 0.3, is_sponsored=rng.random() < 0.2,
        platform_tie="Demo: partner of a platform" if rng.random() < 0.15 else "",
    )


def add_demo_marketplace(seed: int) -> int:
    """Add the sample vendors and their offers; how many offers (0 when they are there)."""
    first = DEMO_EMAIL.format(n=1)
    if db.session.scalar(sa.select(User.id).where(User.email == first)) is not None:
        return 0
    rng = random.Random(seed)
    slugs = _platform_slugs()
    count = 0
    for n, (name, remote, places, offers) in enumerate(VENDORS, start=1):
        owner = _owner(n)
        services.save_vendor(owner, VendorData(
            name=f"[Demo] {name}", description=NOT_REAL,
            website="https://example.invalid/demo", serves_remotely=remote, places=places))
        currency = next((CURRENCIES[p] for p in places if p in CURRENCIES), "USD")
        for entry in offers:
            services.create_offer(owner, _offer(rng, entry, currency, slugs))
            count += 1
    return count
