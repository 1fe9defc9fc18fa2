"""`make loadtest`'s own judgement: its checks must catch what they exist to catch, and it
must read the site's pages right. (The load itself runs in `make loadtest`, never here.)"""

import asyncio
import concurrent.futures
from email.message import EmailMessage

import httpx
import pytest

from loadtest import checks, report
from loadtest.checks import ReviewRow, Tally
from loadtest.client import Sample, Unexpected, VirtualUser
from loadtest.ledger import AcceptedOffer, AcceptedReview
from loadtest.pages import (
    ShownRating,
    confirmation_link,
    csrf_token,
    discover_ratings,
    review_saved,
)

ANA, BEN = "lt-x-ana@loadtest.example.com", "lt-x-ben@loadtest.example.com"


def row(email=ANA, slug="uber", overall=4, counted=True, confirmed=True) -> ReviewRow:
    return ReviewRow(email, slug, overall, counted, confirmed)


def test_reviews_stored_once_as_accepted_pass():
    accepted = [AcceptedReview(ANA, "uber", 2), AcceptedReview(ANA, "uber", 4),  # an edit
                AcceptedReview(BEN, "lyft", 5)]
    rows = [row(), row(BEN, "lyft", 5, counted=False, confirmed=False)]
    assert checks.review_problems(accepted, rows) == []


def test_a_duplicated_a_missing_and_a_stray_review_are_reported():
    accepted = [AcceptedReview(ANA, "uber", 4), AcceptedReview(BEN, "lyft", 5)]
    rows = [row(), row(), row(BEN, "etsy", 3)]
    assert checks.review_problems(accepted, rows) == [
        f"review of uber by {ANA}: 2 rows in the database, expected 1",
        f"review of lyft by {BEN}: 0 rows in the database, expected 1",
        f"review of etsy by {BEN}: in the database, never accepted",
    ]


def test_a_lost_edit_and_a_review_counted_without_confirmation_are_reported():
    accepted = [AcceptedReview(ANA, "uber", 4), AcceptedReview(BEN, "lyft", 5)]
    rows = [row(overall=2), row(BEN, "lyft", 5, counted=True, confirmed=False)]
    problems = checks.review_problems(accepted, rows)
    assert problems[0] == f"review of uber by {ANA}: 2 stars stored, 4 accepted"
    assert "counted=True although the author's email is not confirmed" in problems[1]


def test_a_summary_that_drifted_from_its_rows_is_reported():
    counted = {"uber": Tally.of([5, 4, 4]), "lyft": Tally.of([1])}
    assert checks.aggregate_problems(dict(counted), counted) == []
    drifted = {"uber": Tally.of([5, 4]), "etsy": Tally.of([3])}
    problems = checks.aggregate_problems(drifted, counted)
    assert [p.split(":")[0] for p in problems] == ["etsy", "lyft", "uber"]


def test_a_rating_shown_unlike_the_database_is_reported():
    counted = {"uber": Tally.of([5, 4, 4, 1]), "lyft": Tally.of([2]),
               "bolt": Tally.of([3] * 18 + [4])}
    # bolt: 58/19 = 3.0526, which the site shows as "3.1" ("3.0" would be rounded twice)
    right = {"uber": ShownRating(4, 3.5), "lyft": ShownRating(1, None),
             "bolt": ShownRating(19, 3.1)}
    assert checks.shown_problems("/discover", right, counted, minimum=3) == []
    wrong = {"uber": ShownRating(4, 3.8), "lyft": ShownRating(0, None),
             "etsy": ShownRating(3, 4.0), "bolt": ShownRating(19, 2.9)}
    assert checks.shown_problems("/discover", wrong, counted, minimum=3) == [
        "/discover shows an average of 2.9 for bolt; the database's is 3.05",
        "/discover shows 3 reviews of etsy; the database counts 0",
        "/discover shows 0 reviews of lyft; the database counts 1",
        "/discover shows an average of 3.8 for uber; the database's is 3.50",
    ]


def test_an_offer_missing_doubled_or_found_by_its_old_title_is_reported():
    offers = [AcceptedOffer(1, ANA, "ltaa"), AcceptedOffer(2, ANA, "ltbb", ["ltcc"]),
              AcceptedOffer(3, BEN, "ltdd")]
    assert checks.offer_problems(offers, {"ltaa": [1], "ltbb": [2], "ltdd": [3]}) == []
    problems = checks.offer_problems(offers, {"ltaa": [], "ltbb": [2], "ltcc": [2],
                                              "ltdd": [3, 3]})
    assert problems == [
        "offer 1: searching 'ltaa' found [], expected [1]",
        "offer 2: still found by its old title word 'ltcc'",
        "offer 3: searching 'ltdd' found [3, 3], expected [3]",
    ]


def test_5xx_and_other_unexpected_answers_are_listed_with_their_request():
    samples = [Sample("discover", "GET", "/discover?q=a", 200, 0.1, True),
               Sample("review", "POST", "/platforms/uber/review", 500, 0.2, False),
               Sample("sign-up", "POST", "/account/signup", 429, 0.1, False),
               Sample("discover", "GET", "/discover?q=b", 0, 60.0, False)]
    assert checks.server_errors(samples) == ["500 POST /platforms/uber/review"]
    assert checks.unexpected_answers(samples) == ["429 POST /account/signup",
                                                  "no answer GET /discover?q=b"]


