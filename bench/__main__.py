"""`python -m bench [--quick] [--no-http] [--profile]`: every benchmark, printed as tables."""

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

from bench import http, offers, ratings
from bench.report import (
    print_end_load,
    print_http,
    print_offers,
    print_places,
    print_ratings,
    print_tables,
    print_targets,
)
from bench.runner import Case, log, place_lookups, profile_case, run_case
from bench.site import VOCABULARY, build_site, close_site, real_catalog
from bench.synthetic import synthetic_catalog


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="real catalog and 1,000 platforms only, fewer rounds, 3 s of HTTP,"
                             " 30 platform-page requests, 5,000 offers")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the matcher on the largest catalog")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk part")
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only this part (repeatable): " + ", ".join(PARTS))
    return parser.parse_args(argv)


PARTS = ("catalogs", "http", "ratings", "offers")


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through every `finally`: servers and temp dirs go


def cases(quick: bool) -> tuple[list[Case], str | None]:
    real, path, note = real_catalog()
    sizes = (1_000,) if quick else (1_000, 10_000)
    targets = {10_000: 25.0}
    found = [Case(f"real ({path.name})", real, path, 3 if quick else 5, 5.0)]
    found += [Case(f"synthetic {n:,}", synthetic_catalog(n, real, VOCABULARY), None,
                   1 if quick or n >= 10_000 else 2, targets.get(n)) for n in sizes]
    return found, note


def run(args: argparse.Namespace, root: Path) -> None:
    parts = set(args.only or PARTS)
    todo, note = cases(args.quick)
    if "catalogs" not in parts:
        todo = todo[:1]
    rounds, warmup, budget_s = (3, 1, 8.0) if args.quick else (10, 2, 30.0)
    results, profile = [], None
    for case in todo:
        if "catalogs" not in parts:
            results = []
            break
        result, app = run_case(case, root, rounds, warmup, budget_s)
        results.append(result)
        if args.profile and case is todo[-1]:
            log(f"[{case.name}] cProfile of the matcher")
            profile = profile_case(app)
        close_site(app)
    print_tables(results, warmup, note)
    if "catalogs" in parts:
        print_places(place_lookups(30 if args.quick else 100, budget_s))
    if not args.no_http and "http" in parts:
        print_http(http_figures(root, todo[0], 3 if args.quick else 10))
    if "ratings" in parts:
        print_ratings(platform_page(todo[0], root, 30 if args.quick else 100))
    if "offers" in parts:
        log(f"[offers] generating {5_000 if args.quick else 50_000:,} offers")
        print_offers(offers.run(root, todo[0].catalog, 5_000 if args.quick else 50_000,
                                rounds, warmup, budget_s, log))
    if profile:
        print(f"\ncProfile of match_platforms on {todo[-1].name}, every 4th query:\n{profile}")
    print_end_load()
    print_targets()


def platform_page(real: Case, root: Path, requests: int):
    log(f"[platform page] {ratings.SMALL} and {ratings.LARGE:,} reviews, "
        f"{requests} requests each")
    result, app = ratings.run(root / "ratings", real.catalog, real.path, requests)
    close_site(app)
    return result


def http_figures(root: Path, real: Case, seconds: int):
    if not http.wrk_available():
        print(f"\n{http.INSTALL_HINT}", flush=True)
        return None
    site = root / real.slug
    if not site.exists():  # --only http: the real catalog's site, built as run_case does
        close_site(build_site(site, real.catalog, real.path))
    paths = http.discover_paths()
    log("HTTP: gunicorn and wrk")
    with http.gunicorn(site, root / "gunicorn.log") as base:
        http.check_paths(base, [http.FLOOR, *paths])
        http.run_wrk(base, paths, 3, root)  # warm-up: both workers, every query
        http.run_wrk(base, [http.FLOOR], 2, root)
        floor, discover = http.alternate(base, [http.FLOOR], paths, seconds, root)
    # Other work on the machine slows both alike (they run in turn), but say how much there was.
    return floor, discover, len(paths), seconds, os.getloadavg()[0]


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    with tempfile.TemporaryDirectory(prefix="peers-bench-") as tmp:
        os.environ["PEERS_INSTANCE_PATH"] = str(Path(tmp) / "instance")
        run(args, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
