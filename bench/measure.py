"""Timing helpers: warm-up, repeated calls within a time budget, nearest-rank percentiles."""

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Timing:
    """Milliseconds per call: the median, the 95th percentile, and how many calls were timed."""

    p50: float
    p95: float
    samples: int

    @classmethod
    def of(cls, ms: Sequence[float], **more: Any) -> Self:
        """The timing of these calls, with the subclass's own fields in `more`."""
        return cls(percentile(ms, 50), percentile(ms, 95), len(ms), **more)


def _warm_up(call: Callable[[Any], object], items: list, passes: int, budget_s: float) -> float:
    """Up to `passes` untimed passes, cut short after `budget_s`; returns seconds per call."""
    started, calls = time.perf_counter(), 0
    for _ in range(passes):
        for item in items:
            call(item)
            calls += 1
            if time.perf_counter() - started > budget_s:
                return (time.perf_counter() - started) / calls
    return (time.perf_counter() - started) / max(calls, 1)


def latencies(call: Callable[[Any], object], items: Iterable[Any], rounds: int,
              warmup: int, budget_s: float = 30.0) -> list[float]:
    """Milliseconds per call over up to `rounds` passes of `items` after a warm-up; fewer
    passes (at least one) when the warm-up says more would take longer than `budget_s`."""
    items = list(items)
    per_call = _warm_up(call, items, warmup, budget_s / 4) if warmup else 0.0
    if per_call:
        rounds = max(1, min(rounds, int(budget_s / (per_call * len(items)))))
    out = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            call(item)
            out.append((time.perf_counter() - started) * 1000)
    return out


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "n/a"
