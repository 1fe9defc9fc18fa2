"""What a worker's words mean for earning: assets and concepts from data/vocabulary.yaml."""

import os
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Asset:
    key: str
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    name: str
    phrases: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    assets: dict[str, Asset]
    concepts: tuple[Concept, ...]

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every word the vocabulary understands (never 'corrected' by did-you-mean)."""
        words: set[str] = set()
        for concept in self.concepts:
            for text in concept.phrases + concept.terms:
                words.update(_WORD.findall(text))
        for asset in self.assets.values():
            for text in asset.terms:
                words.update(_WORD.findall(text))
        return frozenset(words)

    @cached_property
    def phrase_candidates(self) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
        """Which concepts a text may name, by word: (the concepts having a phrase whose first
        word is this one, the concepts to try whatever the words).

        A phrase that begins and ends with a word character matches on word boundaries only
        where the text has its first word as a whole word (see phrase_pattern), so a concept
        none of whose first words are among the text's words cannot match; any other phrase
        puts its concept among those always tried."""
        by_word: dict[str, set[int]] = {}
        always: set[int] = set()
        for i, concept in enumerate(self.concepts):
            for phrase in concept.phrases:
                words = _WORD.findall(phrase)
                if words and _WORD.fullmatch(phrase[0]) and _WORD.fullmatch(phrase[-1]):
                    by_word.setdefault(words[0], set()).add(i)
                else:
                    always.add(i)
        return ({word: tuple(sorted(found)) for word, found in by_word.items()},
                tuple(sorted(always)))

    @staticmethod
    @cache
    def phrase_pattern(phrase: str) -> re.Pattern:
        """The phrase on word boundaries."""
        return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Load the vocabulary file (cached per path and modification time)."""
    path = os.fspath(path)  # os.stat on the text: a Path costs more than the stat itself
    return _load(path, os.stat(path).st_mtime_ns)


@cache
def _load(path: str, _mtime: int) -> Vocabulary:
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    assets = {
        key: Asset(key, body["label"], tuple(t.lower() for t in body.get("terms", ())))
        for key, body in (data.get("assets") or {}).items()
    }
    concepts = tuple(
        Concept(
            name,
            tuple(p.lower() for p in body.get("phrases", ())),
            tuple(t.lower() for t in body.get("terms", ())),
        )
        for name, body in (data.get("concepts") or {}).items()
    )
    return Vocabulary(assets, concepts)
