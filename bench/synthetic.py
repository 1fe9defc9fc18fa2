"""Seeded synthetic catalogs: real categories, words from the real catalog and vocabulary."""

import random
import re
from collections import defaultdict
from dataclasses import dataclass

from peers.discovery.catalog import Catalog, PlatformEntry
from peers.discovery.vocabulary import load_vocabulary

SEED = 20240601
TOPICAL = 0.75  # share of a platform's words taken from its own category's real platforms
REGIONS = ("US", "CA", "GB", "IE", "FR", "DE", "ES", "IT", "NL", "BE", "PT", "PL", "AT", "SE",
           "NO", "FI", "DK", "CZ", "RO", "GR", "AU", "NZ", "JP", "KR", "SG", "IN", "BR", "MX",
           "AR", "ZA")
_WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class Pool:
    """Words (repeats kept, so common words stay common), skills and tags to draw from."""

    words: tuple[str, ...]
    skills: tuple[str, ...]
    tags: tuple[str, ...]


def _pool(platforms, extra_words=(), extra_phrases=()) -> Pool:
    words = [w for p in platforms for w in _WORD.findall(f"{p.summary} {p.description}".lower())]
    return Pool(
        words=tuple(words + [w for phrase in extra_words for w in _WORD.findall(phrase)]),
        skills=tuple(sorted({s for p in platforms for s in p.skills} | set(extra_phrases[::3]))),
        tags=tuple(sorted({t for p in platforms for t in p.tags} | set(extra_phrases[1::3]))),
    )


def pools(real: Catalog, vocabulary_path) -> tuple[Pool, dict[str, Pool]]:
    """One pool for the whole catalog plus the vocabulary, and one per category."""
    vocabulary = load_vocabulary(vocabulary_path)
    phrases = [t for c in vocabulary.concepts for t in (*c.phrases, *c.terms)]
    by_category = defaultdict(list)
    for p in real.platforms:
        by_category[p.category].append(p)
    return (_pool(real.platforms, phrases, phrases),
            {slug: _pool(members) for slug, members in by_category.items()})


class _Writer:
    """Draws a platform's text: mostly its category's words, some from anywhere."""

    def __init__(self, rng: random.Random, common: Pool, topic: Pool):
        self.rng, self.common, self.topic = rng, common, topic

    def pick(self, attr: str) -> str:
        pool = self.topic if self.rng.random() < TOPICAL else self.common
        return self.rng.choice(getattr(pool, attr) or getattr(self.common, attr))

    def sentence(self, low: int, high: int) -> str:
        text = " ".join(self.pick("words") for _ in range(self.rng.randint(low, high)))
        return text[:1].upper() + text[1:] + "."

    def some(self, attr: str, low: int, high: int) -> list[str]:
        return sorted({self.pick(attr) for _ in range(self.rng.randint(low, high))})


def _regions(rng: random.Random) -> list[str]:
    if rng.random() < 0.2:
        return ["worldwide"]
    return sorted(rng.sample(REGIONS, rng.randint(1, 6)))


def _platform(rng: random.Random, i: int, real: Catalog, pools_) -> PlatformEntry:
    common, by_category = pools_
    model = rng.choice(real.platforms)  # a real platform lends its category and assets
    write = _Writer(rng, common, by_category[model.category])
    first, second = write.pick("words"), write.pick("words")
    return PlatformEntry(
        slug=f"{first}-{second}-{i}", name=f"{first.title()} {second.title()} {i}",
        url=f"https://example.org/{i}", category=model.category,
        summary=write.sentence(8, 20)[:200],
        description=" ".join(write.sentence(8, 16) for _ in range(rng.randint(2, 5))),
        skills=write.some("skills", 1, 5), assets=list(model.assets), tags=write.some("tags", 2, 8),
        requirements={}, regions=_regions(rng), status="active", status_year=None,
        merged_into=None,
    )


def synthetic_catalog(size: int, real: Catalog, vocabulary_path, seed: int = SEED) -> Catalog:
    """`size` platforms; about 4% closed and 4% merged into an active one, as in the real file."""
    rng = random.Random(seed)
    pools_ = pools(real, vocabulary_path)
    platforms = [_platform(rng, i, real, pools_) for i in range(size)]
    for entry in platforms[1:]:
        roll = rng.random()
        if roll < 0.08:
            entry.status, entry.status_year = ("closed" if roll < 0.04 else "merged",
                                               rng.randint(2015, 2024))
    actives = [p.slug for p in platforms if p.status == "active"]
    for entry in platforms:
        if entry.status == "merged":
            entry.merged_into = rng.choice(actives)
    return Catalog(list(real.categories), platforms)
