"""Small helpers shared by the link stage: folding names, sentence spans, words, a disjoint-set forest."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Generic, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS

from newstrace.dates import MONTHS, WEEKDAYS
from newstrace.lexicon import wordset as wordset

T = TypeVar("T", bound=Hashable)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")
#: A sentence ends at . ! or ? (and any closing quotes or brackets) before white space and a capital,
#: an opening quote or a digit, or at a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[A-Z\"“‘'(0-9])|\n+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")



#: Month and weekday names: capitalized, frequent, and no sign of what a story is about.
CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)
STOPWORDS = frozenset(STOP_WORDS) | CALENDAR_WORDS


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key for a name: no diacritics, typographic quotes made plain, lower case, one space,
    no leading "the", no trailing possessive ("the Kremlin's" → "kremlin")."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = _POSSESSIVE.sub("", text)
    return re.sub(r"^the ", "", text)


def words(text: str) -> list[str]:
    """The words of ``text`` (letters first, inner apostrophes, dots and hyphens kept), as written."""
    return _WORD.findall(text)


def content_words(text: str, min_len: int = 3) -> set[str]:
    """Folded words of ``text`` that are not stop words or calendar words."""
    out = set()
    for w in words(text):
        f = fold(w)
        if len(f) >= min_len and f not in STOPWORDS:
            out.add(f)
    return out


class Sentences:
    """Sentence spans of a text, for finding the sentence around a character offset."""

    __slots__ = ("ends", "spans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENTENCE_END.finditer(text):
            end = m.start() + len(m.group().rstrip())
            if end > start and text[start:end].strip():
                spans.append((start, end))
            start = m.end()
        if text[start:].strip():
            spans.append((start, len(text.rstrip())))
        self.spans = spans
        self.ends = [e for _, e in spans]

    def index(self, offset: int) -> int:
        """Index of the sentence that contains ``offset`` (the last one when past the end)."""
        if not self.spans:
            return 0
        return min(bisect_right(self.ends, offset), len(self.spans) - 1)

    def span(self, offset: int) -> tuple[int, int]:
        if not self.spans:
            return (0, len(self.text))
        return self.spans[self.index(offset)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The span of the sentence(s) that hold ``text[start:end]``."""
        return (self.span(start)[0], max(self.span(max(end - 1, start))[1], end))


class SentenceCache:
    """:class:`Sentences` of each text asked for, kept as long as the cache: one comparison or one report,
    whose steps each ask about the same articles."""

    def __init__(self) -> None:
        self._by_text: dict[str, Sentences] = {}

    def __call__(self, text: str) -> Sentences:
        found = self._by_text.get(text)
        if found is None:
            found = self._by_text[text] = Sentences(text)
        return found


class DisjointSet(Generic[T]):
    """Union-find with path halving and union by size."""

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.parent: dict[T, T] = {}
        self.size: dict[T, int] = {}
        for item in items:
            self.add(item)

    def add(self, item: T) -> None:
        if item not in self.parent:
            self.parent[item] = item
            self.size[item] = 1

    def find(self, item: T) -> T:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: T, b: T) -> T:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self) -> dict[T, list[T]]:
        """Root → members, members in insertion order."""
        out: dict[T, list[T]] = {}
        for item in self.parent:
            out.setdefault(self.find(item), []).append(item)
        return out
