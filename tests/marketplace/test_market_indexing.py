"""The offer index is kept in step with the database the way the platform index is: one generic
machinery (peers.search), rebuilt by `flask peers reindex`, reported by /healthz."""

import fcntl
import os
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
from whoosh.index import LockError

from peers import search
from peers.accounts.models import User
from peers.discovery.models import Platform
from peers.discovery.search import SearchIndex, get_index
from peers.extensions import db
from peers.marketplace import services
from peers.marketplace.models import Offer
from peers.marketplace.search import (
    OfferFilters,
    OfferIndex,
    documents_for,
    find_offer_ids,
    get_offer_index,
    offer_document,
)
from tests.factories import make_offer, make_vendor, update_offer


def found(app, words: str, **filters) -> list[int]:
    """Offer ids the index finds (after the catch-up a search does)."""
    with app.app_context():
        search_index = get_offer_index()
        search_index.catch_up_if_due(db.session, app.config["INDEX_CATCHUP_SECONDS"])
        return find_offer_ids(search_index, OfferFilters(words=words, **filters), 1, 50)[0]


def only_the_hook(app) -> None:
    """From now on only the after-commit hook updates the index (no catch-up for an hour)."""
    app.config["INDEX_CATCHUP_SECONDS"] = 3600
    found(app, "anything")  # the first search of a process compares; later ones wait


def test_both_indexes_are_registered_and_the_offer_index_has_its_own_folder(market_app):
    names = list(search.registered(market_app))
    assert names == ["platforms", "offers"]
    platforms, offers = get_index(market_app), get_offer_index(market_app)
    assert isinstance(platforms, SearchIndex) and isinstance(offers, OfferIndex)
    assert offers.directory == platforms.directory / "offers"
    assert os.readlink(offers.directory / "current").startswith("gen-")


def test_a_committed_offer_reaches_search(market_app, vendor_user):
    only_the_hook(market_app)
    offer_id = make_offer(market_app, vendor_user, title="Zeppelin insurance")
    assert found(market_app, "zeppelin") == [offer_id]


def test_a_rolled_back_offer_never_reaches_search(market_app, vendor_user):
    only_the_hook(market_app)
    with market_app.app_context():
        owner = db.session.get(User, vendor_user.id)
        services.create_offer(owner, services.OfferData(
            category="tax", title="Zeppelin tax", description="x", how_to_get="call us",
            price_on_quote=True))
        db.session.rollback()
    assert found(market_app, "zeppelin") == []


def test_a_failed_index_write_is_caught_up_from_the_database(market_app, vendor_user,
                                                            monkeypatch):
    def locked(*_args, **_kwargs):
        raise LockError("another process holds the index")

    only_the_hook(market_app)
    with monkeypatch.context() as patch:
        patch.setattr(OfferIndex, "update", locked)
        offer_id = make_offer(market_app, vendor_user, title="Zeppelin insurance")  # no 500
    assert found(market_app, "zeppelin") == []
    market_app.config["INDEX_CATCHUP_SECONDS"] = 0
    assert found(market_app, "zeppelin") == [offer_id]  # the next search catches up


def test_renaming_a_vendor_or_a_platform_reindexes_its_offers(market_app, vendor_user):
    only_the_hook(market_app)
    offer_id = make_offer(market_app, vendor_user)
    make_vendor(market_app, vendor_user, name="Zeppelin Accounting", remote=False,
                places=("Lyon",))
    assert found(market_app, "zeppelin") == [offer_id]
    # The offer keeps the places it states when its vendor moves.
    assert found(market_app, "returns", country_code="US") == [offer_id]
    assert found(market_app, "returns", country_code="FR") == []
    with market_app.app_context():
        airbnb = db.session.scalar(sa.select(Platform).where(Platform.slug == "airbnb"))
        airbnb.name = "Airship"
        db.session.commit()
    assert found(market_app, "airship") == [offer_id]


def test_a_vendor_change_missed_by_the_hook_is_caught_up(market_app, vendor_user, monkeypatch):
    offer_id = make_offer(market_app, vendor_user)
    only_the_hook(market_app)
    with monkeypatch.context() as patch:
        patch.setattr(OfferIndex, "update", lambda *_a, **_k: None)
        make_vendor(market_app, vendor_user, name="Zeppelin Accounting")
    assert found(market_app, "zeppelin") == []
    market_app.config["INDEX_CATCHUP_SECONDS"] = 0
    assert found(market_app, "zeppelin") == [offer_id]


