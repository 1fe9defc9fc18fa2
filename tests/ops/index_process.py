"""A process of the site, for the index tests: `python -m tests.ops.index_process JOB CONFIG`.

JOB is one of JOBS; CONFIG is the JSON of the app's config and the job's arguments. A job that
stalls writes one byte to the file descriptor `signal_fd` once it is in the middle of an index
write, then waits to be killed. `write` prints "ready", waits for a line on stdin (so that
every writer starts at once), then prints the warnings the index module logged, as JSON.
"""

import json
import logging
import os
import sys
import threading
from types import SimpleNamespace

from whoosh.writing import SegmentWriter

from peers import create_app
from peers.discovery.search import get_index
from peers.extensions import db
from tests.factories import make_offer, rename_summary, update_offer, write_platform_review


def stall(signal_fd: int) -> None:
    """Tell the test we are in the middle of a write, then wait for SIGKILL."""
    os.write(signal_fd, b"!")
    threading.Event().wait()


def stall_update(app, args: dict) -> None:
    """Commit a platform edit and die while its after-commit index write is half done."""
    original = SegmentWriter.update_document

    def update_then_stall(writer, **fields):
        original(writer, **fields)
        stall(args["signal_fd"])

    SegmentWriter.update_document = update_then_stall
    rename_summary(app, args["slug"], args["summary"])


def stall_rebuild(app, args: dict) -> None:
    """Die half-way through a rebuild of the platform index."""
    with app.app_context():
        search_index = get_index()

        def documents():
            for number, row in enumerate(db.session.scalars(search_index.rows_query())):
                if number == 2:
                    stall(args["signal_fd"])
                yield search_index.document(row)

        search_index.rebuild_from(documents(), session=db.session)


class Remember(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def write(app, args: dict) -> None:
    """Platform edits, offers and reviews, as fast as it can, on rows other writers edit."""
    warnings = Remember()
    logging.getLogger("peers.search").addHandler(warnings)
    vendor, worker = SimpleNamespace(id=args["vendor_id"]), SimpleNamespace(id=args["worker_id"])
    slugs, me = args["slugs"], args["writer"]
    print("ready", flush=True)
    sys.stdin.readline()
    offers = []
    for step in range(args["rounds"]):
        slug = slugs[step % len(slugs)]
        rename_summary(app, slug, f"Edition w{me}s{step} of this platform.")
        offers.append(make_offer(app, vendor, title=f"Offer w{me}s{step}"))
        update_offer(app, offers[step // 2], title=f"Offer w{me}s{step} edited")
        write_platform_review(app, worker, slug)
    print(json.dumps({"offers": offers, "warnings": warnings.messages}), flush=True)


JOBS = {"stall-update": stall_update, "stall-rebuild": stall_rebuild, "write": write}


def main(job: str, config: str) -> None:
    settings = json.loads(config)
    args = settings.pop("args")
    JOBS[job](create_app(settings), args)


if __name__ == "__main__":
    main(*sys.argv[1:])
