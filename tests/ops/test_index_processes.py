"""The search indexes under several processes and hosts: one writer at a time, no lost update,
every process and host catching up from the database, and recovery from a writer killed in
the middle of a write. Each process here is a real one, with its own engine and app."""

import functools
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.orm import Session
from whoosh.index import FileIndex

from peers import create_app
from peers.config import PROJECT_ROOT
from peers.discovery import search, services
from peers.discovery.catalog import read_catalog
from peers.discovery.matcher import WorkerProfile, match_platforms
from peers.discovery.models import Platform
from peers.discovery.places import resolve_place
from peers.discovery.search import META_FILE, catch_up_if_due, get_index
from peers.extensions import db
from peers.marketplace import search as offer_search
from peers.marketplace.queries import search_offers
from peers.marketplace.search import OfferFilters, get_offer_index
from peers.search import STAMP_FIELD, IndexBusy
from tests.factories import make_offer, make_vendor
from tests.ops.serving import production_gunicorn
from tests.sites import CATALOGS, close_app, site_config

ACTIVE = ["rover", "airbnb", "blablacar", "hourly-walkers"]  # of the small catalog
CHILD_CONFIG = ("TESTING", "SECRET_KEY", "DATABASE_URL", "INDEX_DIR", "INDEX_CATCHUP_SECONDS")
PATIENCE = 60.0  # seconds: generous, on a loaded machine; never an assertion of speed


def start(app, job: str, **args) -> subprocess.Popen:
    """A process of this site (tests/ops/index_process.py) running one job."""
    config = {key: app.config[key] for key in CHILD_CONFIG} | {"args": args}
    fds = (args["signal_fd"],) if "signal_fd" in args else ()
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ops.index_process", job, json.dumps(config)],
        cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, pass_fds=fds)


@contextmanager
def stalled(app, job: str, **args) -> Iterator[None]:
    """Run a job until it is in the middle of an index write; SIGKILL it when the block ends."""
    read_end, write_end = os.pipe()
    child = start(app, job, signal_fd=write_end, **args)
    os.close(write_end)
    try:
        ready = select.select([read_end], [], [], PATIENCE)[0] and os.read(read_end, 1) == b"!"
        if ready:
            yield
    finally:
        os.close(read_end)
        child.kill()
        _, err = child.communicate()
    assert ready, err
    assert child.returncode == -signal.SIGKILL


def eventually(condition, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"not within {PATIENCE:g} s: {what}"
        time.sleep(0.05)


def platforms_found(app, text: str) -> list[str]:
    """What a worker's search finds (it catches up first when due, as every search does)."""
    with app.app_context():
        catch_up_if_due()
        return [match.slug for match in match_platforms(WorkerProfile(text)).matches]


def offers_found(app, words: str) -> list[int]:
    with app.app_context():
        offer_search.catch_up_if_due()  # what the marketplace view does before it searches
        return [offer.id for offer in search_offers(OfferFilters(words=words), 1, 50).items]


def edit_platform(app, slug: str, **columns) -> None:
    with app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == slug))
        for name, value in columns.items():
            setattr(platform, name, value)
        db.session.commit()


def documents_by_key(search_index) -> dict[str, list[str]]:
    """Each key in the index with the stamps of its documents (one, when all is well)."""
    found: dict[str, list[str]] = {}
    with search_index.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            found.setdefault(fields[search_index.key_field], []).append(fields[STAMP_FIELD])
    return found


def assert_level_with_the_database(app, *search_indexes) -> None:
    """Every row in each index exactly once, with its newest version; nothing else."""
    with app.app_context():
        for search_index in search_indexes or (get_index(), get_offer_index()):
            in_db = search_index.stamps(db.session)
            assert documents_by_key(search_index) == {k: [at] for k, at in in_db.items()}


def with_offer_index(app):
    """The small site's template has no offer index yet: build it, as `peers reindex` does."""
    with app.app_context():
        get_offer_index().rebuild(db.session)
    return app


@pytest.fixture
def market_site(any_db_app):
    """The small site (SQLite, then PostgreSQL) with its offer index built."""
    return with_offer_index(any_db_app)


@pytest.fixture
def host_b(market_site, tmp_path):
    """Another app on the same database, with an index directory of its own, built, that
    catches up every 0.2 s."""
    host = create_app(site_config(tmp_path / "host-b", INDEX_CATCHUP_SECONDS=0.2,
                                  DATABASE_URL=market_site.config["DATABASE_URL"]))
    with host.app_context():
        for search_index in (get_index(), get_offer_index()):
            search_index.rebuild(db.session)
    yield host
    close_app(host)


