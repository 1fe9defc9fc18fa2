"""What the virtual users do: browse and search, sign up, log in, review, list offers.

Each step goes through the site's real pages and forms (CSRF included), and every write the
server accepts is written down in the Ledger for the checks.
"""

import random
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench.queries import QUERIES
from loadtest.client import VirtualUser
from loadtest.ledger import AcceptedOffer, AcceptedReview, Ledger
from loadtest.pages import OFFER_PAGE, confirmation_link, offer_id, review_saved
from peers.ratings.models import DIMENSIONS, ISSUE_TAGS, TENURES

OFFER_WORDS = ("tax", "insurance", "cleaning", "legal help", "bookkeeping", "photography")


class Mailbox:
    """The confirmation links in the file mail backend's folder, read once each."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.links: dict[str, str] = {}
        self.read: set[str] = set()

    def link_for(self, email: str) -> str | None:
        if email not in self.links and self.folder.is_dir():
            for path in sorted(self.folder.glob("*.eml")):
                if path.name not in self.read:
                    self.read.add(path.name)
                    found = confirmation_link(path.read_bytes())
                    if found:
                        self.links[found[0]] = found[1]
        return self.links.get(email)


@dataclass
class Context:
    """What every virtual user shares: the site's platforms, the mail folder, the ledger."""

    base: str
    run: str  # the run's token: in every email and offer title it creates
    platforms: dict[str, str]  # slug -> name, active platforms only
    mailbox: Mailbox
    ledger: Ledger

    @property
    def email_prefix(self) -> str:
        """What the email of every account the run creates starts with."""
        return f"lt-{self.run}-"

    def email(self, who: str) -> str:
        return f"{self.email_prefix}{who}@loadtest.example.com"


# -- reading -----------------------------------------------------------------------------------
def _browse_paths(ctx: Context, rng: random.Random) -> list[tuple[str, str, int]]:
    """(kind, path, weight) of the read-only requests, with this draw's arguments."""
    query = rng.choice(QUERIES)
    word = rng.choice(OFFER_WORDS)
    return [
        ("discover", query.url(), 30),
        ("api discover", "/api/v1/discover?" + urlencode({"q": query.text}), 6),
        ("platform page", f"/platforms/{rng.choice(list(ctx.platforms))}", 24),
        ("platforms", f"/platforms?page={rng.randint(1, 3)}", 8),
        ("offer search", "/marketplace?" + urlencode({"q": word}), 12),
        ("api offers", "/api/v1/offers?" + urlencode({"q": word}), 6),
    ]


async def browse(user: VirtualUser, ctx: Context, rng: random.Random) -> None:
    """One read-only page, drawn from the mix."""
    choices = _browse_paths(ctx, rng)
    kind, path, _ = rng.choices(choices, weights=[w for *_, w in choices])[0]
    await user.get(kind, path)


# -- accounts ----------------------------------------------------------------------------------
async def sign_up(user: VirtualUser, email: str, password: str, vendor: bool = False) -> None:
    """Send the sign-up form; it logs nobody in (the emailed link or the login form does)."""
    data = {"email": email, "display_name": "", "password": password, "confirm": password}
    if vendor:
        data["offers_services"] = "y"
    await user.submit("sign-up", "/account/signup", data)


async def confirm(user: VirtualUser, ctx: Context, email: str) -> bool:
    """Open the link of the confirmation email; False when no such email was written."""
    link = ctx.mailbox.link_for(email)
    if link is None:
        return False
    await user.get("confirm email", link.removeprefix(ctx.base), expect=(302,))
    return True


async def log_in(user: VirtualUser, email: str, password: str) -> None:
    await user.submit("login", "/account/login", {"email": email, "password": password})


async def log_out(user: VirtualUser) -> None:
    await user.submit("logout", "/account", {}, post_path="/account/logout")


# -- reviews -----------------------------------------------------------------------------------
def review_form(rng: random.Random) -> dict:
    """A plausible review; sometimes with an earnings report."""
    overall = rng.randint(1, 5)
    data = {"overall": overall, "would_recommend": "yes" if overall >= 4 else "no",
            "tenure": rng.choice(list(TENURES)), "still_active": rng.choice(("yes", "no")),
            "pros": "Flexible hours.", "cons": "Fees are high.", "city": "",
            "issues": rng.sample(sorted(ISSUE_TAGS), rng.randint(0, 2))}
    data.update({d: min(5, max(1, overall + rng.randint(-1, 1))) for d in DIMENSIONS})
    if rng.random() < 0.3:
        data.update(gross_pay=str(rng.randint(100, 900)), currency="USD", period="week",
                    hours_worked=str(rng.randint(5, 40)), expenses=str(rng.randint(0, 90)))
    return data


async def write_review(user: VirtualUser, ctx: Context, rng: random.Random, email: str) -> None:
    """Review a random platform (a second review of one is an edit) and note what was saved."""
    slug = rng.choice(list(ctx.platforms))
    data = review_form(rng)
    await user.submit("review", f"/platforms/{slug}/review", data, leads_to=review_saved(slug))
    ctx.ledger.reviews.append(AcceptedReview(email, slug, data["overall"]))


# -- offers ------------------------------------------------------------------------------------
def offer_form(ctx: Context, rng: random.Random, word: str) -> dict:
    return {"category": "tax", "title": f"Tax returns for gig workers {word}",
            "description": "We file your return and track your expenses.",
            "price_kind": "quote", "how_to_get": "https://tax.loadtest.example.com",
            "places": "United States",
            "platforms": rng.sample(list(ctx.platforms), 2)}


def _word(ctx: Context) -> str:
    return f"lt{ctx.run}{secrets.token_hex(4)}"  # hex: no stemmer trims it


async def become_vendor(user: VirtualUser, ctx: Context, email: str, password: str) -> None:
    await sign_up(user, email, password, vendor=True)
    await log_in(user, email, password)
    await user.submit("vendor profile", "/marketplace/vendor", {
        "name": f"Loadtest Tax {ctx.run} {email[:12]}", "description": "Tax help.",
        "website": "", "serves_remotely": "y", "places": ""})


async def list_offer(user: VirtualUser, ctx: Context, rng: random.Random, email: str) -> None:
    word = _word(ctx)
    response = await user.submit("list offer", "/marketplace/vendor/offers/new",
                                 offer_form(ctx, rng, word), leads_to=OFFER_PAGE)
    listed = offer_id(response.headers["location"])
    ctx.ledger.offers[listed] = AcceptedOffer(listed, email, word)


async def edit_offer(user: VirtualUser, ctx: Context, rng: random.Random,
                     offer: AcceptedOffer) -> None:
    """Retitle an offer: search must then find it by the new word only."""
    word = _word(ctx)
    path = f"/marketplace/vendor/offers/{offer.offer_id}/edit"
    await user.submit("edit offer", path, offer_form(ctx, rng, word))
    offer.retired.append(offer.word)
    offer.word = word
