"""The search index: derived from the database, rebuilt atomically, kept current after commit."""

import gc
import json
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import sqlalchemy as sa
from whoosh.index import LockError

from peers.discovery import search
from peers.discovery.matcher import WorkerProfile, match_platforms
from peers.discovery.models import Platform
from peers.discovery.search import META_FILE, SearchIndex, get_index
from peers.extensions import db
from peers.search import POOL_SIZE
from tests.factories import rename_summary
from tests.helpers import found


def test_reindex_swaps_builds_atomically_and_keeps_one_previous(small_app):
    runner = small_app.test_cli_runner()
    index_dir = get_index(small_app).directory
    first = os.readlink(index_dir / "current")
    for _ in range(3):
        result = runner.invoke(args=["peers", "reindex"])
        assert result.exit_code == 0 and "rebuilt with 6 platform(s)" in result.output
    current = os.readlink(index_dir / "current")
    assert current != first
    builds = sorted(p.name for p in index_dir.glob("gen-*"))
    assert len(builds) == 2 and current in builds  # the current build and the one before it
    assert "dog" and "rover" in found(small_app, "dog walking")


def test_a_committed_change_reaches_search(small_app):
    assert "rover" not in found(small_app, "zeppelin")
    rename_summary(small_app, "rover", "Zeppelin rides for dogs.")
    assert "rover" in found(small_app, "zeppelin")


def test_a_rolled_back_change_never_reaches_search(small_app):
    with small_app.app_context():
        platform = db.session.scalar(sa.select(Platform).where(Platform.slug == "rover"))
        platform.summary = "Zeppelin rides for dogs."
        db.session.flush()
        db.session.rollback()
    assert "rover" not in found(small_app, "zeppelin")


def test_a_failed_index_write_is_caught_up_from_the_database(small_app, monkeypatch):
    def locked(*_args, **_kwargs):
        raise LockError("another process holds the index")

    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "update", locked)
        rename_summary(small_app, "rover", "Zeppelin rides for dogs.")  # commits, no 500
    small_app.config["INDEX_CATCHUP_SECONDS"] = 0
    assert "rover" in found(small_app, "zeppelin")  # the next search catches up


def test_the_matcher_only_reads_and_a_search_request_catches_up_first(small_app, small_client,
                                                                     monkeypatch):
    def locked(*_args, **_kwargs):
        raise LockError("another process holds the index")

    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "update", locked)
        rename_summary(small_app, "rover", "Zeppelin rides for dogs.")  # missed by the index
    small_app.config["INDEX_CATCHUP_SECONDS"] = 0
    with small_app.app_context():
        state = match_platforms(WorkerProfile("zeppelin")).index_state
        again = match_platforms(WorkerProfile("zeppelin"))
    assert again.index_state == state and again.matches == []  # nothing written by a match
    page = small_client.get("/discover?q=zeppelin")
    assert page.status_code == 200 and "Rover" in page.get_data(as_text=True)
    api = small_client.get("/api/v1/discover?q=zeppelin").get_json()
    assert [result["slug"] for result in api["results"]] == ["rover"]


def test_deleted_platform_leaves_the_index(small_app):
    with small_app.app_context():
        db.session.execute(sa.delete(Platform).where(Platform.slug == "hourly-walkers"))
        db.session.commit()
    small_app.config["INDEX_CATCHUP_SECONDS"] = 0
    assert "hourly-walkers" not in found(small_app, "walkers")


def test_reindex_if_stale_rebuilds_an_old_schema_version(small_app):
    index = get_index(small_app)
    meta_path = index.current_path() / META_FILE
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "schema_version": search.SCHEMA_VERSION - 1}))
    assert not index.is_usable()
    result = small_app.test_cli_runner().invoke(args=["peers", "reindex", "--if-stale"])
    assert "rebuilt with 6 platform(s)" in result.output
    assert index.is_usable()


