"""Rank the platforms that fit what a worker has and can do, and say why each matched.

Callers get plain result objects; Whoosh stays behind this module and peers.discovery.search.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from whoosh import query as wq
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.support.levenshtein import damerau_levenshtein

from peers.discovery.places import Place
from peers.discovery.search import get_index
from peers.discovery.vocabulary import Vocabulary, load_vocabulary
from peers.extensions import db

# How much a hit in each field counts, and how it is named to the worker.
FIELD_BOOSTS = {"name": 5.0, "formerly": 4.0, "skills": 3.0, "tags": 2.5, "category": 2.0,
                "summary": 1.5, "description": 1.0}
FIELD_LABELS = {"name": "name", "formerly": "former name", "skills": "skills", "tags": "tags",
                "category": "category", "summary": "summary", "description": "description",
                "assets": "assets"}
ASSET_BOOST = 6.0  # a platform built on the worker's asset is the strongest signal there is
EXPANSION_WEIGHT = 0.6  # words a phrase stands for count less than the worker's own words
ASSET_TERMS_WEIGHT = 0.5
# Fields where only the worker's own words count: an expansion of "tutor" must not match a
# platform merely named "Varsity Tutors".
OWN_WORDS_ONLY = {"name", "formerly"}
# Words a phrase or an asset stands for search the short fields only: in long descriptions
# they match almost everything and cost the most.
EXPANSION_FIELDS = [f for f in FIELD_BOOSTS if f not in OWN_WORDS_ONLY | {"description"}]
MAX_WORDS = 40
# Whoosh's stop words lack the pronouns and fillers of how people describe themselves; "my"
# would otherwise match every tag like "rent my room".
IGNORED_WORDS = STOP_WORDS | {
    "i", "me", "my", "mine", "we", "our", "im", "ive", "own", "have", "has", "got", "get",
    "do", "can", "would", "like", "want", "some", "any", "all", "out", "up",
}
SUGGEST_MIN_LENGTH = 5  # shorter words have too many near neighbours to guess from
_stem = StemmingAnalyzer(stoplist=None)
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class WorkerProfile:
    """What a worker told us: free text, asset keys, a resolved place (or None)."""

    text: str = ""
    assets: tuple[str, ...] = ()
    place: Place | None = None


@dataclass(frozen=True)
class Reason:
    kind: str  # "words" (what the worker typed) or "asset" (a box they ticked)
    source: str  # the word, phrase or asset label
    fields: tuple[str, ...]  # where it hit, named for people
    via: tuple[str, ...] = ()  # the words it stands for that hit ("pup" -> "dog"), if any

    def __str__(self) -> str:
        where = _join(self.fields)
        meaning = f" (as {_join(self.via)})" if self.via else ""
        if self.kind == "asset":
            what = f"{self.source[0].lower()}{self.source[1:]}"
            return f"You have {what}{meaning}: it appears in its {where}"
        if " " in self.source:
            return f'Your words "{self.source}"{meaning} appear in its {where}'
        return f'Your word "{self.source}"{meaning} appears in its {where}'


def _join(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class Match:
    slug: str
    score: float
    status: str
    successor: str | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Redirect:
    """A search named a merged platform: its work continues on the successor."""

    from_slug: str
    to_slug: str


@dataclass
class MatchResults:
    matches: list[Match] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None
    place: Place | None = None
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class _Source:
    kind: str
    label: str
    terms: tuple[str, ...]
    weight: float


def clean_text(text: str) -> str:
    """Lowercase, drop control characters, fold whitespace."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.lower().split())


def has_words(text: str) -> bool:
    """True when the text has at least one word to search for."""
    return _WORD_RE.search(text) is not None


def _sources(text: str, assets: tuple[str, ...], vocabulary: Vocabulary) -> list[_Source]:
    sources: list[_Source] = []
    words = [w for w in dict.fromkeys(_WORD_RE.findall(text)) if w not in IGNORED_WORDS]
    for word in words[:MAX_WORDS]:
        sources.append(_Source("words", word, (word,), 1.0))
    for concept in vocabulary.concepts:
        for phrase in concept.phrases:
            # The substring test is cheap and rules out almost every phrase before the regex.
            if phrase in text and vocabulary.phrase_pattern(phrase).search(text):
                sources.append(_Source("words", phrase, concept.terms, EXPANSION_WEIGHT))
                break
    for key in assets:
        asset = vocabulary.assets[key]
        sources.append(_Source("asset", asset.label, asset.terms, ASSET_TERMS_WEIGHT))
    return sources


class _PreloadedOr(wq.Or):
    """An OR that loads every clause's postings once and sums scores in an array: much faster
    than Whoosh's binary tree of unions when every match is scored (we need the exact total)."""

    matcher_type = wq.Or.ARRAY_MATCHER


def _build_query(sources: list[_Source], assets: tuple[str, ...], reader):
    """One OR query over the fields, and a map from each (field, term) to its sources.

    Terms the index does not hold are left out: they cannot match and only cost time.
    """
    boosts: dict[tuple[str, str], float] = {}
    # (field, indexed token) -> {(source index, the term it came from)}
    origin: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    analyzer = reader.schema["name"].analyzer  # every text field shares one analyzer
    present: dict[tuple[str, str], bool] = {}
    for i, source in enumerate(sources):
        fields = FIELD_BOOSTS if source.weight >= 1.0 else EXPANSION_FIELDS
        for term in source.terms:
            for token in {t.text for t in analyzer(term, mode="query")}:
                for fieldname in fields:
                    key = (fieldname, token)
                    if key not in present:
                        present[key] = key in reader
                    if present[key]:
                        boost = FIELD_BOOSTS[fieldname] * source.weight
                        boosts[key] = max(boosts.get(key, 0.0), boost)
                        origin[key].add((i, term))
    asset_sources = {s.label: i for i, s in enumerate(sources) if s.kind == "asset"}
    vocabulary_assets = _vocabulary().assets
    for key in assets:
        if ("assets", key) in reader:
            boosts[("assets", key)] = ASSET_BOOST
            origin[("assets", key)].add((asset_sources[vocabulary_assets[key].label], ""))
    terms = [wq.Term(f, t, boost=b) for (f, t), b in boosts.items()]
    return (_PreloadedOr(terms) if terms else wq.NullQuery), origin


