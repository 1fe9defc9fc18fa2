"""Rank the platforms that fit what a worker has and can do, and say why each matched.

Callers get plain result objects; Whoosh stays behind this module, peers.discovery.search and
peers.discovery.scoring (which scores from term vectors cached per index state).
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.support.levenshtein import damerau_levenshtein

from peers.cache import BoundedCache
from peers.discovery.places import Place
from peers.discovery.reading import Reading, read_text
from peers.discovery.scoring import Scorer, TermVector
from peers.discovery.search import get_index
from peers.discovery.vocabulary import Concept, Vocabulary, load_vocabulary

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
    "live", "living", "based", "located",
}
SUGGEST_MIN_LENGTH = 5  # shorter words are corrected by one edit at most
SHORT_WORD = 4  # shorter words have too many near neighbours to guess from
# Intents: what a platform that earns through a worker's intent adds to its score. An asset's
# uses count less the less common they are (a car: drive passengers first, then deliver...).
INTENT_BOOST = 30.0
HAS_WEIGHTS = (1.0, 0.8, 0.65, 0.5)
HAS_WEIGHT_NARROWED = 0.35  # an asset's other uses, when the words say which one is meant
DIVERSE_ROUNDS = 2  # with several intents, the first results take this many turns each
CANDIDATES = 40  # ranked before diversifying, so that every intent has its best fits
# Sorting by rating or earnings re-orders only matches scoring at least this share of the best.
RELEVANCE_FLOOR = 0.5
_stem = StemmingAnalyzer(stoplist=None)
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class WorkerProfile:
    """What a worker told us: free text, asset keys, a resolved place (or None).

    `named_assets` are assets the worker named in the text ("my van"), `languages` the ISO
    639-1 codes of languages they said they speak; `exact` keeps misspellings as typed."""

    text: str = ""
    assets: tuple[str, ...] = ()
    place: Place | None = None
    named_assets: tuple[str, ...] = ()
    languages: frozenset[str] = frozenset()
    exact: bool = False


@dataclass(frozen=True)
class Intent:
    """One thing the worker brings: what they have (an asset), or what they can do or want
    (a kind of work named in their words); `uses` weighs the kinds of work it fits."""

    kind: str  # "has" or "can do"
    label: str  # for people: "a car", "dogs"
    uses: tuple[tuple[str, float], ...]

    @property
    def use_keys(self) -> frozenset[str]:
        return frozenset(use for use, _ in self.uses)


@dataclass(frozen=True)
class Reason:
    kind: str  # "words" (what the worker typed) or "asset" (a box they ticked)
    source: str  # the word, phrase or asset label
    fields: tuple[str, ...]  # where it hit, named for people
    via: tuple[str, ...] = ()  # the words it stands for that hit ("pup" -> "dog"), if any

    def __str__(self) -> str:
        where = _join(self.fields)
        meaning = f" (as {_join(self.via)})" if self.via else ""
        if self.kind == "intent":
            return f"It earns through what you said: {self.source}"
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
    serves: tuple[str, ...] = ()  # the labels of the worker's intents it fits
    strong: bool = True  # scores at or above the relevance floor (see RELEVANCE_FLOOR)


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
    intents: list[Intent] = field(default_factory=list)
    # "Showing results for <corrected_text>" when misspelt words were corrected automatically
    corrected_text: str | None = None
    # Non-earning platforms the text named by name: listed in the catalog, not as matches.
    not_earning: list[str] = field(default_factory=list)
    # The index state these results were ranked in, opaque. Every committed change to a
    # platform reaches the index (after its commit, or by catch-up) as a new state, so a
    # caller may key by it what it derives from the platforms' rows (peers.discovery.cards).
    index_state: Hashable = field(default=None, repr=False, compare=False)


@dataclass
class _Source:
    kind: str
    label: str
    terms: tuple[str, ...]
    weight: float


def clean_text(text: str) -> str:
    """Lowercase, drop control characters, fold whitespace."""
    if not text.isprintable():  # a printable text has no character of a "C" category
        text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.lower().split())


def has_words(text: str) -> bool:
    """True when the text has at least one word to search for."""
    return _WORD_RE.search(text) is not None


def _sources(text: str, assets: tuple[str, ...], vocabulary: Vocabulary,
             asset_words: frozenset[str] = frozenset(),
             ) -> tuple[list[_Source], list[tuple[str, Concept]]]:
    """What to search for, and the vocabulary concepts the text names (with the phrase).

    Words that name an asset ("car" in "my car") are searched as the asset, not as words: a
    car-rental page says "car" far more often than a ridesharing one."""
    sources: list[_Source] = []
    named: list[tuple[str, Concept]] = []
    all_words = dict.fromkeys(_WORD_RE.findall(text))
    words = [w for w in all_words if w not in IGNORED_WORDS and w not in asset_words]
    for word in words[:MAX_WORDS]:
        sources.append(_Source("words", word, (word,), 1.0))
    # Only the concepts that may match (see Vocabulary.phrase_candidates), in their order.
    by_word, always = vocabulary.phrase_candidates
    candidates = set(always)
    for word in all_words:
        candidates.update(by_word.get(word, ()))
    for concept in [vocabulary.concepts[i] for i in sorted(candidates)]:
        for phrase in concept.phrases:
            # The substring test is cheap and rules out almost every phrase before the regex.
            if phrase in text and vocabulary.phrase_pattern(phrase).search(text):
                sources.append(_Source("words", phrase, concept.terms, EXPANSION_WEIGHT))
                named.append((phrase, concept))
                break
    for key in assets:
        asset = vocabulary.assets[key]
        sources.append(_Source("asset", asset.label, asset.terms, ASSET_TERMS_WEIGHT))
    return sources, named


def _clauses(sources: list[_Source], assets: tuple[str, ...], vocabulary: Vocabulary,
             scorer: Scorer):
    """The boost of each (field, indexed token) the query scores, in the order Whoosh's OR
    would sum them, and a map from each (field, token) to the sources it came from.

    Terms no document holds are left out: they cannot match and only cost time.
    """
    boosts: dict[tuple[str, str], float] = {}
    # (field, indexed token) -> {(source index, the term it came from)}
    origin: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    for i, source in enumerate(sources):
        own_words = source.weight >= 1.0
        for term in source.terms:
            for key in _held_keys(scorer, term, own_words):
                boost = FIELD_BOOSTS[key[0]] * source.weight
                boosts[key] = max(boosts.get(key, 0.0), boost)
                origin[key].add((i, term))
    asset_sources = {s.label: i for i, s in enumerate(sources) if s.kind == "asset"}
    for key in assets:
        if scorer.vector("assets", key) is not None:
            boosts[("assets", key)] = ASSET_BOOST
            origin[("assets", key)].add((asset_sources[vocabulary.assets[key].label], ""))
    return boosts, origin


def _tokens(scorer: Scorer, term: str) -> frozenset[str]:
    """The indexed tokens of a term (every text field shares one analyzer)."""
    analyzer = scorer.reader.schema["name"].analyzer
    return scorer.memo(("tokens", term),
                       lambda: frozenset(t.text for t in analyzer(term, mode="query")))


def _held_keys(scorer: Scorer, term: str, own_words: bool) -> tuple[tuple[str, str], ...]:
    """The (field, indexed token) keys of a term that some document holds, in the order the
    query sums them: each token, then each field the term searches."""
    def compute() -> tuple[tuple[str, str], ...]:
        fields = FIELD_BOOSTS if own_words else EXPANSION_FIELDS
        return tuple((fieldname, token) for token in _tokens(scorer, term)
                     for fieldname in fields if scorer.vector(fieldname, token) is not None)
    return scorer.memo(("held keys", term, own_words), compute)


def _matched_terms(scorer: Scorer, docnums: list[int], keys) -> dict[int, list[tuple[str, str]]]:
    """Which query terms each of these documents contains."""
    found: dict[int, list[tuple[str, str]]] = defaultdict(list)
    wanted = set(docnums)
    as_array = np.array(docnums, dtype=np.int64)
    for key in keys:
        for docnum in scorer.vector(*key).holding(wanted, as_array):
            found[docnum].append(key)
    return found


_FIELD_BIT = {f: 1 << n for n, f in enumerate(FIELD_LABELS)}  # bits in FIELD_LABELS' order
_LABEL_BITS = 8  # bits per source label in _Explainer's masks: one per field
assert len(FIELD_LABELS) <= _LABEL_BITS
# Every mask of _LABEL_BITS fits: nothing is ever forgotten.
_FIELDS_OF_MASK: BoundedCache[int, tuple[str, ...]] = BoundedCache(1 << _LABEL_BITS)


def _field_labels(mask: int) -> tuple[str, ...]:
    """The labels of the fields whose bits are set, in FIELD_LABELS' order."""
    return _FIELDS_OF_MASK.get_or_make(mask, lambda: tuple(
        label for f, label in FIELD_LABELS.items() if mask & _FIELD_BIT[f]))