# -- several writers at once ---------------------------------------------------------------------
@pytest.mark.postgres
def test_concurrent_writers_lose_no_update_and_never_wait_out_the_lock(pg_small_app, make_user):
    """On PostgreSQL, as in production: SQLite refuses concurrent writers of its own."""
    market_site = with_offer_index(pg_small_app)
    writers = []
    for number in range(3):
        vendor = make_user(market_site, role="vendor")
        make_vendor(market_site, vendor, name=f"Vendor {number}")
        worker = make_user(market_site)
        writers.append(start(market_site, "write", writer=number, rounds=len(ACTIVE),
                             slugs=ACTIVE[number:] + ACTIVE[:number], vendor_id=vendor.id,
                             worker_id=worker.id))
    for child in writers:  # every writer has its app, then all start at once
        assert child.stdout.readline() == "ready\n", child.stderr.read()
    for child in writers:
        child.stdin.write("go\n")
        child.stdin.flush()
    reports = []
    for child in writers:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err  # a LockError or IndexBusy would have ended it
        reports.append(json.loads(out))
    assert [report["warnings"] for report in reports] == [[], [], []]  # nothing postponed
    assert_level_with_the_database(market_site)
    newest = [offer for report in reports for offer in report["offers"]]
    assert sorted(offers_found(market_site, "offer")) == sorted(newest)


def test_the_last_writer_writes_the_newest_row(small_app, monkeypatch):
    """A writer that read a row just before another process committed a newer version must
    not write its older document over the newer one."""
    search_index = get_index(small_app)
    with small_app.app_context():
        engine = db.engine
    has_read, may_write = threading.Event(), threading.Event()
    writer = FileIndex.writer

    def slow_after_reading(ix, **options):
        if threading.current_thread().name == "slow":
            has_read.set()
            may_write.wait()
        return writer(ix, **options)

    monkeypatch.setattr(FileIndex, "writer", slow_after_reading)
    update = functools.partial(search_index.update, Session(engine), {"rover"}, PATIENCE)
    slow = threading.Thread(target=update, name="slow", daemon=True)
    fast = threading.Thread(target=update, name="fast", daemon=True)
    slow.start()
    try:
        assert has_read.wait(PATIENCE)
        with Session(engine) as elsewhere:  # a newer version, committed after the slow read
            rover = elsewhere.scalar(sa.select(Platform).where(Platform.slug == "rover"))
            rover.summary = "Zeppelin rides for dogs."
            elsewhere.commit()
        fast.start()
        fast.join(timeout=1)  # without the lock it is done by now, before the slow one writes
    finally:
        may_write.set()
    slow.join(), fast.join()
    assert_level_with_the_database(small_app, search_index)


def test_a_rebuild_keeps_a_change_committed_while_it_was_building(small_app):
    with small_app.app_context():
        search_index = get_index()
        rows = list(db.session.scalars(search_index.rows_query()))
        documents = [search_index.document(row) for row in rows]
        db.session.rollback()  # end the read: SQLite lets no one commit during it

        def build_while_someone_commits():
            yield documents[0]
            with Session(db.engine) as elsewhere:  # no hook: as if written to the old build
                rover = elsewhere.scalar(sa.select(Platform).where(Platform.slug == "rover"))
                rover.summary = "Zeppelin rides for dogs."
                elsewhere.commit()
            yield from documents[1:]

        search_index.rebuild_from(build_while_someone_commits(), session=db.session)
    small_app.config["INDEX_CATCHUP_SECONDS"] = 3600  # no catch-up: the rebuild itself did
    assert "rover" in platforms_found(small_app, "zeppelin")


# -- other hosts -----------------------------------------------------------------------------------
def test_a_second_host_catches_up_edits_deletions_and_offers(market_site, host_b, make_user):
    assert platforms_found(host_b, "zeppelin") == []
    edit_platform(market_site, "rover", summary="Zeppelin rides for dogs.")
    eventually(lambda: "rover" in platforms_found(host_b, "zeppelin"), "host B sees an edit")

    vendor = make_user(market_site, role="vendor")
    make_vendor(market_site, vendor)
    offer_id = make_offer(market_site, vendor, title="Zeppelin insurance")
    eventually(lambda: offers_found(host_b, "zeppelin") == [offer_id], "host B sees an offer")

    with market_site.app_context():
        db.session.execute(sa.delete(Platform).where(Platform.slug == "hourly-walkers"))
        db.session.commit()
    eventually(lambda: "hourly-walkers" not in platforms_found(host_b, "walkers"),
               "host B drops a deleted platform")


