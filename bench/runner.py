"""One catalog's figures: index build rate, matcher and FTS5 latency."""

import re
import statistics
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask

from bench import fts5
from bench.measure import Timing, latencies
from bench.profile import profile_calls
from bench.queries import QUERIES
from bench.site import build_site
from peers.discovery.catalog import Catalog
from peers.discovery.matcher import WorkerProfile, match_platforms
from peers.discovery.places import PlaceNotFound, resolve_place
from peers.discovery.search import get_index
from peers.extensions import db

LIMIT = 20


@dataclass(frozen=True)
class Case:
    name: str
    catalog: Catalog
    path: Path | None  # the catalog file, when it is one
    rebuilds: int
    target_p95_ms: float | None

    @property
    def slug(self) -> str:
        return re.sub(r"\W+", "-", self.name).strip("-")


@dataclass(frozen=True)
class Latency(Timing):
    hits: float  # mean results per query


@dataclass(frozen=True)
class Result:
    name: str
    docs: int
    build_rate: float  # documents per second, median of the rebuilds
    fts_build_rate: float | None
    whoosh: Latency
    whoosh_cpu: Latency  # the same calls in CPU time
    fts: Latency | None
    target_p95_ms: float | None


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


@cache
def profiles() -> tuple[WorkerProfile, ...]:
    """The query set as the form would hand it over (places resolved once, untimed)."""
    return tuple(WorkerProfile(q.text, q.assets, resolve_place(q.location) if q.location else None)
                 for q in QUERIES)


def _summary(ms: list[float], hits: float) -> Latency:
    return Latency.of(ms, hits=hits)


def _rebuild_rate(app: Flask, times: int) -> tuple[int, float]:
    rates, docs = [], 0
    with app.app_context():
        for _ in range(times):
            started = time.perf_counter()
            docs = get_index().rebuild(db.session)
            rates.append(docs / (time.perf_counter() - started))
            db.session.remove()
    return docs, statistics.median(rates)


def _matcher(app: Flask, rounds: int, warmup: int, budget_s: float) -> tuple[Latency, Latency]:
    """Wall-clock latency, and the CPU time of the same calls: other work on the machine
    stretches the first (a preempted call waits), hardly the second."""
    hits: dict[int, int] = {}
    cpu_ms: list[float] = []

    def call(i: int) -> None:
        started = time.process_time()
        hits[i] = len(match_platforms(profiles()[i], limit=LIMIT).matches)
        cpu_ms.append((time.process_time() - started) * 1000)

    with app.app_context():
        ms = latencies(call, range(len(QUERIES)), rounds, warmup, budget_s)
    mean_hits = statistics.mean(hits.values())
    return _summary(ms, mean_hits), _summary(cpu_ms[-len(ms):], mean_hits)  # the timed calls


def _fts(app: Flask, rebuilds: int, rounds: int, warmup: int):
    if not fts5.available():
        return None, None
    rates, conn = [], None
    for _ in range(rebuilds):
        if conn is not None:
            conn.close()
        conn, docs, seconds = fts5.build(app)
        rates.append(docs / seconds)
    hits: dict[int, int] = {}

    def call(i: int) -> None:
        hits[i] = len(fts5.search(conn, QUERIES[i].text, LIMIT))

    ms = latencies(call, range(len(QUERIES)), rounds, warmup)
    conn.close()
    return statistics.median(rates), _summary(ms, statistics.mean(hits.values()))


def run_case(case: Case, root: Path, rounds: int, warmup: int,
             budget_s: float) -> tuple[Result, Flask]:
    log(f"[{case.name}] loading {len(case.catalog.platforms):,} platforms into SQLite")
    profiles()
    app = build_site(root / case.slug, case.catalog, case.path)
    log(f"[{case.name}] index build x{case.rebuilds}")
    docs, rate = _rebuild_rate(app, case.rebuilds)
    log(f"[{case.name}] matcher latency, {len(QUERIES)} queries x up to {rounds} rounds")
    whoosh_ms, whoosh_cpu = _matcher(app, rounds, warmup, budget_s)
    log(f"[{case.name}] FTS5 baseline")
    fts_rate, fts_ms = _fts(app, case.rebuilds, rounds, warmup)
    return Result(case.name, docs, rate, fts_rate, whoosh_ms, whoosh_cpu, fts_ms,
                  case.target_p95_ms), app


def profile_case(app: Flask) -> str:
    """One profiled pass over every 4th query (the latency run has warmed everything up)."""
    with app.app_context():
        return profile_calls(lambda p: match_platforms(p, limit=LIMIT), profiles()[::4], 1)


PLACE_TEXTS = ("Paris", "Lyon, France", "KR", "Austin, TX", "Bavaria", "asdfgh")


def place_lookups(rounds: int, budget_s: float) -> Timing:
    """Warm lookups of what workers type as their place (the tables are built first, untimed)."""

    def lookup(text: str) -> None:
        try:
            resolve_place(text)
        except PlaceNotFound:
            pass

    lookup(PLACE_TEXTS[0])
    return Timing.of(latencies(lookup, PLACE_TEXTS, rounds, 1, budget_s))
