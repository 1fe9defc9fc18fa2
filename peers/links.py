"""The links every page carries, built once per script root.

url_for builds each URL through Werkzeug's routing, about 15 µs a call, and the header and
footer of every page link the same dozen places. `page_url(endpoint, **values)` in a template
answers exactly what url_for would, for links whose endpoint and values are written in the
template itself: such a link changes only with the script root the site is served under.
"""

from flask import Flask, request, url_for

from peers.cache import BoundedCache

MAX_KEPT = 1_000  # links written in templates x script roots; a guard, never reached


def init_app(app: Flask) -> None:
    kept: BoundedCache[tuple, str] = BoundedCache(MAX_KEPT)

    @app.template_global()
    def page_url(endpoint: str, **values: str) -> str:
        key = (request.script_root, endpoint, *sorted(values.items()))
        return kept.get_or_make(key, lambda: url_for(endpoint, **values))
