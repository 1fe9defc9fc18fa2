"""Requests per second of /discover against a constant route on the same gunicorn, with wrk."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.queries import QUERIES
from peers.config import PROJECT_ROOT

FLOOR = "/_bench/floor"
CONFIG = Path(__file__).with_name("gunicorn.conf.py")
WORKERS = 2
INSTALL_HINT = "wrk not found: `apt-get install -y wrk` (Debian) to run the HTTP benchmark."
_LUA = """local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass(frozen=True)
class WrkResult:
    rps: float
    requests: int
    errors: int  # non-2xx/3xx responses plus socket errors
    p50_ms: float | None


def discover_paths() -> list[str]:
    """Every query of the set as typed, then again with hours a week and, for a third of them,
    a sort order: 64 distinct searches, and every part of the results page (monthly
    estimates, sorts) is exercised. Nothing is kept per search: each request runs the matcher
    and renders its page. What the site keeps is kept per platform, as it would be for any
    searches (docs/performance.md, "What /discover keeps")."""
    varied = []
    for i, query in enumerate(QUERIES):
        extra = {"hours": (10, 20, 30, 40)[i % 4]}
        if i % 3 == 0:
            extra["sort"] = ("rating", "earnings")[i % 2]
        varied.append(f"{query.url()}&{urllib.parse.urlencode(extra)}")
    return [q.url() for q in QUERIES] + varied


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{log.read_text()[-2000:]}")
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn not ready after {seconds:.0f} s:\n{log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """End the gunicorn process group this module started (master and workers)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=8)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    try:  # workers left behind by a master that died first
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@contextmanager
def serve(command: list[str], env: dict[str, str], log: Path,
          ready_url: str) -> Iterator[subprocess.Popen]:
    """Run a server command from the project root in its own process group, logging to `log`;
    yield once `ready_url` answers 200, and stop the whole group afterwards."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        _wait_ready(ready_url, proc, log)
        yield proc
    finally:
        _stop(proc)


@contextmanager
def gunicorn(site: Path, log: Path) -> Iterator[str]:
    """Serve bench.wsgi:app for `site` on 127.0.0.1 with 2 workers; yield the base URL."""
    base = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG), "--workers",
               str(WORKERS), "--bind", base.removeprefix("http://"), "--graceful-timeout", "3",
               "bench.wsgi:app"]
    with serve(command, {**os.environ, "PEERS_BENCH_SITE": str(site)}, log, base + FLOOR):
        yield base


def check_paths(base: str, paths: list[str]) -> None:
    """Every path must answer 200 before it is put under load."""
    for path in paths:
        status, body = _get(base + path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}: {body[:300]!r}")


def run_wrk(base: str, paths: list[str], seconds: int, workdir: Path,
            connections: int = 4) -> WrkResult:
    """One bounded wrk run rotating over `paths` (1 thread, a few connections)."""
    script = workdir / "rotate.lua"
    script.write_text(_LUA % ", ".join(json.dumps(p) for p in paths))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "--latency", "-s", str(script), base + paths[0]]
    out = subprocess.run(command, capture_output=True, text=True, check=True,
                         timeout=seconds + 60).stdout
    return _parse(out)


def alternate(base: str, first: list[str], second: list[str], seconds: int,
              workdir: Path) -> tuple[WrkResult, WrkResult]:
    """`seconds` of wrk on each path list, in one-second slices taken in turn.

    Other work on a shared machine comes and goes within seconds; taken one after the other,
    two runs can see different loads and their ratio swing by half. In turn, both see the
    same load, and the ratio holds.
    """
    slices: tuple[list[WrkResult], list[WrkResult]] = ([], [])
    for _ in range(seconds):
        for paths, results in zip((first, second), slices, strict=True):
            results.append(run_wrk(base, paths, 1, workdir))
    return _combined(slices[0]), _combined(slices[1])


def _combined(results: list[WrkResult]) -> WrkResult:
    """Slices of equal length as one run: mean rate, every request, median of the p50s."""
    p50s = sorted(r.p50_ms for r in results if r.p50_ms is not None)
    return WrkResult(
        rps=sum(r.rps for r in results) / len(results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        p50_ms=p50s[len(p50s) // 2] if p50s else None,
    )


def _parse(out: str) -> WrkResult:
    def number(pattern: str) -> float:
        found = re.search(pattern, out)
        return float(found.group(1)) if found else 0.0

    errors = number(r"Non-2xx or 3xx responses:\s*(\d+)")
    for kind in ("connect", "read", "write", "timeout"):
        errors += number(rf"{kind} (\d+)")
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return WrkResult(
        rps=number(r"Requests/sec:\s*([\d.]+)"),
        requests=int(number(r"(\d+) requests in")),
        errors=int(errors),
        p50_ms=float(p50.group(1)) * scale[p50.group(2)] if p50 else None,
    )
