"""One virtual user: an HTTP client with its own cookies that times and records every request."""

import re
import time
from dataclasses import dataclass

import httpx

from loadtest.pages import csrf_token

TIMEOUT = 60.0  # seconds; a request slower than this counts as an error, not as a latency


@dataclass(frozen=True)
class Sample:
    """One request as the load generator saw it; status 0 is a transport error."""

    kind: str
    method: str
    path: str
    status: int
    seconds: float
    expected: bool


class Unexpected(Exception):
    """A request answered with a status its scenario did not expect; the scenario stops."""


class TerminatedTLS(httpx.AsyncBaseTransport):
    """The TLS-terminating proxy of docs/deploy.md, in the client: users speak https, gunicorn
    gets plain http with X-Forwarded-Proto (which it believes from 127.0.0.1). So Secure
    cookies, https links and CSRF's referrer check all work as behind a real proxy."""

    def __init__(self) -> None:
        self.upstream = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        forwarded = httpx.Request(
            request.method, request.url.copy_with(scheme="http"),
            headers=[*request.headers.raw, (b"X-Forwarded-Proto", b"https")],
            stream=request.stream, extensions=request.extensions)
        return await self.upstream.handle_async_request(forwarded)

    async def aclose(self) -> None:
        await self.upstream.aclose()


class VirtualUser:
    """A browser-like client: follows no redirect itself, keeps cookies, records samples."""

    def __init__(self, base: str, samples: list[Sample],
                 transport: httpx.AsyncBaseTransport | None = None):
        """`base` is the public https address; `transport` replaces the proxy in tests."""
        self.samples = samples
        self.http = httpx.AsyncClient(base_url=base, timeout=TIMEOUT, follow_redirects=False,
                                      transport=transport or TerminatedTLS())

    async def close(self) -> None:
        await self.http.aclose()

    def forget_session(self) -> None:
        """Start again as a new visitor (a new sign-up after the last one)."""
        self.http.cookies.clear()

    async def request(self, kind: str, method: str, path: str, expect: tuple[int, ...] = (200,),
                      leads_to: re.Pattern | None = None, **kwargs) -> httpx.Response:
        """Send, time and record one request; Unexpected when the status is not expected, or
        a redirect does not lead where `leads_to` says."""
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            self._record(kind, method, path, 0, started, False)
            raise Unexpected(f"{method} {path}: {type(exc).__name__} {exc}") from exc
        location = response.headers.get("location", "")
        ok = response.status_code in expect and (leads_to is None or leads_to.match(location))
        self._record(kind, method, path, response.status_code, started, bool(ok))
        if not ok:
            raise Unexpected(f"{method} {path} answered {response.status_code} {location}")
        return response

    async def get(self, kind: str, path: str, **kwargs) -> httpx.Response:
        return await self.request(kind, "GET", path, **kwargs)

    async def submit(self, kind: str, form_path: str, data: dict, post_path: str | None = None,
                     expect: tuple[int, ...] = (302,),
                     leads_to: re.Pattern | None = None) -> httpx.Response:
        """Open a form page, then post it with its CSRF token, as a browser does."""
        page = await self.get(f"{kind} form", form_path)
        return await self.request(kind, "POST", post_path or form_path, expect, leads_to,
                                  data={**data, "csrf_token": csrf_token(page.text)},
                                  headers={"Referer": str(page.url)})

    def _record(self, kind: str, method: str, path: str, status: int, started: float,
                expected: bool) -> None:
        self.samples.append(Sample(kind, method, path, status, time.perf_counter() - started,
                                   expected))
