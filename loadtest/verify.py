"""After the load: compare what was accepted, what the database holds and what the site shows."""

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import sqlalchemy as sa

from loadtest import checks, database
from loadtest.ledger import Ledger
from loadtest.pages import ShownRating, discover_ratings
from loadtest.scenarios import Context
from peers.config import Defaults

MIN_REVIEWS_TO_SHOW = Defaults.MIN_REVIEWS_TO_SHOW  # the run does not change it
RESULTS_STATS_SECONDS = Defaults.RESULTS_STATS_SECONDS  # nor this


@dataclass(frozen=True)
class Check:
    name: str
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


async def _shown_on_discover(http: httpx.AsyncClient, platforms: dict[str, str],
                             slugs: set[str]) -> tuple[dict[str, ShownRating], list[str]]:
    """Search /discover by each platform's name; the rating its result card shows."""
    shown, missing = {}, []
    for slug in sorted(slugs):
        page = await http.get("/discover?" + urlencode({"q": platforms[slug]}))
        found = discover_ratings(page.text).get(slug)
        if page.status_code != 200 or found is None:
            missing.append(f"/discover?q={platforms[slug]!r} ({page.status_code}) does not "
                           f"list {slug}")
        else:
            shown[slug] = found
    return shown, missing


async def _shown_by_api(http: httpx.AsyncClient, slugs: set[str]) -> dict[str, ShownRating]:
    shown = {}
    for slug in sorted(slugs):
        body = (await http.get(f"/api/v1/platforms/{slug}/ratings")).json()
        shown[slug] = ShownRating(body["review_count"], body["average"])
    return shown


async def _offer_hits(http: httpx.AsyncClient, words: set[str]) -> dict[str, list[int]]:
    hits = {}
    for word in sorted(words):
        body = (await http.get("/api/v1/offers?" + urlencode({"q": word, "per_page": 100}))).json()
        hits[word] = sorted(offer["id"] for offer in body["offers"])
    return hits


async def offer_checks(http: httpx.AsyncClient, ledger: Ledger, wait: float) -> list[Check]:
    """Offers found by search, at once and after every worker had time to catch up."""
    offers = list(ledger.offers.values())
    words = {o.word for o in offers} | {w for o in offers for w in o.retired}
    at_once = checks.offer_problems(offers, await _offer_hits(http, words))
    problems, deadline = at_once, time.monotonic() + wait
    while problems and time.monotonic() < deadline:
        await asyncio.sleep(1)
        problems = checks.offer_problems(offers, await _offer_hits(http, words))
    return [Check(f"offer search finds each of {len(offers)} listed offers exactly once, and "
                  f"none by a replaced title (at once: {len(at_once)} problem(s); "
                  f"after up to {wait:.0f} s for catching up: {len(problems)})", problems)]


async def search_checks(http: httpx.AsyncClient, platforms: dict[str, str],
                        slugs: set[str], counted: dict, wait: float) -> list[Check]:
    """Ratings on /discover (each worker keeps them up to RESULTS_STATS_SECONDS: at once, and
    after up to `wait` s) and through the API (always read from the database)."""

    async def discover_problems() -> list[str]:
        on_discover, missing = await _shown_on_discover(http, platforms, slugs)
        return missing + checks.shown_problems("/discover", on_discover, counted,
                                               MIN_REVIEWS_TO_SHOW)

    at_once = await discover_problems()
    problems, deadline = at_once, time.monotonic() + wait
    while problems and time.monotonic() < deadline:
        await asyncio.sleep(1)
        problems = await discover_problems()
    by_api = await _shown_by_api(http, slugs)
    return [
        Check(f"/discover shows the database's rating for {len(slugs)} reviewed platforms "
              f"(at once: {len(at_once)} problem(s); after up to {wait:.0f} s for every "
              f"worker's kept ratings to expire: {len(problems)})", problems),
        Check("/api/v1/platforms/<slug>/ratings agrees with the database",
              checks.shown_problems("the API", by_api, counted, MIN_REVIEWS_TO_SHOW)),
    ]


async def verify(server: str, engine: sa.Engine, ctx: Context,
                 catchup_wait: float) -> list[Check]:
    """Every check of the run, in the order they are printed."""
    ledger = ctx.ledger
    rows = database.reviews_by(engine, ctx.email_prefix)
    counted = database.counted_reviews(engine)
    result = [
        Check("no 5xx answer", checks.server_errors(ledger.samples)),
        Check("no unexpected answer (4xx, timeout)", checks.unexpected_answers(ledger.samples)),
        Check(f"each of {len({(r.email, r.slug) for r in ledger.reviews})} accepted reviews is "
              f"in the database exactly once", checks.review_problems(ledger.reviews, rows)),
        Check("each platform's review count and star distribution equal its counted rows",
              checks.aggregate_problems(database.stored_summaries(engine), counted)),
    ]
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        result += await search_checks(http, ctx.platforms, {r.slug for r in ledger.reviews},
                                      counted, wait=RESULTS_STATS_SECONDS + 2)
        result += await offer_checks(http, ledger, catchup_wait)
    return result
