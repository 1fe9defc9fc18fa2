"""gunicorn settings; gunicorn reads this file from the working directory (`make serve-prod`)."""

import os

from peers.discovery.places import resolve_place

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"  # one line per request on stdout, for the service manager's journal
# The app reads PEERS_ENV, PEERS_DATABASE_URL... itself. It believes a proxy's X-Forwarded-For
# and -Host only with PEERS_PROXY_FIX_HOPS set (docs/deploy.md); gunicorn on its own already
# takes X-Forwarded-Proto from a proxy on 127.0.0.1 (its forwarded_allow_ips).


def post_worker_init(worker):
    """Build the place tables (about 2 s) before a worker's first request, not during it."""
    resolve_place("Paris")
