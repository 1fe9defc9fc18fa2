"""The printed tables: figures, ratios to their baselines, targets met or missed."""

import os
import platform
import sqlite3
from datetime import UTC, datetime
from importlib.metadata import version

from bench.measure import ratio
from bench.queries import QUERIES
from bench.synthetic import SEED

HTTP_TARGET = 0.30  # /discover at least 30% of the floor's requests per second
LOAD_AT_START = os.getloadavg()[0]  # other work on the machine skews every absolute figure


def _met(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def header() -> str:
    return (f"Peers benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, "
            f"{platform.system()} {platform.machine()}, Python {platform.python_version()}, "
            f"Whoosh {version('whoosh-reloaded')}, SQLite {sqlite3.sqlite_version}\n"
            f"Load average (1 min): {LOAD_AT_START:.2f} at start, {os.getloadavg()[0]:.2f} now")


def _build_table(results) -> None:
    print("\n1. Index build: SearchIndex.rebuild, documents/s (median of the rebuilds);"
          "\n   baseline: FTS5 table built from the same documents")
    print(f"{'catalog':<24}{'docs':>7}{'whoosh doc/s':>14}{'fts5 doc/s':>12}{'fts5/whoosh':>13}")
    for r in results:
        fts = f"{r.fts_build_rate:,.0f}" if r.fts_build_rate else "n/a"
        print(f"{r.name:<24}{r.docs:>7,}{r.build_rate:>14,.0f}{fts:>12}"
              f"{ratio(r.fts_build_rate, r.build_rate):>13}")


def _target(r) -> tuple[str, str]:
    if r.target_p95_ms is None:
        return "-", ""
    return f"p95 < {r.target_p95_ms:g} ms", _met(r.whoosh.p95 < r.target_p95_ms)


def _latency_table(results, warmup: int) -> None:
    print(f"\n2-3. Latency in ms over {len(QUERIES)} queries (n = timed calls, after {warmup} "
          "warm-up pass(es)):\n     match_platforms(limit=20) vs FTS5 "
          "(OR of words, bm25, LIMIT 20)")
    print(f"{'catalog':<24}{'whoosh p50':>11}{'p95':>8}{'n':>5}{'hits':>6}{'fts5 p50':>10}"
          f"{'p95':>7}{'hits':>6}{'ratio p50':>10}{'p95':>8}  {'target':<15}")
    for r in results:
        w, f = r.whoosh, r.fts
        fts = f"{f.p50:>10.3f}{f.p95:>7.3f}{f.hits:>6.1f}" if f else f"{'n/a':>23}"
        target, met = _target(r)
        print(f"{r.name:<24}{w.p50:>11.2f}{w.p95:>8.2f}{w.samples:>5}{w.hits:>6.1f}{fts}"
              f"{ratio(w.p50, f and f.p50):>10}{ratio(w.p95, f and f.p95):>8}  {target:<15}{met}")
    print("   hits: mean results per query; ratio: Whoosh / FTS5 (how many times slower)")


def print_tables(results, warmup: int, note: str | None) -> None:
    print(header())
    print(f"Synthetic catalogs: seed {SEED}; queries: bench/queries.py")
    if note:
        print(f"NOTE: {note}")
    _build_table(results)
    _latency_table(results, warmup)


def print_http(figures) -> None:
    if figures is None:
        return
    floor, discover, queries, seconds = figures
    share = discover.rps / floor.rps if floor.rps else 0.0
    print(f"\n4. HTTP: gunicorn, 2 workers, real catalog; wrk 1 thread, 4 connections, "
          f"{seconds} s per URL, 127.0.0.1")
    print(f"{'url':<34}{'req/s':>9}{'p50 ms':>9}{'requests':>10}{'errors':>8}{'of floor':>10}")
    for name, r in (("/_bench/floor (constant)", floor),
                    (f"/discover ({queries} queries rotated)", discover)):
        p50 = f"{r.p50_ms:.2f}" if r.p50_ms is not None else "n/a"
        print(f"{name:<34}{r.rps:>9,.1f}{p50:>9}{r.requests:>10,}{r.errors:>8}"
              f"{r.rps / floor.rps if floor.rps else 0:>10.1%}")
    print(f"target: /discover >= {HTTP_TARGET:.0%} of the floor: {_met(share >= HTTP_TARGET)}")
