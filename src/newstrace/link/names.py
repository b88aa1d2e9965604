"""Person names: parsing into given and family name, blocking keys, and similarity (rapidfuzz).

Transliteration variants of one name ("Zelensky", "Zelenskyy", "Zelenskiy"; "Kowalczyk", "Kowalczik";
"Guanjun", "Guangjun") are close by Jaro-Winkler and Levenshtein ratio; different given names ("Pieter de
Vries" and "Anna de Vries") are not. Short name words must match exactly: "Jian" and "Jiang" are two
names, not two spellings of one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from newstrace.link.common import fold, words, wordset

#: Lower-case particles that belong to the family name ("de Vries", "van der Berg", "bin Salman").
PARTICLES = wordset("al bin da de del della der di dos du el ibn la le st ten ter van von")
SUFFIXES = wordset("jr jr. sr sr. ii iii iv")
#: Name words shorter than this must be equal to match; longer ones may differ by transliteration.
MIN_FUZZY_LEN = 5
MIN_RATIO = 84.0
MIN_JARO_WINKLER = 0.9


@dataclass(frozen=True, slots=True)
class PersonName:
    """A folded person name: ``given`` is None for a bare family name ("Zelensky")."""

    tokens: tuple[str, ...]
    given: str | None
    family: str

    @property
    def bare(self) -> bool:
        return self.given is None


@lru_cache(maxsize=65536)
def parse_name(name: str) -> PersonName | None:
    """``PersonName`` of a written name, or None when it has no name words."""
    toks = [fold(w).strip(".") for w in words(name)]
    toks = [t for t in toks if t and t not in SUFFIXES]
    if not toks:
        return None
    if len(toks) == 1:
        return PersonName((toks[0],), None, toks[0])
    # the family name starts at the first particle after the given name, else it is the last word
    start = len(toks) - 1
    for i in range(1, len(toks) - 1):
        if toks[i] in PARTICLES:
            start = i
            break
    return PersonName(tuple(toks), toks[0], " ".join(toks[start:]))


def word_similarity(a: str, b: str) -> float:
    """0..1: 1 for equal words, high for spelling variants, 0 for short words that differ."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < MIN_FUZZY_LEN or a[0] != b[0]:
        return 0.0
    jw = JaroWinkler.normalized_similarity(a, b)
    if jw < MIN_JARO_WINKLER or fuzz.ratio(a, b) < MIN_RATIO:
        return 0.0
    return jw


def given_compatible(a: str, b: str) -> bool:
    """Given names match when equal, spelling variants, or one is the other's initial ("V." / "Volodymyr")."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return word_similarity(a, b) > 0


def name_similarity(a: PersonName, b: PersonName) -> float:
    """0..1 similarity of two full names (each with a given name); 0 when they name different people."""
    if a.given is None or b.given is None:
        return 0.0
    if not given_compatible(a.given, b.given):
        return 0.0
    fa, fb = a.family.split(), b.family.split()
    if len(fa) != len(fb):
        return 0.0
    family = min(word_similarity(x, y) for x, y in zip(fa, fb, strict=True))
    if family == 0:
        return 0.0
    given = 1.0 if a.given == b.given else 0.95
    return family * given


def bare_matches(bare: PersonName, full: PersonName) -> bool:
    """A bare name ("Zelenskyy", "Lin") matches a full name by its family name or its first word."""
    if full.given is None:
        return False
    core = full.family.split()[-1]
    return word_similarity(bare.family, core) > 0 or bare.family == full.tokens[0]
