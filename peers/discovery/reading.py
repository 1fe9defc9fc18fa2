"""Read a worker's own words as fields: the hours and place they typed, the assets they named,
the languages they speak. What is read as a field is taken out of the words to match, so
"15 hours a week in Austin" searches neither "hours" nor "Austin".
"""

import re
from dataclasses import dataclass, field

import pycountry

from peers.discovery.places import Place, PlaceNotFound, PlaceUnknown, resolve_place
from peers.discovery.vocabulary import Vocabulary

MAX_HOURS = 100
_HOURS = re.compile(
    r"(?<![\w.])(?:about |around |up to |maybe )?(\d{1,3})(?:\s*(?:-|to)\s*(\d{1,3}))?\s*"
    r"(?:hours?|hrs?|h)\b(?:\s*(?:a|per|each|every|/)\s*(week|wk|day|weekend))?",
    re.IGNORECASE,
)
# "in Austin", "based in Lyon, France", "near Paris": up to four words, then an optional
# ", region" part. The words stop at punctuation other than the comma and at "and"/"with".
_PLACE = re.compile(
    r"\b(?:in|from|near|around|based in|live in|living in|located in)\s+"
    r"((?:(?!(?:and|with|but|for|to|in|on|at|near|from|i|who|where|when)\b)"
    r"[^\W\d_][\w'’.-]*\s*){1,4}"
    r"(?:,\s*(?:[^\W\d_][\w'’.-]*\s*){1,3})?)",
    re.IGNORECASE,
)
# Words after "in" that are never a place ("in my car", "in the evenings").
_NOT_PLACES = {
    "my", "a", "an", "our", "your", "his", "her", "their", "this", "that", "town",
    "city", "person", "evenings", "evening", "mornings", "morning", "weekends", "summer",
    "winter", "spring", "autumn", "fall", "general", "english", "french", "spanish", "german",
    "it", "me", "them", "cash", "exchange", "return", "need", "between", "order", "fact",
    "time", "addition", "advance", "touch", "school", "college", "uni", "university", "charge",
    "case", "home", "house", "love", "good", "shape",
}
# Languages a worker may say they speak, by English name ("French" -> "fr").
_LANGUAGE_CUES = re.compile(r"\b(?:speak|speaks|speaking|fluent|native|bilingual|languages?)\b")


@dataclass(frozen=True)
class Reading:
    """What the text says besides the words to match."""

    words: str  # the text without the parts read as fields
    hours: int | None = None
    hours_text: str | None = None  # as typed ("15 hours a week")
    place: Place | None = None
    place_text: str | None = None
    place_problem: str | None = None  # a place was named but not found: the message
    place_suggestions: tuple[str, ...] = ()
    assets: tuple[str, ...] = ()  # asset keys named in the text ("my van")
    languages: frozenset[str] = field(default_factory=frozenset)  # ISO 639-1 codes


def _language_names() -> dict[str, str]:
    names = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code and " " not in language.name and "(" not in language.name:
            names[language.name.lower()] = code
    return names


_LANGUAGES = _language_names()


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code ("fr" -> "French"), else the code."""
    found = pycountry.languages.get(alpha_2=code)
    return found.name if found else code


def _hours(text: str) -> tuple[int | None, str | None, str]:
    found = _HOURS.search(text)
    if not found:
        return None, None, text
    low, high, per = int(found.group(1)), found.group(2), (found.group(3) or "week").lower()
    hours = int(high) if high else low
    if per == "day":
        hours *= 5  # a working week
    hours = max(1, min(hours, MAX_HOURS))
    return hours, found.group(0).strip(), text[:found.start()] + " " + text[found.end():]


def _place(text: str, stop_words: frozenset[str]):
    """The first place named after "in"/"from"/"near": the longest run of words that resolves."""
    for found in _PLACE.finditer(text):
        raw = found.group(1).strip(" ,")
        if raw.lower().startswith("the "):
            raw = raw[4:]  # "from the UK"
        words = raw.split()
        if not words or words[0].lower() in _NOT_PLACES:
            continue
        tried: list[str] = []
        head, _, region = raw.partition(",")
        head, region = head.split(), region.split()
        tried += [f"{' '.join(head)}, {' '.join(region[:n])}" for n in range(len(region), 0, -1)]
        tried += [" ".join(head[:n]) for n in range(len(head), 0, -1)]
        unknown = None
        for candidate in tried:
            first = candidate.split()[0].lower()
            if len(candidate) <= 2 and not candidate.isupper():
                continue  # "in la": only "LA" as typed names a place
            if first in stop_words and len(candidate.split()) == 1:
                continue
            try:
                place = resolve_place(candidate)
            except PlaceUnknown as exc:
                unknown = unknown or (candidate, exc)
                continue
            except PlaceNotFound:
                continue
            start = found.start() + found.group(0).index(candidate.split()[0])
            end = start + len(candidate)
            rest = text[:found.start()] + " " + text[end:]
            return place, candidate, None, (), rest
        if unknown and len(unknown[0].split()) == 1:
            candidate, exc = unknown
            return None, candidate, str(exc), tuple(exc.suggestions), text
    return None, None, None, (), text


def read_text(text: str, vocabulary: Vocabulary, stop_words: frozenset[str]) -> Reading:
    """Read hours, a place, named assets and spoken languages out of a description."""
    if not text:
        return Reading("")
    hours, hours_text, rest = _hours(text)
    place, place_text, problem, near, rest = _place(rest, stop_words)
    lowered = rest.lower()
    assets = tuple(key for key, pattern in vocabulary.asset_patterns if pattern.search(lowered))
    languages = frozenset()
    if _LANGUAGE_CUES.search(lowered) or "teach " in lowered:
        languages = frozenset(code for word in re.findall(r"[^\W\d_]+", lowered)
                              if (code := _LANGUAGES.get(word)))
    return Reading(" ".join(rest.split()), hours, hours_text, place, place_text, problem, near,
                   assets, languages)