def test_reindex_if_stale_only_catches_up_a_current_index(small_app):
    result = small_app.test_cli_runner().invoke(args=["peers", "reindex", "--if-stale"])
    assert "Search index is current (0 platform(s) caught up)" in result.output


def test_healthz_reports_database_and_index(small_client, small_app):
    response = small_client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": True, "index": True}}
    os.unlink(get_index(small_app).directory / "current")
    response = small_client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"] == {"database": True, "index": False}


@pytest.mark.sqlite_only(reason="a SQLite file in a missing directory")
def test_healthz_reports_a_missing_database(make_app, tmp_path):
    app = make_app("small", DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/peers.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["checks"]["database"] is False


def test_search_without_an_index_is_a_clear_503_not_a_traceback(small_app, small_client):
    os.unlink(get_index(small_app).directory / "current")
    response = small_client.get("/discover?q=dogs")
    assert response.status_code == 503
    assert b"Traceback" not in response.data


def _open_index_files(index_dir) -> list[str]:
    # Whoosh leaves an mmap whose buffer is still exported to the garbage collector: collect
    # first, so that only files something still holds on to are counted.
    gc.collect()
    fd_dir = "/proc/self/fd"
    targets = []
    for fd in os.listdir(fd_dir):
        try:
            targets.append(os.readlink(os.path.join(fd_dir, fd)))
        except OSError:
            continue
    return [t for t in targets if t.startswith(str(index_dir.resolve()))]


def test_searches_reuse_a_few_open_files_and_see_commits_and_new_builds(small_app, small_client):
    index_dir = get_index(small_app).directory
    assert small_client.get("/discover?q=dog+walking").status_code == 200
    first_build = os.readlink(index_dir / "current")
    after_one = _open_index_files(index_dir)
    for _ in range(30):
        assert small_client.get("/discover?q=dog+walking").status_code == 200
    assert _open_index_files(index_dir) == after_one  # the pooled searcher, reused
    rename_summary(small_app, "airbnb", "Zeppelin hangar stays.")  # updates the index in place
    assert "Airbnb" in small_client.get("/discover?q=zeppelin").get_data(as_text=True)
    assert len(_open_index_files(index_dir)) <= len(after_one) + 2  # the update's new segment
    rename_summary(small_app, "airbnb", "Airship hangar stays.")
    small_app.test_cli_runner().invoke(args=["peers", "reindex"])
    assert "Airbnb" in small_client.get("/discover?q=airship").get_data(as_text=True)
    still_open = _open_index_files(index_dir)
    assert still_open and not [f for f in still_open if first_build in f]


def test_each_concurrent_search_has_its_own_searcher_and_few_stay_open(small_app):
    index = get_index(small_app)
    with ExitStack() as stack:
        held = [stack.enter_context(index.snapshot()).searcher for _ in range(POOL_SIZE + 3)]
        assert len({id(searcher) for searcher in held}) == len(held)  # never shared
        while_held = len(_open_index_files(index.directory))
    del held  # a closed searcher's mmap stays open for as long as anything references it
    kept = len(_open_index_files(index.directory))
    assert 0 < kept < while_held
    for _ in range(10):
        with index.snapshot():
            pass
    assert len(_open_index_files(index.directory)) == kept  # reused, not opened again


def test_concurrent_searches_each_get_whole_answers(small_app):
    expected = found(small_app, "dog walking")
    with ThreadPoolExecutor(4) as threads:
        answers = list(threads.map(lambda _: found(small_app, "dog walking"), range(40)))
    assert answers == [expected] * 40


def test_init_writes_a_secret_key_once(make_app, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("PEERS_INSTANCE_PATH", str(instance))
    app = make_app("small", SECRET_KEY="dev-only-insecure-key")
    runner = app.test_cli_runner()
    assert "Wrote a new random SECRET_KEY" in runner.invoke(args=["peers", "init"]).output
    first = (instance / "config.py").read_text()
    assert "dev-only-insecure-key" not in first and len(first) > 50
    runner.invoke(args=["peers", "init"])
    assert (instance / "config.py").read_text() == first
