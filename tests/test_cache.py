"""The bounded cache every per-process cache of the site uses."""

import pytest

from peers.cache import STATES_KEPT, BoundedCache, PerIndexState


def test_a_full_cache_forgets_the_least_recently_used_entry_first():
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert len(cache) == 2
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3


def test_get_or_make_makes_a_missing_value_once():
    cache = BoundedCache(10)
    made = []
    for _ in range(3):
        assert cache.get_or_make("k", lambda: made.append(1) or "value") == "value"
    assert made == [1]


def test_a_stream_of_new_keys_never_grows_it_past_its_size():
    cache = BoundedCache(100)
    for number in range(10_000):
        cache.get_or_make(number, lambda number=number: str(number))
    assert len(cache) == 100
    assert cache.get(9_999) == "9999" and cache.get(0) is None


def test_clear_forgets_everything():
    cache = BoundedCache(3)
    cache.put("a", 1)
    cache.clear()
    assert len(cache) == 0 and cache.get("a", "gone") == "gone"


def test_a_cache_of_no_entries_is_refused():
    with pytest.raises(ValueError, match="at least one entry"):
        BoundedCache(0)


def test_each_index_state_has_its_own_cache_and_only_the_latest_states_are_kept():
    per_state = PerIndexState(5)
    per_state.of(("build-1", 1)).put("card", "old")
    assert per_state.of(("build-1", 2)).get("card") is None  # a new state starts empty
    assert per_state.of(("build-1", 1)).get("card") == "old"
    for generation in range(3, 3 + STATES_KEPT):
        per_state.of(("build-1", generation)).put("card", generation)
    assert per_state.of(("build-1", 1)).get("card") is None  # forgotten with its state
    assert per_state.of(("build-1", 2 + STATES_KEPT)).get("card") == 2 + STATES_KEPT
    assert per_state.of(("build-1", 1)).max_size == 5
