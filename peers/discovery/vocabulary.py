"""What a worker's words mean for earning: assets and concepts from data/vocabulary.yaml."""

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import yaml


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
                words.update(re.findall(r"\w+", text))
        for asset in self.assets.values():
            for text in asset.terms:
                words.update(re.findall(r"\w+", text))
        return frozenset(words)


    @staticmethod
    @cache
    def phrase_pattern(phrase: str) -> re.Pattern:
        """The phrase on word boundaries."""
        return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def load_vocabulary(path: str | Path) -> Vocabulary:
    """Load the vocabulary file (cached per path and modification time)."""
    path = Path(path)
    return _load(str(path), path.stat().st_mtime_ns)


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