def test_a_change_that_moves_no_fingerprint_still_reaches_other_hosts(market_site, host_b):
    """A transaction that commits after a newer one, or a host whose clock is behind, writes
    a stamp older than the newest: count and max(updated_at) stay the same."""
    assert platforms_found(host_b, "zeppelin") == []  # host B has seen the fingerprint
    with market_site.app_context():
        oldest = db.session.scalar(sa.select(sa.func.min(Platform.updated_at)))
        fingerprint = get_index().fingerprint(db.session)
    edit_platform(market_site, "blablacar", summary="Zeppelin car sharing.",
                  updated_at=oldest - timedelta(days=1))
    with market_site.app_context():
        assert get_index().fingerprint(db.session) == fingerprint
    eventually(lambda: "blablacar" in platforms_found(host_b, "zeppelin"),
               "host B sees a change that left the fingerprint alone")


def test_a_catalog_load_that_changes_only_regions_or_a_category_name_reaches_other_hosts(
        market_site, host_b, tmp_path):
    """Neither change touches a column of the platform row itself, yet both change its search
    document: the load stamps the platforms anew, which is how other hosts find them."""
    korea = resolve_place("KR")
    with host_b.app_context():
        assert "rover" not in [m.slug for m in match_platforms(WorkerProfile("dog", place=korea)
                                                                ).matches]
    assert platforms_found(host_b, "zeppelin") == []
    data = yaml.safe_load(CATALOGS["small"].read_text(encoding="utf-8"))
    rover = next(p for p in data["platforms"] if p["slug"] == "rover")
    rover["regions"] = [*rover["regions"], "KR"]
    data["categories"]["pet-care"]["name"] = "Zeppelin pets"
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with market_site.app_context():
        services.load_catalog(read_catalog(path, market_site.config["VOCABULARY_PATH"]))
        db.session.commit()

    def found_in_korea() -> list[str]:
        with host_b.app_context():
            catch_up_if_due()
            return [m.slug for m in match_platforms(WorkerProfile("dog", place=korea)).matches]

    eventually(lambda: "rover" in found_in_korea(), "host B sees a platform's new region")
    eventually(lambda: {"rover", "hourly-walkers"} <= set(platforms_found(host_b, "zeppelin")),
               "host B sees a category's new name")


# -- a writer killed in the middle of a write ----------------------------------------------------
def test_a_writer_killed_mid_update_leaves_no_lock_and_its_change_is_caught_up(make_app):
    app = make_app("small", INDEX_CATCHUP_SECONDS=0)
    search_index = get_index(app)
    with stalled(app, "stall-update", slug="rover", summary="Zeppelin rides for dogs."):
        pass
    with search_index.write_lock(timeout=0):  # the dead writer's lock went with it
        pass
    assert app.test_client().get("/healthz").status_code == 200
    assert "rover" in platforms_found(app, "zeppelin")  # the next search caught it up
    assert "rover" in platforms_found(app, "dogs")  # and the rest still answers
    assert_level_with_the_database(app, search_index)


def test_a_rebuild_killed_half_way_is_ignored_then_removed(make_app):
    app = make_app("small", INDEX_CATCHUP_SECONDS=0)
    search_index = get_index(app)
    live = search_index.current_path()
    with stalled(app, "stall-rebuild"):
        pass
    unfinished = [build for build in search_index.directory.glob("gen-*")
                  if not (build / META_FILE).exists()]
    assert len(unfinished) == 1 and search_index.current_path() == live
    assert "rover" in platforms_found(app, "dogs")  # searches use the live build meanwhile
    assert not unfinished[0].exists()  # and that search's catch-up removed the dead one
    with search_index.write_lock(timeout=0):
        pass


def test_a_commit_that_cannot_get_the_lock_leaves_its_change_to_catch_up(small_app, caplog):
    small_app.config["INDEX_CATCHUP_SECONDS"] = 3600
    search_index = get_index(small_app)
    assert platforms_found(small_app, "zeppelin") == []  # this process has checked once
    with stalled(small_app, "stall-update", slug="airbnb", summary="Rooms."):
        with small_app.app_context(), pytest.raises(IndexBusy):
            search_index.update(db.session, {"rover"}, timeout=0)
        edit_platform(small_app, "rover", summary="Zeppelin rides for dogs.")  # no error
    assert "search index update postponed for ['rover']" in caplog.text
    small_app.config["INDEX_CATCHUP_SECONDS"] = 0
    assert "rover" in platforms_found(small_app, "zeppelin")


# -- a new schema version --------------------------------------------------------------------------
def test_gunicorn_rebuilds_an_index_of_another_schema_version_before_serving(make_app, tmp_path):
    site = make_app("small")
    search_index = get_index(site)
    meta_path = search_index.current_path() / META_FILE
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "schema_version": search.SCHEMA_VERSION - 1}))
    assert not search_index.is_usable()
    with production_gunicorn(site, tmp_path / "instance",
                             WEB_CONCURRENCY="1") as (_port, first_answer):
        assert first_answer == 200  # never a 503 from an index it cannot use
        assert search_index.is_usable()
