"""The crowd: many concurrent virtual users, each a persona looping until the deadline.

Personas: visitors only read; reviewers (confirmed before the clock starts) log in and review;
newcomers sign up, review before and after confirming their email, and leave; vendors list and
retitle offers. Everyone reads between writes, as people do.
"""

import asyncio
import random
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from loadtest import scenarios
from loadtest.client import Unexpected, VirtualUser
from loadtest.scenarios import Context


@dataclass(frozen=True)
class Crowd:
    visitors: int
    reviewers: int
    newcomers: int
    vendors: int

    @classmethod
    def of(cls, users: int) -> "Crowd":
        """60% visitors, 20% reviewers, 10% newcomers, 10% vendors (at least one of each)."""
        writers = max(1, users // 10)
        reviewers = max(1, users // 5)
        return cls(users - reviewers - 2 * writers, reviewers, writers, writers)

    @property
    def size(self) -> int:
        return self.visitors + self.reviewers + self.newcomers + self.vendors


Persona = Callable[[VirtualUser, Context, random.Random, float], Awaitable[None]]


async def prepare_reviewers(ctx: Context, count: int) -> list[tuple[str, str]]:
    """Confirmed accounts made through the sign-up form and the emailed link, before the
    clock starts; their requests are not part of the figures."""
    accounts = []
    for number in range(count):
        user = VirtualUser(ctx.base, [])
        email, password = ctx.email(f"reviewer{number}"), secrets.token_urlsafe(18)
        try:
            await scenarios.sign_up(user, email, password)
            if not await scenarios.confirm(user, ctx, email):
                raise RuntimeError(f"no confirmation email was written for {email}")
        finally:
            await user.close()
        accounts.append((email, password))
    return accounts


async def visitor(user, ctx, rng, deadline) -> None:
    while time.monotonic() < deadline:
        await scenarios.browse(user, ctx, rng)


def reviewer(email: str, password: str) -> Persona:
    async def run(user, ctx, rng, deadline) -> None:
        await scenarios.log_in(user, email, password)
        while time.monotonic() < deadline:
            if rng.random() < 0.3:
                await scenarios.write_review(user, ctx, rng, email)
            else:
                await scenarios.browse(user, ctx, rng)
    return run


async def newcomer(user, ctx, rng, deadline) -> None:
    """Sign up, log in, review (not counted yet), maybe confirm and review again, log out;
    again."""
    number = 0
    while time.monotonic() < deadline:
        number += 1
        email = ctx.email(f"new{rng.getrandbits(32):08x}{number}")
        password = secrets.token_urlsafe(18)
        await scenarios.sign_up(user, email, password)
        await scenarios.log_in(user, email, password)
        await scenarios.write_review(user, ctx, rng, email)
        if rng.random() < 0.5 and await scenarios.confirm(user, ctx, email):
            await scenarios.write_review(user, ctx, rng, email)
        await scenarios.browse(user, ctx, rng)
        await scenarios.log_out(user)
        user.forget_session()


async def vendor(user, ctx, rng, deadline) -> None:
    email = ctx.email(f"vendor{rng.getrandbits(32):08x}")
    await scenarios.become_vendor(user, ctx, email, secrets.token_urlsafe(18))
    mine = []
    while time.monotonic() < deadline:
        draw = rng.random()  # mostly writes: they are what the index locking must withstand
        if draw < 0.4 or not mine:
            await scenarios.list_offer(user, ctx, rng, email)
            mine = [o for o in ctx.ledger.offers.values() if o.email == email]
        elif draw < 0.7:
            await scenarios.edit_offer(user, ctx, rng, rng.choice(mine))
        else:
            await scenarios.browse(user, ctx, rng)


async def _live(persona: Persona, ctx: Context, seed: int, deadline: float) -> None:
    """Run one persona; when a request goes wrong, note why and start the persona again."""
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        user = VirtualUser(ctx.base, ctx.ledger.samples)
        try:
            await persona(user, ctx, rng, deadline)
        except Unexpected as exc:
            ctx.ledger.stops.append(str(exc))
        finally:
            await user.close()


async def drive(ctx: Context, crowd: Crowd, seconds: float, seed: int = 1) -> float:
    """Load the site with the crowd for `seconds`; return the measured wall time."""
    accounts = await prepare_reviewers(ctx, crowd.reviewers)
    personas: list[Persona] = [visitor] * crowd.visitors + [reviewer(*a) for a in accounts]
    personas += [newcomer] * crowd.newcomers + [vendor] * crowd.vendors
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(_live(p, ctx, seed * 1000 + n, deadline)
                           for n, p in enumerate(personas)))
    return time.monotonic() - started