class _Explainer:
    """One query's reasons. What each matched (field, token) says is worked out once: the
    fields it sets for which labels, as bits of one int (_LABEL_BITS per label), and the
    words it stands for; a document's reasons are then made once per distinct outcome."""

    def __init__(self, sources: list[_Source], origin):
        # A word the worker typed can also be a vocabulary phrase ("dogs"): one reason per
        # label, in the order of the labels' first sources.
        labels = list(dict.fromkeys((s.kind, s.label) for s in sources))
        number = {label: n for n, label in enumerate(labels)}
        self.labels = labels
        self.masks: dict[tuple[str, str], int] = {}
        self.via: dict[tuple[str, str], tuple[tuple[int, str], ...]] = {}
        for key, found in origin.items():
            mask, via = 0, []
            for i, term in found:
                n = number[(sources[i].kind, sources[i].label)]
                mask |= _FIELD_BIT[key[0]] << (n * _LABEL_BITS)
                if term and term != sources[i].label:
                    via.append((n, term))
            self.masks[key] = mask
            if via:
                self.via[key] = tuple(via)
        self._made: dict = {}  # reasons by outcome
        self._reason: dict[tuple[int, int, tuple[str, ...]], Reason] = {}  # equal ones made once

    def reasons(self, matched: list[tuple[str, str]]) -> tuple[Reason, ...]:
        masks, via = self.masks, self.via
        mask, stands_for = 0, None
        for key in matched:
            mask |= masks.get(key, 0)
            if key in via:
                stands_for = (stands_for or set()).union(via[key])
        outcome = (mask, frozenset(stands_for)) if stands_for else mask
        reasons = self._made.get(outcome)
        if reasons is None:
            reasons = self._made[outcome] = self._reasons(mask, stands_for or ())
        return reasons

    def _reasons(self, mask: int, stands_for) -> tuple[Reason, ...]:
        reasons = []
        full = (1 << _LABEL_BITS) - 1
        while mask:  # each label with a field set, in order
            n = ((mask & -mask).bit_length() - 1) // _LABEL_BITS
            fields = (mask >> (n * _LABEL_BITS)) & full
            mask &= ~(full << (n * _LABEL_BITS))
            via = tuple(sorted({term for m, term in stands_for if m == n})) if stands_for else ()
            made = (n, fields, via)
            reason = self._reason.get(made)
            if reason is None:
                kind, label = self.labels[n]
                reason = self._reason[made] = Reason(kind, label, _field_labels(fields), via)
            reasons.append(reason)
        return tuple(reasons)


