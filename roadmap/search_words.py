"""Which words of an edition a typed word stands for: the word-level half of search (roadmap.search).

Bulgarian words are reduced to their dictionary form by simplemma (a maintained, dictionary-based
lemmatiser, MIT): "деца" and "децата" match "дете", "възрастта" matches "възраст" but "възрастни" (adults)
does not. Forms that the dictionary does not join (a verb and its noun: "обжалвам" / "обжалване") are
joined as one word family when they share all but their last two letters; a word typed in part matches
the words it begins. A word that matches nothing is corrected to the nearest word of the edition within
one typo (two for long words), measured by rapidfuzz.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

import simplemma
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"\w+")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")

# How well a vocabulary word matches a typed word: ranked in this order, whatever the field.
EXACT = 3  # the same word, or another form of it (the same lemma)
FAMILY = 2  # the same word family: "обжалвам" → "обжалване", "избяга" → "избягване"
PREFIX = 1  # the typed word is the beginning of it: "стъп" → "стъпка"

MIN_PREFIX = 3  # shorter typed words match whole words only ("чл", "7", "48")
MIN_FAMILY = 5  # a family shares at least this many first letters …
FAMILY_SLACK = 2  # … and all but the last two letters of the shorter word
MAX_CORRECTED_LENGTH = 40


def words(text: str) -> list[str]:
    """The words of a text, case-folded (full Unicode folding)."""
    return WORD.findall(text.casefold())


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a case-folded word; words that are not Bulgarian stay as they are.

    low_memory: simplemma's compact dictionary (about 9 MB resident instead of about 25 MB), as fast
    once this cache holds the edition's words.
    """
    if not CYRILLIC.search(word):
        return word
    return simplemma.lemmatize(word, lang="bg", low_memory=True).casefold()


def common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def max_typos(word: str) -> int:
    """Typos forgiven in a typed word: none below 4 letters, one from 4, two from 8."""
    if len(word) < 4 or len(word) > MAX_CORRECTED_LENGTH or word.isdigit():
        return 0
    return 2 if len(word) >= 8 else 1


class Vocabulary:
    """The distinct words of an edition (all languages), with their lemmas and how often they occur."""

    def __init__(self, frequency: dict[str, int]):
        self.frequency = frequency
        self.sorted = sorted(frequency)
        self.by_lemma: dict[str, list[str]] = {}
        for word in self.sorted:
            self.by_lemma.setdefault(lemma(word), []).append(word)

    def __len__(self) -> int:
        return len(self.sorted)

    def starting_with(self, prefix: str) -> Iterable[str]:
        index = bisect_left(self.sorted, prefix)
        while index < len(self.sorted) and self.sorted[index].startswith(prefix):
            yield self.sorted[index]
            index += 1

    def matches(self, typed: str) -> dict[str, int]:
        """The vocabulary words a typed (case-folded) word matches, each with how well it matches."""
        found: dict[str, int] = {}
        for key in (typed, lemma(typed)):
            for word in self.by_lemma.get(key, ()):
                found[word] = EXACT
        if typed in self.frequency:
            found[typed] = EXACT
        if len(typed) >= MIN_FAMILY and not typed.isdigit():
            for word in self.starting_with(typed[:MIN_FAMILY]):
                shared = common_prefix(typed, word)
                if word not in found and shared >= min(len(typed), len(word)) - FAMILY_SLACK:
                    found[word] = FAMILY
        if len(typed) >= MIN_PREFIX:
            for word in self.starting_with(typed):
                found.setdefault(word, PREFIX)
        return found

    def correction(self, typed: str) -> str | None:
        """The nearest vocabulary word within the typos forgiven (the most frequent of equally near ones)."""
        limit = max_typos(typed)
        if not limit:
            return None
        candidates = process.extract(
            typed, self.sorted, scorer=Levenshtein.distance, score_cutoff=limit, limit=25
        )
        if not candidates:
            return None
        best = min(distance for _word, distance, _index in candidates)
        nearest = [(word, index) for word, distance, index in candidates if distance == best]
        return max(nearest, key=lambda hit: (self.frequency[hit[0]], -hit[1]))[0]
