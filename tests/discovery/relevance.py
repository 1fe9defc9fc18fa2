"""Scoring the relevance suite: each judged case run through the matcher (and through a plain
BM25 baseline over the same index), checked, and summed up as figures.

`make relevance` prints the figures (python -m tests.discovery.relevance); test_relevance
fails when they fall below its floor.

- ranked right: the share of cases whose ranking checks all hold (each judged platform at or
  above its rank, none of the absent ones shown, only allowed ones at the top);
- MRR: the mean of 1 / the rank of the first judged platform (0 when none is shown);
- nDCG@5: the judged platforms' discounted gain in the first five, against the best possible.
"""

import math
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from whoosh import query as wq

from peers.discovery.matcher import IGNORED_WORDS, MatchResults, match_platforms, read_profile
from peers.discovery.places import resolve_place
from peers.discovery.search import get_index
from peers.discovery.vocabulary import load_vocabulary
from tests.discovery.relevance_cases import ALL_CASES, LIMIT, Case

BASELINE_FIELD = "words"  # every text field of a platform, unweighted


@dataclass(frozen=True)
class Figures:
    cases: int
    ranked_right: float
    mrr: float
    ndcg5: float

    def line(self, name: str) -> str:
        return (f"{name:<10} ranked right {self.ranked_right:6.1%}   MRR {self.mrr:.3f}   "
                f"nDCG@5 {self.ndcg5:.3f}   ({self.cases} cases)")


def run(body: Case) -> MatchResults:
    """The case through the matcher as the page runs it (call in an app context)."""
    place = resolve_place(body.place) if body.place else None
    profile, _ = read_profile(body.text, body.assets, place)
    return match_platforms(profile, limit=LIMIT)


def baseline(body: Case) -> list[str]:
    """Plain BM25 over the same index: the description's words (and ticked assets' labels)
    OR-ed over all of a platform's text, no vocabulary, no places, no intents."""
    words = body.text
    if body.assets:
        vocabulary = load_vocabulary(current_app.config["VOCABULARY_PATH"])
        words += " " + " ".join(vocabulary.assets[key].label for key in body.assets)
    with get_index().snapshot() as snapshot:
        searcher = snapshot.searcher
        analyzer = searcher.schema[BASELINE_FIELD].analyzer
        tokens = [t.text for t in analyzer(words.lower()) if t.text not in IGNORED_WORDS]
        if not tokens:
            return []
        query = wq.Or([wq.Term(BASELINE_FIELD, token) for token in dict.fromkeys(tokens)])
        return [hit["slug"] for hit in searcher.search(query, limit=LIMIT)]


def rank(order: list[str], slug: str) -> float:
    """1-based position of the platform, or infinity when it is not shown."""
    return order.index(slug) + 1 if slug in order else math.inf


def ranking_problems(body: Case, order: list[str]) -> list[str]:
    """What in this ranking goes against the case's judgement (empty: ranked right)."""
    shown = ", ".join(f"{i}. {slug}" for i, slug in enumerate(order, 1)) or "(no results)"
    problems = [f"{slug} should be in the top {worst}: {shown}"
                for slug, worst in body.ranks.items() if rank(order, slug) > worst]
    problems += [f"{slug} should not be shown: {shown}"
                 for slug in sorted(body.absent) if slug in order]
    if body.top:
        n, allowed = body.top
        if stray := [slug for slug in order[:n] if slug not in allowed]:
            problems.append(f"{stray} should not be in the top {n}: {shown}")
    return problems


def relevant(body: Case) -> set[str]:
    judged = set(body.ranks)
    if body.top and not judged:
        judged = set(body.top[1])
    return judged


def reciprocal_rank(body: Case, order: list[str]) -> float | None:
    judged = relevant(body)
    if not judged:
        return None
    return next((1 / i for i, slug in enumerate(order, 1) if slug in judged), 0.0)


def ndcg5(body: Case, order: list[str]) -> float | None:
    judged = relevant(body)
    if not judged:
        return None
    dcg = sum(1 / math.log2(i + 1) for i, slug in enumerate(order[:5], 1) if slug in judged)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(judged), 5) + 1))
    return dcg / ideal


def figures(orders: list[tuple[Case, list[str]]]) -> Figures:
    right = [not ranking_problems(body, order) for body, order in orders]
    rr = [x for body, order in orders if (x := reciprocal_rank(body, order)) is not None]
    gains = [x for body, order in orders if (x := ndcg5(body, order)) is not None]
    return Figures(len(orders), sum(right) / len(right), sum(rr) / len(rr),
                   sum(gains) / len(gains))


def measure(app) -> tuple[Figures, Figures, list[tuple[Case, list[str]]]]:
    """The matcher's figures, the baseline's, and the matcher's order for every case."""
    with app.app_context():
        ours = [(body, [m.slug for m in run(body).matches]) for body in ALL_CASES]
        theirs = [(body, baseline(body)) for body in ALL_CASES]
    return figures(ours), figures(theirs), ours


def main() -> int:
    from peers import create_app
    from tests.sites import CATALOGS, build_site, close_app, site_config

    with tempfile.TemporaryDirectory(prefix="peers-relevance-") as directory:
        config = site_config(Path(directory), CATALOG_PATH=CATALOGS["real"])
        build_site(create_app(config))
        app = create_app(config)
        ours, theirs, orders = measure(app)
        close_app(app)
    print(f"Relevance suite: {len(ALL_CASES)} judged descriptions, real catalog, top {LIMIT}")
    print(ours.line("Peers"))
    print(theirs.line("BM25"))
    if "-v" in sys.argv:
        for body, order in orders:
            for problem in ranking_problems(body, order):
                print(f"  {body.case_id}: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
