"""Checking out a pooled searcher cheaply never hides a commit, a swap or a stale build."""

import json
import time

import pytest
from whoosh.searching import Searcher

from peers.discovery import search
from peers.discovery.matcher import WorkerProfile, match_platforms
from peers.discovery.search import META_FILE, IndexMissing, get_index
from peers.search import pool
from tests.factories import rename_summary
from tests.helpers import found


def test_a_settled_folder_is_checked_by_its_stat_and_a_commit_is_still_seen(small_app,
                                                                           monkeypatch):
    # A clock far ahead: every stat of the index folder counts as settled at once.
    monkeypatch.setattr(pool, "_now_ns", lambda: time.time_ns() + 10 * pool.SETTLED_NS)
    listings = []
    up_to_date = Searcher.up_to_date
    monkeypatch.setattr(Searcher, "up_to_date", lambda self: listings.append(1) or up_to_date(self))
    for _ in range(3):
        assert "rover" not in found(small_app, "zeppelin")
    listed = len(listings)
    assert listed >= 1  # the first check-out of a pooled searcher lists the folder...
    found(small_app, "zeppelin")
    assert len(listings) == listed  # ...and once settled, a stat of it is enough
    time.sleep(0.05)  # past a tick of the file system's clock since the folder last changed
    rename_summary(small_app, "rover", "Zeppelin rides for dogs.")
    assert "rover" in found(small_app, "zeppelin")
    assert len(listings) > listed


def test_a_recently_changed_folder_is_always_listed(small_app, monkeypatch):
    listings = []
    up_to_date = Searcher.up_to_date
    monkeypatch.setattr(Searcher, "up_to_date", lambda self: listings.append(1) or up_to_date(self))
    monkeypatch.setattr(pool, "_now_ns", lambda: 0)  # the folder's times are never old
    for _ in range(3):
        found(small_app, "dogs")
    assert len(listings) == 2


def test_a_rebuild_and_a_stale_meta_file_are_seen_by_the_next_search(small_app):
    assert "rover" in found(small_app, "dog walking")
    index = get_index(small_app)
    before = index.current_path()
    result = small_app.test_cli_runner().invoke(args=["peers", "reindex"])
    assert result.exit_code == 0
    assert "rover" in found(small_app, "dog walking")
    assert index._pool.path == index.current_path() != before
    meta_path = index.current_path() / META_FILE
    meta = json.loads(meta_path.read_text())
    time.sleep(0.05)  # a new mtime for the meta file
    meta_path.write_text(json.dumps({**meta, "schema_version": search.SCHEMA_VERSION - 1}))
    with small_app.app_context(), pytest.raises(IndexMissing):
        match_platforms(WorkerProfile("dog walking"))
