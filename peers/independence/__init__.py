"""Independence, shown and enforced: who funds Peers, and who may never decide about whom.

The rules (docs/independence.md): no funder, platform or vendor can change a rating, an order or
a moderation decision (no code path lets them: aggregates are computed from reviews alone, and
results are ordered by the matcher alone); a platform's representative and a vendor tied to a
platform cannot moderate anything about that platform, nor start or moderate campaigns about
it (`tied_platform_ids` below, checked by the services that moderate and start campaigns).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from peers.independence import views

    app.register_blueprint(views.bp)