def test_the_report_gives_each_kind_its_percentiles_and_the_overall_line():
    samples = [Sample("discover", "GET", "/d", 200, s / 1000, True) for s in range(1, 101)]
    samples.append(Sample("review", "POST", "/r", 302, 0.5, True))
    table = report.lines(samples, wall=10)
    assert [(x.kind, x.requests) for x in table] == [
        ("discover", 100), ("review", 1), (report.OVERALL, 101)]
    assert (table[0].p50_ms, table[0].p95_ms, table[0].per_second) == (50, 95, 10)
    assert report.format_statuses(report.statuses(samples)) == "200: 100, 302: 1"


DISCOVER_PAGE = """<ol class="results">
<li class="result card"><h2 class="card-title"><a href="/platforms/uber">Uber</a></h2>
<dl><div><dt>Workers rate it</dt><dd class="rating-line">
<span class="stars" aria-hidden="true">★</span> 3.7 out of 5 <span class="muted">(12 reviews)</span>
</dd></div></dl><a href="/platforms/lyft">Lyft, its successor</a></li>
<li class="result card"><h2 class="card-title"><a href="/platforms/rover">Rover</a></h2>
<dd class="rating-line"><span class="not-enough">Not enough reviews yet (2 so far)</span></dd></li>
<li class="result card"><h2 class="card-title"><a href="/platforms/etsy">Etsy</a></h2>
<dd class="rating-line"><span class="not-enough">Not enough reviews yet</span></dd></li>
</ol>"""


def test_the_rating_of_each_discover_result_is_read_from_its_card():
    assert discover_ratings(DISCOVER_PAGE) == {
        "uber": ShownRating(12, 3.7), "rover": ShownRating(2, None),
        "etsy": ShownRating(0, None)}


def test_the_csrf_token_and_the_confirmation_link_are_found():
    page = '<form><input id="csrf_token" name="csrf_token" type="hidden" value="IjE.x-y"></form>'
    assert csrf_token(page) == "IjE.x-y"
    with pytest.raises(ValueError, match="no csrf_token"):
        csrf_token("<form></form>")
    message = EmailMessage()
    message["To"] = ANA
    link = "https://127.0.0.1:8443/account/confirm/" + "eyJpZCI6MX0." * 12  # a long line
    message.set_content(f"Please confirm:\n\n{link}\n\nPeers\n")
    assert confirmation_link(message.as_bytes()) == (ANA, link)


def test_a_virtual_user_posts_the_forms_token_and_stops_at_an_unexpected_answer():
    seen = []

    def site(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "GET":
            return httpx.Response(200, text='<input name="csrf_token" value="tok">')
        if b"csrf_token=tok" not in request.content:
            return httpx.Response(400)
        return httpx.Response(302, headers={"Location": "/account/login?next=%2F"})

    async def scenario(samples):
        user = VirtualUser("https://peers.test", samples, transport=httpx.MockTransport(site))
        try:
            await user.submit("login", "/account/login", {"email": ANA})
            with pytest.raises(Unexpected, match="POST /account/login answered 400"):  # no token
                await user.request("login", "POST", "/account/login", expect=(302,))
            with pytest.raises(Unexpected, match="answered 302 /account/login"):
                await user.submit("review", "/platforms/uber/review", {},
                                  leads_to=review_saved("uber"))
        finally:
            await user.close()

    samples: list[Sample] = []
    # A loop of its own, in a thread of its own: the browser suite's Playwright keeps an event
    # loop running in this one for the whole session, and asyncio.run() refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario(samples)).result()
    assert seen[1].headers["Referer"] == "https://peers.test/account/login"
    assert [(s.kind, s.status, s.expected) for s in samples] == [
        ("login form", 200, True), ("login", 302, True), ("login", 400, False),
        ("review form", 200, True), ("review", 302, False)]


def test_the_server_logs_errors_are_summed_up_by_their_exception(tmp_path):
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "[2026-11-21 15:45:54 +0000] [27116] [INFO] Starting gunicorn 27.0.1\n"
        '127.0.0.1 - - [21/Nov/2026:15:46:01 +0000] "GET /discover?q=a HTTP/1.1" 200 9 "-"\n'
        + "ERROR:peers:unhandled error on /discover\nTraceback (most recent call last):\n"
          '  File "peers/indexing.py", line 9, in update\n    writer.commit()\n'
          "whoosh.index.LockError\n" * 2
        + "[2026-11-21 15:46:24 +0000] [27721] [CRITICAL] WORKER TIMEOUT (pid:27721)\n")
    assert report.grouped(report.server_log_errors(log)) == [
        "ERROR:peers:unhandled error on /discover (x2)",
        "Traceback: whoosh.index.LockError (x2)",
        "[CRITICAL] WORKER TIMEOUT (pid:27721)",
    ]
