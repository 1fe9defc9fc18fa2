"""The matcher: ranking, reasons, places, merged and closed platforms, did-you-mean."""

import dataclasses

import pytest

from peers.discovery.matcher import Match, MatchResults, WorkerProfile, match_platforms
from peers.discovery.places import resolve_place


def run(app, text="", assets=(), place=None, limit=20) -> MatchResults:
    with app.app_context():
        profile = WorkerProfile(text, tuple(assets), resolve_place(place) if place else None)
        return match_platforms(profile, limit=limit)


def slugs(results: MatchResults) -> list[str]:
    return [m.slug for m in results.matches]


def test_words_rank_the_platform_that_uses_them(small_app):
    results = run(small_app, "dog walking")
    assert slugs(results)[0] in {"rover", "hourly-walkers"}
    assert {"rover", "hourly-walkers"} <= set(slugs(results))
    assert "airbnb" not in slugs(results)


def test_every_result_says_why(small_app):
    results = run(small_app, "dog walking", assets=["car"])
    for match in results.matches:
        assert match.reasons, f"{match.slug} has no reason"
    rover = next(m for m in results.matches if m.slug == "rover")
    words = {r.source: r for r in rover.reasons}
    assert "skills" in words["walking"].fields
    assert str(words["walking"]).startswith('Your word "walking" appears in its skills')
    blablacar = next(m for m in results.matches if m.slug == "blablacar")
    asset = next(r for r in blablacar.reasons if r.kind == "asset")
    assert asset.source == "A car" and "assets" in asset.fields


def test_an_expanded_word_says_what_it_was_read_as(small_app):
    rover = run(small_app, "pup").matches[0]
    reason = next(r for r in rover.reasons if r.source == "pup")
    assert reason.via and set(reason.via) <= {"dog", "pet", "walking", "sitting", "boarding"}
    assert str(reason).startswith('Your word "pup" (as ')
    car = next(m for m in run(small_app, assets=["car"]).matches if m.slug == "blablacar")
    asset = next(r for r in car.reasons if r.kind == "asset")
    assert str(asset).startswith("You have a car")


def test_total_counts_only_platforms_that_pass_the_filters(small_app):
    results = run(small_app, "dogs walking carpool", limit=20)
    assert results.total == len(results.matches)
    in_france = run(small_app, "dogs walking carpool", place="FR", limit=20)
    assert in_france.total == len(in_france.matches) < results.total


def test_vocabulary_expands_what_workers_say(small_app):
    # "pup" and "spare bedroom" appear in no platform text; the vocabulary knows what they mean.
    assert slugs(run(small_app, "pup"))[0] in {"rover", "hourly-walkers"}
    results = run(small_app, "I have a spare bedroom")
    assert slugs(results)[0] == "airbnb"
    assert any(r.source == "spare bedroom" for r in results.matches[0].reasons)
    assert slugs(run(small_app, "carpool"))[0] == "blablacar"


def test_assets_alone_and_with_words_combine(small_app):
    assert slugs(run(small_app, assets=["spare-room"]))[0] == "airbnb"
    both = run(small_app, "dog walking", assets=["dog-friendly-home"])
    assert slugs(both)[0] == "rover"  # uses the asset and the words


def test_place_filters_out_platforms_that_do_not_operate_there(small_app):
    in_france = slugs(run(small_app, "carpool dogs", place="Lyon, France"))
    assert "blablacar" in in_france  # FR
    assert "rover" not in in_france  # US, GB, CA only
    assert "hourly-walkers" in in_france  # worldwide
    in_us = slugs(run(small_app, "carpool dogs", place="Austin, TX"))
    assert "rover" in in_us and "blablacar" not in in_us


def test_closed_and_merged_never_outrank_an_active_fit(small_app):
    results = run(small_app, "carpooling commute")
    order = slugs(results)
    assert order.index("blablacar") < order.index("waze-carpool")
    statuses = [m.status for m in results.matches]
    first_inactive = next(i for i, s in enumerate(statuses) if s != "active")
    assert all(s != "active" for s in statuses[first_inactive:])


def test_search_for_merged_platform_leads_to_successor(small_app):
    results = run(small_app, "dogvacay")
    assert slugs(results)[0] == "rover"
    assert any(r.fields == ("former name",) for r in results.matches[0].reasons)
    assert [(r.from_slug, r.to_slug) for r in results.redirects] == [("dogvacay", "rover")]
    assert results.matches[1].slug == "dogvacay" and results.matches[1].successor == "rover"


def test_a_clear_misspelling_is_corrected_and_searched(small_app):
    results = run(small_app, "dog wlaking")
    assert results.corrected_text == "dog walking" and results.suggestion is None
    assert slugs(results)[0] == "rover"
    assert run(small_app, "dog walking").corrected_text is None


def test_a_short_misspelling_is_corrected_too(small_app):
    results = run(small_app, "dgos")
    assert results.corrected_text == "dogs"
    assert "rover" in slugs(results)


def test_exact_search_keeps_the_words_as_typed(small_app):
    with small_app.app_context():
        results = match_platforms(WorkerProfile("dgos", exact=True))
    assert results.corrected_text is None and results.matches == []


def test_vocabulary_words_are_not_corrected(small_app):
    assert run(small_app, "handyman").suggestion is None


def test_limit_caps_results_but_total_counts_all(small_app):
    results = run(small_app, "dog walking carpool hosting", limit=2)
    assert len(results.matches) == 2
    assert results.total > 2


def test_stop_words_alone_find_nothing(small_app):
    assert run(small_app, "the and of").matches == []


@pytest.mark.parametrize("text", ['"', "*", "OR (", "dog AND", "name:rover", "\x00\x07", "🐶"])
def test_query_syntax_is_just_text(small_app, text):
    results = run(small_app, text)
    assert isinstance(results, MatchResults)


def test_results_are_plain_objects(small_app):
    # Callers never see Whoosh types: every field is a plain value.
    match = run(small_app, "dogs").matches[0]
    assert isinstance(match, Match)
    for value in dataclasses.asdict(match).values():
        assert type(value).__module__ == "builtins"


@pytest.mark.parametrize("text", ["dogs near the mountains", "my dog"])
def test_ordinary_words_are_not_corrected(small_app, text):
    assert run(small_app, text).suggestion is None


def test_filler_words_match_nothing(small_app):
    assert run(small_app, "my own i have got").matches == []