def _stems(word: str) -> set[str]:
    return {token.text for token in _stem(word)}


def _close_enough(word: str, candidate: str) -> bool:
    """One edit away (a swap of neighbours is one), two for long words; not a mere inflection."""
    allowed = 2 if len(word) >= 10 else 1
    return (damerau_levenshtein(word, candidate) <= allowed
            and not _stems(word) & _stems(candidate))


def _correction(searcher, word: str, known: frozenset[str]) -> tuple[str | None, bool]:
    """A near word of the index or the vocabulary for a word neither has, and whether it is
    clearly the one meant (the only one that close); (None, False) when none is close."""
    if searcher.doc_frequency("words", word):
        return None, False
    maxdist = 1 if len(word) < SUGGEST_MIN_LENGTH else 2
    found = [c for c in searcher.suggest("words", word, limit=5, maxdist=maxdist, prefix=1)
             if _close_enough(word, c)]
    found += [w for w in _near_known(word, known) if w not in found]
    if not found:
        return None, False
    best = min(damerau_levenshtein(word, c) for c in found)
    closest = [c for c in found if damerau_levenshtein(word, c) == best]
    return closest[0], len(closest) == 1


def _near_known(word: str, known: frozenset[str]) -> list[str]:
    """Vocabulary words one or two edits away (same first letter), nearest first."""
    return sorted((w for w in known if w[:1] == word[:1] and abs(len(w) - len(word)) <= 2
                   and len(w) >= SHORT_WORD and _close_enough(word, w)),
                  key=lambda w: (damerau_levenshtein(word, w), w))


