"""Figures of a run: requests, throughput, p50/p95 latency per kind of request, statuses;
and the errors in the server log."""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loadtest.client import Sample

OVERALL = "all requests"
LOG_MARKERS = ("LockError", "ERROR", "CRITICAL", "WORKER TIMEOUT")
GUNICORN_PREFIX = re.compile(r"^\[[^]]*\] \[\d+\] ")


@dataclass(frozen=True)
class Line:
    kind: str
    requests: int
    per_second: float
    p50_ms: float
    p95_ms: float


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 -> p95) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def _line(kind: str, seconds: list[float], wall: float) -> Line:
    return Line(kind, len(seconds), len(seconds) / wall, 1000 * percentile(seconds, 0.5),
                1000 * percentile(seconds, 0.95))


def lines(samples: Iterable[Sample], wall: float) -> list[Line]:
    """One line per kind of request, busiest first, then the overall line."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample.seconds)
    every = [s for values in by_kind.values() for s in values]
    kinds = sorted(by_kind, key=lambda k: (-len(by_kind[k]), k))
    return [_line(k, by_kind[k], wall) for k in kinds] + ([_line(OVERALL, every, wall)]
                                                         if every else [])


def statuses(samples: Iterable[Sample]) -> Counter:
    """How many answers of each status (0: no answer)."""
    return Counter(s.status for s in samples)


def format_table(table: list[Line]) -> str:
    head = f"{'request':<18} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}"
    rows = [f"{x.kind:<18} {x.requests:>7} {x.per_second:>7.1f} {x.p50_ms:>8.0f} "
            f"{x.p95_ms:>8.0f}" for x in table]
    return "\n".join([head, *rows])


def format_statuses(counts: Counter) -> str:
    return ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(counts.items()))


def server_log_errors(log: Path) -> list[str]:
    """The server log's error lines (index locks, timeouts...), each traceback as its
    exception line; gunicorn's time and pid prefix removed, so that repeats group."""
    lines = iter(log.read_text(errors="replace").splitlines() if log.exists() else [])
    errors = []
    for line in lines:
        if "Traceback (most recent call last)" in line:
            # The exception is the first line after the indented frames.
            errors.append("Traceback: " + next((later for later in lines
                                                if later and not later[0].isspace()), "?"))
        elif any(marker in line for marker in LOG_MARKERS):
            errors.append(GUNICORN_PREFIX.sub("", line))
    return errors


def grouped(problems: list[str]) -> list[str]:
    """Each distinct problem once, in order of first appearance, with how often it came."""
    counts = Counter(problems)
    return [f"{problem} (x{counts[problem]})" if counts[problem] > 1 else problem
            for problem in counts]
