"""gunicorn settings; gunicorn reads this file from the working directory (`make serve-prod`)."""

import os

from peers.discovery.places import resolve_place

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))


def post_worker_init(worker):
    """Build the place tables (about 2 s) before a worker's first request, not during it."""
    resolve_place("Paris")