def test_deleted_offers_and_vendors_leave_the_index(market_app, vendor_user, other_vendor):
    mine = make_offer(market_app, vendor_user, title="Zeppelin tax")
    theirs = make_offer(market_app, other_vendor, title="Zeppelin law")
    with market_app.app_context():
        db.session.execute(sa.delete(Offer).where(Offer.id == mine))
        db.session.commit()  # a bulk delete: no ORM object, the catch-up finds it
        db.session.delete(db.session.get(User, other_vendor.id))
        db.session.commit()  # the vendor and its offers go by the database's cascade
    assert found(market_app, "zeppelin") == []
    assert theirs not in found(market_app, "law")


def test_withdrawn_offers_are_not_found(market_app, vendor_user):
    offer_id = make_offer(market_app, vendor_user, title="Zeppelin tax")
    update_offer(market_app, offer_id, status="withdrawn")
    assert found(market_app, "zeppelin") == []
    update_offer(market_app, offer_id, status="active")
    assert found(market_app, "zeppelin") == [offer_id]


def test_reindex_rebuilds_both_indexes(market_app, vendor_user):
    make_offer(market_app, vendor_user)
    result = market_app.test_cli_runner().invoke(args=["peers", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt with 6 platform(s)" in result.output
    assert "Offer index rebuilt with 1 offer(s)" in result.output
    builds = sorted(p.name for p in get_offer_index(market_app).directory.glob("gen-*"))
    assert len(builds) == 2  # the new build and the previous one, for open searchers


def test_reindex_if_stale_builds_a_missing_offer_index_and_catches_up_the_rest(make_app,
                                                                              make_user):
    app = make_app("small")
    os.unlink(get_offer_index(app).directory / "current")  # as on a site from before offers
    owner = make_user(app, role="vendor")
    make_vendor(app, owner)
    make_offer(app, owner)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["peers", "reindex", "--if-stale"])
    assert "Search index is current (0 platform(s) caught up)." in result.output
    assert "Offer index rebuilt with 1 offer(s)" in result.output
    again = runner.invoke(args=["peers", "reindex", "--if-stale"])
    assert "Offer index is current (0 offer(s) caught up)." in again.output


def test_init_builds_both_indexes_when_missing(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app("small", INDEX_DIR=str(tmp_path / "fresh-index"))
    result = app.test_cli_runner().invoke(args=["peers", "init"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt with 6 platform(s)" in result.output
    assert "Offer index rebuilt with 0 offer(s)" in result.output
    assert get_index(app).is_usable() and get_offer_index(app).is_usable()


def test_healthz_reports_both_indexes(market_app, market_client, vendor_user):
    assert market_client.get("/healthz").json == {
        "status": "ok", "checks": {"database": True, "index": True}}
    make_offer(market_app, vendor_user)
    os.unlink(get_offer_index(market_app).directory / "current")
    response = market_client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": True, "index": False}
    assert response.json["indexes"] == {"platforms": True, "offers": False}


def test_a_never_built_offer_index_of_no_offers_is_healthy(small_client):
    assert small_client.get("/healthz").status_code == 200


def test_offer_search_without_an_index_is_a_clear_503(market_app, market_client, vendor_user):
    make_offer(market_app, vendor_user)
    os.unlink(get_offer_index(market_app).directory / "current")
    response = market_client.get("/marketplace?q=tax")
    assert response.status_code == 503 and b"Traceback" not in response.data
    api = market_client.get("/api/v1/offers?q=tax")
    assert api.status_code == 503 and api.json["error"]["code"] == "service_unavailable"
    assert market_client.get("/marketplace").status_code == 200  # browsing needs no index


def test_an_unfinished_build_of_another_process_is_never_deleted(market_app):
    search_index = get_offer_index(market_app)
    unfinished = search_index.directory / "gen-20990101T000000-abcd1234"
    unfinished.mkdir()  # no meta file yet, and its writer holds its lock: still being written
    writer = os.open(unfinished, os.O_RDONLY)
    fcntl.flock(writer, fcntl.LOCK_EX)
    with market_app.app_context():
        search_index.rebuild(db.session)
        search_index.rebuild(db.session)
    os.close(writer)
    assert unfinished.is_dir()


def test_an_index_builds_from_generated_rows_without_a_database(tmp_path):
    """What a benchmark does: documents from plain objects, then searches the index alone."""
    def row(n, title, price, remote, category="tax"):
        vendor = SimpleNamespace(name=f"Vendor {n}", serves_remotely=remote,
                                 updated_at=datetime(2024, 1, 1),
                                 areas=[SimpleNamespace(country_code="FR")])
        platform = SimpleNamespace(name="Airbnb", slug="airbnb", updated_at=datetime(2024, 1, 1))
        serves = [SimpleNamespace(country_code="FR", kind="country", name="France")]
        return SimpleNamespace(id=n, title=title, description="Generated.", category=category,
                               vendor=vendor, platforms=[platform], status="active",
                               areas=serves if remote else [],
                               price_amount=Decimal(price), price_currency="EUR",
                               price_on_quote=False, created_at=datetime(2024, 1, n),
                               updated_at=datetime(2024, 1, n))

    search_index = OfferIndex(tmp_path / "offers")
    rows = [row(1, "Tax returns", "40", False), row(2, "Tax advice", "90", True),
            row(3, "Cleaning", "20", True, "cleaning")]
    assert search_index.rebuild_from(documents_for(rows)) == 3
    # "tax" also searches the tax-help need's words: "Tax returns" has one more.
    assert find_offer_ids(search_index, OfferFilters(words="tax"), 1, 10) == ([1, 2], 2)
    cheap = OfferFilters(words="tax", currency="EUR", max_price=Decimal("50"))
    assert find_offer_ids(search_index, cheap, 1, 10) == ([1], 1)
    # Only the remote offer states a place (France): it reaches workers there, and no one else.
    assert find_offer_ids(search_index, OfferFilters(words="tax", country_code="FR"), 1,
                          10) == ([2], 1)
    assert find_offer_ids(search_index, OfferFilters(words="tax", country_code="JP"), 1,
                          10) == ([], 0)


def test_among_equally_relevant_offers_the_newest_come_first_on_every_page(tmp_path):
    """Hundreds of offers with the same words: pages follow creation time exactly."""
    import random

    vendor = SimpleNamespace(name="Same", serves_remotely=True, updated_at=datetime(2024, 1, 1),
                             areas=[])
    created = list(range(600))
    random.Random(4).shuffle(created)  # ids and creation times in unrelated orders
    rows = [SimpleNamespace(id=n + 1, title="Tax help", description="Tax help.", category="tax",
                            vendor=vendor, platforms=[], areas=[], price_amount=None,
                            price_currency=None,
                            price_on_quote=True, updated_at=datetime(2024, 1, 1),
                            created_at=datetime(2024, 1, 1) + timedelta(minutes=created[n]))
            for n in range(600)]
    search_index = OfferIndex(tmp_path / "offers")
    search_index.rebuild_from(documents_for(rows))
    newest_first = [r.id for r in sorted(rows, key=lambda r: r.created_at, reverse=True)]
    pages = [find_offer_ids(search_index, OfferFilters(words="tax help"), page, 50)
             for page in range(1, 13)]
    assert [total for _, total in pages] == [600] * 12
    assert [i for ids, _ in pages for i in ids] == newest_first


def test_the_total_counts_every_matching_offer(tmp_path):
    """Whoosh's tree of unions undercounts when final() scores are used; ours counts them all."""
    import random

    rng = random.Random(2)
    texts = ["tax", "help", "tax help", "cleaning", "tax tax", "help with insurance"]
    vendor = SimpleNamespace(name="Same", serves_remotely=True, updated_at=datetime(2024, 1, 1),
                             areas=[])
    rows = [SimpleNamespace(id=n + 1, title=rng.choice(texts), description=rng.choice(texts),
                            category=rng.choice(["other", "cleaning"]), vendor=vendor,
                            platforms=[], areas=[], price_amount=None,
                            price_currency=None, price_on_quote=True,
                            updated_at=datetime(2024, 1, 1),
                            created_at=datetime(2024, 1, 1) + timedelta(minutes=n))
            for n in range(3000)]
    search_index = OfferIndex(tmp_path / "offers")
    search_index.rebuild_from(documents_for(rows))
    expected = [r.id for r in rows if {"tax", "help"} & set(offer_document(r)["words"])]
    assert 0 < len(expected) < len(rows)
    for page in (1, 3):
        assert find_offer_ids(search_index, OfferFilters(words="tax help"), page, 20)[1] == len(
            expected)