def _spelling(scorer: Scorer, text: str, vocabulary: Vocabulary) -> tuple[str | None, bool]:
    """The text with words neither the index nor the vocabulary knows corrected, and whether
    every correction is clearly the one meant (then it is applied without asking)."""
    known = vocabulary.known_words
    changed, sure = False, True
    out = []
    for word in _WORD_RE.findall(text)[:MAX_WORDS]:
        if (len(word) >= SHORT_WORD and word not in IGNORED_WORDS and word not in known
                and not word.isdigit() and word.isalpha()):
            better, clear = scorer.memo(
                ("correction", word), lambda word=word: _correction(scorer.searcher, word, known))
            if better:
                word, changed = better, True
                sure = sure and clear
        out.append(word)
    return (" ".join(out), sure) if changed else (None, False)


def _vocabulary() -> Vocabulary:
    return load_vocabulary(current_app.config["VOCABULARY_PATH"])


def read_profile(text: str = "", assets: tuple[str, ...] = (), place: Place | None = None,
                 hours: int | None = None, exact: bool = False) -> tuple[WorkerProfile, Reading]:
    """A profile from what the worker typed: hours and a place in the text become those
    fields (the fields they filled in win), named assets join the ticked ones."""
    vocabulary = _vocabulary()
    reading = read_text(" ".join(text.split()), vocabulary, IGNORED_WORDS)
    named = tuple(key for key in reading.assets if key not in assets)
    profile = WorkerProfile(reading.words, tuple(assets), place or reading.place, named,
                            reading.languages, exact)
    return profile, reading


def _intents(profile: WorkerProfile, concepts: list[tuple[str, "Concept"]],
             vocabulary: Vocabulary) -> list[Intent]:
    """The worker's intents: each asset they have, each kind of work their words name. Words
    that narrow an asset ("drive people" with a car) make one intent with it, not two."""
    has = [vocabulary.assets[key] for key in (*profile.assets, *profile.named_assets)
           if vocabulary.assets[key].uses]
    can: dict[frozenset[str], str] = {}
    for phrase, concept in concepts:
        if concept.uses:
            can.setdefault(frozenset(concept.uses), phrase)
    narrowed: dict[str, set[str]] = defaultdict(set)
    intents = []
    for uses, phrase in can.items():
        owners = [asset for asset in has if uses & set(asset.uses)]
        for asset in owners:
            narrowed[asset.key] |= uses
        if not owners:
            intents.append(Intent("can do", phrase, tuple((use, 1.0) for use in sorted(uses))))
    for asset in has:
        wanted = narrowed.get(asset.key)
        weights = tuple(
            (use, 1.0 if wanted and use in wanted else
             (HAS_WEIGHT_NARROWED if wanted else HAS_WEIGHTS[min(i, len(HAS_WEIGHTS) - 1)]))
            for i, use in enumerate(asset.uses))
        intents.insert(0, Intent("has", _lower_first(asset.label), weights))
    return intents


