"""Migration 5e1a7c0ffe19: existing offers take their vendor's areas as the places they serve."""

import flask_migrate
import sqlalchemy as sa

from peers.extensions import db
from tests.factories import make_offer, make_vendor


def test_existing_offers_migrate_with_their_vendors_areas(market_app, make_user):
    owner = make_user(market_app, role="vendor")
    make_vendor(market_app, owner, name="Fairway Legal", remote=False,
                places=("Austin, TX", "France"))
    offer_id = make_offer(market_app, owner, places=("Spain",))
    with market_app.app_context():
        flask_migrate.downgrade(revision="27c0d9bba64b")
        assert "offer_area" not in sa.inspect(db.engine).get_table_names()
        flask_migrate.upgrade()
        rows = db.session.execute(sa.text(
            "SELECT name, country_code, kind FROM offer_area WHERE offer_id = :id ORDER BY name"),
            {"id": offer_id}).all()
    assert [tuple(r) for r in rows] == [("Austin, Texas, United States", "US", "city"),
                                        ("France", "FR", "country")]
