"""`python -m loadtest`: the production server on PostgreSQL under a crowd, then the checks.

Exit status 0 when every check passed, 1 when one failed, 2 when the run could not start.
"""

import argparse
import asyncio
import os
import signal
import sys
import time
from datetime import UTC, datetime

import sqlalchemy as sa

from bench.http import free_port, serve
from loadtest import report
from loadtest.database import active_platforms
from loadtest.drive import Crowd, drive
from loadtest.ledger import Ledger
from loadtest.scenarios import Context, Mailbox
from loadtest.site import CATCHUP_SECONDS, WORKERS, Site, production_site
from loadtest.verify import Check, verify

DEFAULT_SECONDS = 60
QUICK_SECONDS = 15
DEFAULT_USERS = 40
MOST_PROBLEMS_SHOWN = 200


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__)
    parser.add_argument("--seconds", type=float,
                        default=os.environ.get("LOADTEST_SECONDS", str(DEFAULT_SECONDS)),
                        help="how long to load the site (LOADTEST_SECONDS; default 60)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SECONDS} s only")
    parser.add_argument("--users", type=int, default=DEFAULT_USERS,
                        help=f"concurrent virtual users (default {DEFAULT_USERS})")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database and the site folder (log, index) afterwards")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds = QUICK_SECONDS
    if args.seconds <= 0 or args.users < 4:
        parser.error("--seconds must be above 0 and --users at least 4")
    return args


def print_report(ledger: Ledger, wall: float, results: list[Check], crowd: Crowd,
                 load_before: float) -> None:
    """The figures, then each check; the load average shows how busy the machine was."""
    print(f"\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {crowd.size} users "
          f"({crowd.visitors} visitors, {crowd.reviewers} reviewers, {crowd.newcomers} "
          f"newcomers, {crowd.vendors} vendors), gunicorn {WORKERS} workers, {wall:.0f} s; "
          f"1-min load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
          f"on {os.cpu_count()} CPUs")
    print(report.format_table(report.lines(ledger.samples, wall)))
    print(f"statuses: {report.format_statuses(report.statuses(ledger.samples))}")
    print(f"accepted: {len(ledger.reviews)} review posts, {len(ledger.offers)} offers; "
          f"scenarios restarted after an unexpected answer: {len(ledger.stops)}; "
          f"load generator CPU {time.process_time():.0f} s")
    for check in results:
        print(f"{'PASS' if check.passed else 'FAIL'}  {check.name}")
        problems = report.grouped(check.problems)
        for problem in problems[:MOST_PROBLEMS_SHOWN]:
            print(f"      {problem}")
        if len(problems) > MOST_PROBLEMS_SHOWN:
            print(f"      ... and {len(problems) - MOST_PROBLEMS_SHOWN} more")


async def load_and_verify(site: Site, server: str, public: str, seconds: float,
                          crowd: Crowd) -> tuple[Ledger, float, list[Check]]:
    """Drive the crowd through the public (https) address, then check through the server's."""
    engine = sa.create_engine(site.database_url, poolclass=sa.pool.NullPool)
    try:
        ctx = Context(public, site.token, active_platforms(engine), Mailbox(site.mail),
                      Ledger())
        wall = await drive(ctx, crowd, seconds)
        results = await verify(server, engine, ctx, catchup_wait=3 * CATCHUP_SECONDS)
    finally:
        engine.dispose()
    return ctx.ledger, wall, results


def run(args: argparse.Namespace) -> list[Check]:
    """Set the site up, serve it, load it, check it; everything is removed afterwards."""
    crowd = Crowd.of(args.users)
    port = free_port()
    server, public = f"http://127.0.0.1:{port}", f"https://127.0.0.1:{port}"
    started = time.monotonic()
    with production_site(public, keep=args.keep) as site:
        database = sa.make_url(site.database_url)  # shown with its password masked
        print(f"Site ready in {time.monotonic() - started:.0f} s: {database}, "
              f"{site.folder}; rate limits in "
              f"{site.settings.get('REDIS_URL', 'each worker (Redis unreachable)')}")
        command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                   "peers:create_app()"]
        with serve(command, {**site.environ(), "PORT": str(port)}, site.log,
                   server + "/healthz"):
            print(f"Loading {server} for {args.seconds:.0f} s with {crowd.size} users...")
            load_before = os.getloadavg()[0]
            ledger, wall, results = asyncio.run(load_and_verify(site, server, public,
                                                                args.seconds, crowd))
        results.append(Check("no error in the server log",
                             report.server_log_errors(site.log)))
        print_report(ledger, wall, results, crowd, load_before)
        if args.keep:
            print(f"Kept: {database} and {site.folder}")
    return results


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds every `finally`: gunicorn, database, folder go


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        results = run(args)
    except (sa.exc.OperationalError, RuntimeError) as exc:  # no PostgreSQL, no server...
        print(f"The load test could not run: {exc}", file=sys.stderr)
        return 2
    return 0 if all(check.passed for check in results) else 1

if __name__ == "__main__":
    sys.exit(main())
