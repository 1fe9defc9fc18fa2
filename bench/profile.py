"""cProfile of the matcher over the query set: where the time goes in peers/ and Whoosh."""

import cProfile
import io
import pstats
from collections.abc import Callable, Sequence
from typing import Any


def profile_calls(call: Callable[[Any], object], items: Sequence[Any], rounds: int,
                  top: int = 25) -> str:
    """What match_platforms calls (cumulative), then the `top` functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for item in items:
            call(item)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_callees(r"\(match_platforms\)")
    stats.sort_stats("tottime").print_stats(top)
    return "\n".join(line for line in out.getvalue().splitlines() if line.strip())
