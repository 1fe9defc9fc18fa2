"""What the marketplace calls things for people: short category names, who works where."""

from peers.marketplace.models import OFFER_CATEGORIES

# For links such as "Tax help for Airbnb hosts": three long names are shortened.
SHORT_LABELS = {**OFFER_CATEGORIES, "tax": "Tax help", "accounting": "Accounting",
                "cleaning": "Cleaning"}

# What the people who earn on a platform of each discovery category are called.
WORKER_NOUNS = {
    "car-sharing": "hosts",
    "care": "caregivers",
    "carpooling": "drivers",
    "delivery": "couriers",
    "equipment-rental": "owners",
    "food-experiences": "hosts",
    "freelance-online": "freelancers",
    "home-sharing": "hosts",
    "moving-and-hauling": "movers",
    "pet-care": "sitters",
    "ridesharing": "drivers",
    "selling-goods": "sellers",
    "space-rental": "hosts",
    "tasks-and-home-services": "taskers",
    "tours-and-experiences": "guides",
    "tutoring-and-teaching": "tutors",
}


def worker_noun(category_slug: str | None) -> str:
    """"hosts" for a home-sharing platform, "drivers" for ridesharing; else "workers"."""
    return WORKER_NOUNS.get(category_slug or "", "workers")


def help_for(category: str, platform_name: str, category_slug: str | None) -> str:
    """"Tax help for Airbnb hosts"."""
    label = SHORT_LABELS.get(category, category)
    return f"{label} for {platform_name} {worker_noun(category_slug)}"
