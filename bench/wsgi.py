"""The app gunicorn serves in the HTTP benchmark, with a constant route as the floor."""

import os
from pathlib import Path

from bench.site import make_app
from peers.discovery.places import resolve_place

app = make_app(Path(os.environ["PEERS_BENCH_SITE"]))


@app.get("/_bench/floor")
def floor() -> str:
    return "ok"


resolve_place("Lyon, France")  # build the place tables now, not in the first timed request
