"""What a worker's words mean for earning: assets and concepts from data/vocabulary.yaml."""

import os
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Asset:
    key: str
    label: str
    terms: tuple[str, ...]
    phrases: tuple[str, ...] = ()  # how a worker names it in plain text
    uses: tuple[str, ...] = ()  # the kinds of work it earns through, most common first


@dataclass(frozen=True)
class Concept:
    name: str
    phrases: tuple[str, ...]
    terms: tuple[str, ...]
    uses: tuple[str, ...] = ()  # the kinds of work the concept asks for, if any


@dataclass(frozen=True)
class Vocabulary:
    assets: dict[str, Asset]
    concepts: tuple[Concept, ...]
    uses: dict[str, str] = field(default_factory=dict)  # use key -> label
    category_uses: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def default_uses(self, category: str) -> tuple[str, ...]:
        """What a platform of this category earns through when its entry names no `uses`."""
        return self.category_uses.get(category, ())

    @cached_property
    def asset_patterns(self) -> tuple[tuple[str, re.Pattern], ...]:
        """(asset key, one pattern of all its phrases), to find assets named in a text."""
        return tuple(
            (asset.key, re.compile(r"(?<!\w)(?:" + "|".join(
                re.escape(p) for p in sorted(asset.phrases, key=len, reverse=True)) + r")(?!\w)"))
            for asset in self.assets.values() if asset.phrases
        )

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Every word the vocabulary understands (never 'corrected' by did-you-mean)."""
        words: set[str] = set()
        for concept in self.concepts:
            for text in concept.phrases + concept.terms:
                words.update(_WORD.findall(text))
        for asset in self.assets.values():
            for text in asset.terms + asset.phrases:
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
    uses = {key: body["label"] for key, body in (data.get("uses") or {}).items()}
    assets = {
        key: Asset(key, body["label"], _lower(body.get("terms")), _lower(body.get("phrases")),
                   _known(body.get("uses"), uses, f"asset {key}"))
        for key, body in (data.get("assets") or {}).items()
    }
    concepts = tuple(
        Concept(name, _lower(body.get("phrases")), _lower(body.get("terms")),
                _known(body.get("uses"), uses, f"concept {name}"))
        for name, body in (data.get("concepts") or {}).items()
    )
    category_uses = {category: _known(found, uses, f"category {category}")
                     for category, found in (data.get("category_uses") or {}).items()}
    return Vocabulary(assets, concepts, uses, category_uses)


def _lower(items) -> tuple[str, ...]:
    return tuple(item.lower() for item in items or ())


def _known(items, uses: dict[str, str], where: str) -> tuple[str, ...]:
    """Use keys, each checked against the `uses:` section (a typo there is a startup error)."""
    found = tuple(items or ())
    unknown = [key for key in found if key not in uses]
    if unknown:
        raise ValueError(f"vocabulary: {where} names unknown uses {', '.join(unknown)}")
    return found
