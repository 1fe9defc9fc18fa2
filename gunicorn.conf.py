"""gunicorn settings; gunicorn reads this file from the working directory (`make serve-prod`)."""

import os
import subprocess
import sys

from peers.discovery.places import resolve_place

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"  # one line per request on stdout, for the service manager's journal
# gunicorn 27's control socket has one default path per user ($HOME/.gunicorn/gunicorn.ctl),
# which two gunicorns on one host (a deploy and its load test, the test suite) would share;
# Peers does not use it. Older gunicorns ignore the setting.
control_socket_disable = True
# The app reads PEERS_ENV, PEERS_DATABASE_URL... itself. It believes a proxy's X-Forwarded-For
# and -Host only with PEERS_PROXY_FIX_HOPS set (docs/deploy.md); gunicorn on its own already
# takes X-Forwarded-Proto from a proxy on 127.0.0.1 (its forwarded_allow_ips).


def post_worker_init(worker):
    """Build the place tables (about 2 s) before a worker's first request, not during it."""
    resolve_place("Paris")


def on_starting(server):
    """Before the port is bound and any worker forks, rebuild an index that is missing or of
    another schema version (a deploy changed it), and catch the others up: no worker serves
    an index it cannot use. It runs `flask peers reindex --if-stale` in a process of its own,
    so that the master holds no database connection its workers would inherit. A failure (the
    database unreachable) is logged and does not stop the start: /healthz reports the index."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "peers", "peers", "reindex",
                           "--if-stale"], check=False)
    if done.returncode:
        server.log.error("flask peers reindex --if-stale failed (exit %s)", done.returncode)


on_reload = on_starting  # a HUP starts workers with new code: check the indexes again first