def _asset_words(text: str, named: tuple[str, ...], vocabulary: Vocabulary) -> frozenset[str]:
    """The words of the text that name these assets."""
    words: set[str] = set()
    for key, pattern in vocabulary.asset_patterns:
        if key in named:
            for found in pattern.finditer(text):
                words.update(_WORD_RE.findall(found.group(0)))
    return frozenset(words)


def _lower_first(label: str) -> str:
    return f"{label[0].lower()}{label[1:]}"


def _intent_vector(scorer: Scorer, intent: Intent) -> TermVector | None:
    """The earning platforms that fit an intent, each scoring the weight of the best of the
    intent's uses it earns through (a platform with two of them is not counted twice)."""
    def compute():
        weights = np.zeros(scorer.size, dtype=np.float64)
        for use, weight in intent.uses:
            weights = np.maximum(weights, scorer.mask("uses", (use,)) * weight)
        weights *= scorer.mask("earning", ("yes",))
        found = np.flatnonzero(weights)
        if not len(found):
            return None
        return TermVector(found.astype(np.int64), weights[found])
    return scorer.memo(("intent vector", intent.uses), compute)


def _diversify(ranked: list[tuple[int, float]], serves: dict[int, list[int]],
               n_intents: int) -> list[tuple[int, float]]:
    """The first results take turns among the intents (each intent's best fit first), then
    the rest by score; one intent, or none: the order as ranked."""
    if n_intents < 2:
        return ranked
    queues = [[pair for pair in ranked if i in serves.get(pair[0], ())]
              for i in range(n_intents)]
    out: list[tuple[int, float]] = []
    taken: set[int] = set()
    for _ in range(DIVERSE_ROUNDS):
        for queue in queues:
            while queue and queue[0][0] in taken:
                queue.pop(0)
            if queue:
                out.append(queue.pop(0))
                taken.add(out[-1][0])
    return out + [pair for pair in ranked if pair[0] not in taken]