def _matched_terms(reader, docnums: list[int], keys) -> dict[int, list[tuple[str, str]]]:
    """Which query terms each of these documents contains, walking each term's postings once."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    ordered = sorted(docnums)
    for fieldname, token in keys:
        postings = reader.postings(fieldname, token)
        for docnum in ordered:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
            if postings.is_active() and postings.id() == docnum:
                found[docnum].append((fieldname, token))
    return found


def _reasons(matched: list[tuple[str, str]], sources: list[_Source],
             origin) -> tuple[Reason, ...]:
    # A word the worker typed can also be a vocabulary phrase ("dogs"): one reason per label.
    fields: dict[tuple[str, str], set[str]] = {(s.kind, s.label): set() for s in sources}
    via: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fieldname, token in matched:
        for i, term in origin.get((fieldname, token), ()):
            label = (sources[i].kind, sources[i].label)
            fields[label].add(fieldname)
            if term and term != sources[i].label:
                via[label].add(term)
    order = list(FIELD_LABELS)
    return tuple(
        Reason(kind, label, tuple(FIELD_LABELS[f] for f in sorted(hit_fields, key=order.index)),
               tuple(sorted(via[(kind, label)])))
        for (kind, label), hit_fields in fields.items() if hit_fields
    )


def _stems(word: str) -> set[str]:
    return {token.text for token in _stem(word)}


def _close_enough(word: str, candidate: str) -> bool:
    """One edit away (a swap of neighbours is one), two for long words; not a mere inflection."""
    allowed = 2 if len(word) >= 10 else 1
    return (damerau_levenshtein(word, candidate) <= allowed
            and not _stems(word) & _stems(candidate))


def _correction(searcher, word: str) -> str | None:
    candidates = searcher.suggest("words", word, limit=5, maxdist=2, prefix=1)
    return next((c for c in candidates if _close_enough(word, c)), None)


def _suggestion(searcher, text: str, vocabulary: Vocabulary) -> str | None:
    """'Did you mean': replace words neither the index nor the vocabulary knows."""
    known = vocabulary.known_words
    reader = searcher.reader()
    changed = False
    out = []
    for word in _WORD_RE.findall(text)[:MAX_WORDS]:
        if (len(word) >= SUGGEST_MIN_LENGTH and word not in IGNORED_WORDS and word not in known
                and not word.isdigit() and reader.doc_frequency("words", word) == 0):
            better = _correction(searcher, word)
            if better:
                word, changed = better, True
        out.append(word)
    return " ".join(out) if changed else None


def _vocabulary() -> Vocabulary:
    return load_vocabulary(current_app.config["VOCABULARY_PATH"])


def match_platforms(profile: WorkerProfile, limit: int = 20) -> MatchResults:
    """Rank platforms for a worker: active ones first, each with the reasons it matched."""
    vocabulary = _vocabulary()
    text = clean_text(profile.text)
    sources = _sources(text, profile.assets, vocabulary)
    search_index = get_index()
    search_index.catch_up_if_due(db.session, current_app.config["INDEX_CATCHUP_SECONDS"])
    results = MatchResults(place=profile.place)
    with search_index.searcher() as searcher:
        reader = searcher.reader()
        query, origin = _build_query(sources, profile.assets, reader)
        if text:
            results.suggestion = _suggestion(searcher, text, vocabulary)
        if query is wq.NullQuery:
            return results
        region = None
        if profile.place is not None:
            region = set(searcher.docs_for_query(wq.Or([
                wq.Term("regions", profile.place.country_code.lower()),
                wq.Term("regions", "worldwide"),
            ])))
        # Every match is scored once, so the total is exact and closed or merged platforms can
        # be put after every active one without a second search.
        hits = searcher.search(query, filter=region, limit=None)
        active = set(searcher.docs_for_query(wq.Term("status", "active")))
        ranked = list(hits.items())  # (docnum, score), best first, without Hit objects
        ranked.sort(key=lambda pair: pair[0] not in active)  # stable: keeps score order
        results.total = len(ranked)
        shown = ranked[:limit]
        # A merged platform named in the query leads to its successor, even past the limit.
        merged = [d for d, _ in ranked[limit:] if searcher.stored_fields(d).get("successor")]
        matched = _matched_terms(reader, [d for d, _ in shown] + merged, origin)
        for docnum, score in shown:
            fields = searcher.stored_fields(docnum)
            results.matches.append(Match(fields["slug"], round(score, 4), fields["status"],
                                         fields.get("successor"),
                                         _reasons(matched[docnum], sources, origin)))
        for docnum in [d for d, _ in shown] + merged:
            fields = searcher.stored_fields(docnum)
            if fields.get("successor") and any(f == "name" for f, _ in matched[docnum]):
                results.redirects.append(Redirect(fields["slug"], fields["successor"]))
    return results