def match_platforms(profile: WorkerProfile, limit: int = 20) -> MatchResults:
    """Rank platforms for a worker: active ones first, each with the reasons it matched and
    the intents it serves. Non-earning platforms never match; one named is reported.

    It only reads the index as it is: a request catches the index up first
    (peers.discovery.search.catch_up_if_due)."""
    vocabulary = _vocabulary()
    text = clean_text(profile.text)
    results = MatchResults(place=profile.place)
    with get_index().snapshot() as snapshot:
        scorer = Scorer.of(snapshot)
        results.index_state = snapshot.state
        if text and not profile.exact:
            text = _correct(scorer, text, vocabulary, results)
        assets = tuple(dict.fromkeys(profile.assets + profile.named_assets))
        sources, concepts = _sources(text, assets, vocabulary,
                                     _asset_words(text, profile.named_assets, vocabulary))
        results.intents = intents = _intents(profile, concepts, vocabulary)
        boosts, origin = _clauses(sources, assets, vocabulary, scorer)
        earning = scorer.mask("earning", ("yes",))
        name_keys = [key for key in boosts if key[0] == "name"]
        named = scorer.holding(scorer.vector(*key) for key in name_keys) if name_keys else None
        if named is not None:
            results.not_earning = [scorer.stored_fields(int(d))["slug"]
                                   for d in np.flatnonzero(named & ~earning)]
        clauses = [(scorer.vector(*key), boost) for key, boost in boosts.items()]
        for intent in intents:
            if (vector := _intent_vector(scorer, intent)) is not None:
                clauses.append((vector, INTENT_BOOST))
        if not clauses:
            return results
        allowed = _allowed(scorer, profile, earning)
        # Every match is scored, so the total is exact, and closed or merged platforms come
        # after every active one.
        active = scorer.mask("status", ("active",))
        ranking = scorer.rank(clauses, allowed, active, max(limit, CANDIDATES))
        results.total = ranking.total
        serves = _serving(scorer, intents, [d for d, _ in ranking.shown])
        ranked = _diversify(ranking.shown, serves, len(intents))
        ranked = ([p for p in ranked if active[p[0]]] + [p for p in ranked if not active[p[0]]])
        ranked = ranked[:limit]
        shown = [docnum for docnum, _ in ranked]
        # A merged platform named in the query leads to its successor, even past the limit.
        merged: list[int] = []
        if named is not None:
            merged = ranking.rest_where(scorer.stored_flag("successor") & named)
            kept = set(shown)
            merged += [d for d, _ in ranking.shown if d not in kept and named[d]
                       and scorer.stored_fields(d).get("successor")]
        matched = _matched_terms(scorer, shown + merged, origin)
        explainer = _Explainer(sources, origin)
        floor = RELEVANCE_FLOOR * max((score for _, score in ranked), default=0.0)
        for docnum, score in ranked:
            fields = scorer.stored_fields(docnum)
            results.matches.append(Match(
                fields["slug"], round(score, 4), fields["status"], fields.get("successor"),
                explainer.reasons(matched[docnum]) or _intent_reasons(intents, serves[docnum]),
                tuple(intents[i].label for i in serves.get(docnum, ())), score >= floor))
        for docnum in shown + merged:
            fields = scorer.stored_fields(docnum)
            if fields.get("successor") and any(f == "name" for f, _ in matched[docnum]):
                results.redirects.append(Redirect(fields["slug"], fields["successor"]))
    return results


def _correct(scorer: Scorer, text: str, vocabulary: Vocabulary, results: MatchResults) -> str:
    """The text to search: misspellings corrected when the correction is clear (and said in
    results.corrected_text), else as typed, with the correction offered as a suggestion."""
    corrected, sure = _spelling(scorer, text, vocabulary)
    if corrected and not sure and _findable(scorer, text, vocabulary):
        results.suggestion = corrected  # the words as typed find something: ask
        return text
    if corrected:  # a clear correction, or the words as typed would find nothing
        results.corrected_text = corrected
        return corrected
    return text


def _findable(scorer: Scorer, text: str, vocabulary: Vocabulary) -> bool:
    """True when some word of the text is in the index or the vocabulary."""
    known = vocabulary.known_words
    return any(word in known or scorer.searcher.doc_frequency("words", word)
               for word in _WORD_RE.findall(text)[:MAX_WORDS] if word not in IGNORED_WORDS)


def _allowed(scorer: Scorer, profile: WorkerProfile, earning: np.ndarray) -> np.ndarray:
    """The documents a profile may match: earning platforms, where the worker is, that ask
    for no language or one the worker said they speak."""
    allowed = earning
    if profile.place is not None:
        allowed = allowed & scorer.mask(
            "regions", (profile.place.country_code.lower(), "worldwide"))
    if profile.languages:
        allowed = allowed & scorer.mask("languages", ("any", *sorted(profile.languages)))
    return allowed


def _serving(scorer: Scorer, intents: list[Intent], docnums: list[int]) -> dict[int, list[int]]:
    """Which intents (by position) each of these documents earns through."""
    serves: dict[int, list[int]] = defaultdict(list)
    for i, intent in enumerate(intents):
        mask = scorer.mask("uses", tuple(sorted(intent.use_keys)))
        for docnum in docnums:
            if mask[docnum]:
                serves[docnum].append(i)
    return serves


def _intent_reasons(intents: list[Intent], serving: list[int]) -> tuple[Reason, ...]:
    """Why a platform matched only through what the worker brings (no word of theirs hit)."""
    return tuple(Reason("intent", intents[i].label, ("kind of work",)) for i in serving)
