"""Person names: parsing into given name, family name and generational suffix, blocking keys, and similarity.

Spelling variants of one name ("Zelensky", "Zelenskyy", "Zelenskiy"; "Kowalczyk", "Kowalczik") are close by
Jaro-Winkler and Levenshtein ratio. Transliterations differ more ("Yordanov" / "Iordanov", "Abdelrahman" /
"Abdulrahman" / "Abd al-Rahman", "Sayegh" / "Sayigh"), so names are also compared by a *skeleton*: the
consonants of the name written without spaces, hyphens, vowels (y counted as one), doubled letters or a final
h after a vowel. Two names with one skeleton and a close spelling are variants; "Jian" and "Jiang" are not.

Honorifics ("Sir", "Mr.") are dropped; initials ("R.B. Thapa") stand for given names; a generational suffix
("Jr.", "III") is kept apart, so a son never joins his father. The word tables are in
``newstrace/data/name_affixes.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from newstrace.lexicon import table
from newstrace.lexicon import words as table_words
from newstrace.link.common import fold, words

#: Lower-case particles that belong to the family name ("de Vries", "van der Berg", "bin Salman").
PARTICLES = table_words("name_affixes", "particles")
#: Generational suffix → its canonical form ("Jr." → "jr").
GENERATIONAL: dict[str, str] = table("name_affixes")["generational"]
#: Suffixes that writers often leave out ("Sr."): compatible with no suffix.
OPTIONAL_GENERATIONAL = table_words("name_affixes", "optional_generational")
HONORIFICS = table_words("name_affixes", "honorifics")
SUFFIXES = frozenset(GENERATIONAL)
#: Name words shorter than this must be equal to match; longer ones may differ by transliteration.
MIN_FUZZY_LEN = 5
MIN_RATIO = 84.0
MIN_JARO_WINKLER = 0.9
#: Least Levenshtein ratio of two compact names with one skeleton ("nikolayiordanov" / "nikolaiyordanov").
MIN_SKELETON_RATIO = 75.0
#: Similarity given to two names that differ only in their vowels and word breaks.
SKELETON_SIMILARITY = 0.92
#: Whole names with one skeleton: this long (letters) to need only MIN_SKELETON_RATIO, else MIN_SKELETON_CLOSE
#: ("John Smith" / "Jane Smith" share "jnsmth" but are two people).
MIN_SKELETON_NAME = 12
MIN_SKELETON_CLOSE = 88.0
#: A nickname is a prefix of the full given name of at least this many letters ("Frank" / "Franklin").
MIN_NICKNAME_LEN = 3

_VOWELS = re.compile(r"[aeiouy]+")
_SOFT_H = re.compile(r"(?<=[aeiouy])h(?=[^aeiouy]|$)")
_DOUBLE = re.compile(r"(.)\1+")
_NON_LETTER = re.compile(r"[^a-z]+")
#: Words between name parts that transliterations add or drop: the Persian ezafe ("Deh-e Sorkh", "Chaleh-ye").
_EZAFE = frozenset({"e", "ye", "i"})


@dataclass(frozen=True, slots=True)
class PersonName:
    """A folded person name: ``given`` is None for a bare family name ("Zelensky"); ``suffix`` is the
    canonical generational suffix ("jr") or None."""

    tokens: tuple[str, ...]
    given: str | None
    family: str
    suffix: str | None = None
    middle: tuple[str, ...] = ()

    @property
    def bare(self) -> bool:
        return self.given is None

    @property
    def compact(self) -> str:
        """The name's letters only: "Park Seo-yeon" and "Park Seo Yeon" are both "parkseoyeon"."""
        return compact("".join(self.tokens))


def compact(text: str) -> str:
    """Letters of the folded text, without spaces, hyphens or apostrophes."""
    return _NON_LETTER.sub("", fold(text))


def skeleton(text: str) -> str:
    """Transliteration-folding key: consonants of the compact name (y counted as a vowel), doubled letters once,
    an "h" after a vowel and before a consonant or the end dropped, ezafe words and a leading Arabic article
    dropped ("Karameh" / "Al-Karama": "krm"; "Iordanov" / "Yordanov": "rdnv"; "Deh-e Sorkh" / "Dehsorkh":
    "dsrk"; "Abd al-Rahman" / "Abdelrahman": "bdlrmn")."""
    parts = [_NON_LETTER.sub("", p) for p in re.split(r"[\s\-'’]+", fold(text))]
    parts = [p for p in parts if p and p not in _EZAFE]
    if len(parts) > 1 and parts[0] in ("al", "el"):
        parts = parts[1:]
    letters = _SOFT_H.sub("", "".join(parts)).replace("ph", "f").replace("q", "k").replace("w", "v")
    return _DOUBLE.sub(r"\1", _VOWELS.sub("", letters))


@lru_cache(maxsize=65536)
def parse_name(name: str) -> PersonName | None:
    """``PersonName`` of a written name, or None when it has no name words."""
    toks: list[str] = []
    suffix: str | None = None
    for w in words(name):
        f = fold(w)
        bare = f.strip(".")
        if bare in GENERATIONAL and toks:
            suffix = GENERATIONAL[bare]
            continue
        if bare in HONORIFICS and not toks:
            continue
        if re.fullmatch(r"[a-z](?:\.[a-z])+\.?", f):  # "R.B." → "r", "b"
            toks.extend(f.strip(".").split("."))
            continue
        if bare:
            toks.append(bare)
    if not toks:
        return None
    if len(toks) == 1 or toks[0] in PARTICLES:  # "Zelensky", "de Vries"
        return PersonName(tuple(toks), None, " ".join(toks), suffix)
    # the family name starts at the first particle after the given name, else it is the last word
    start = len(toks) - 1
    for i in range(1, len(toks) - 1):
        if toks[i] in PARTICLES:
            start = i
            break
    return PersonName(tuple(toks), toks[0], " ".join(toks[start:]), suffix, tuple(toks[1:start]))


def suffix_compatible(a: str | None, b: str | None) -> bool:
    """Father and son differ by their suffix: "Jr." never joins a name without it; "Sr." may be left out."""
    if a == b:
        return True
    return (a is None and b in OPTIONAL_GENERATIONAL) or (b is None and a in OPTIONAL_GENERATIONAL)


def word_similarity(a: str, b: str) -> float:
    """0..1: 1 for equal words, high for spelling and transliteration variants, 0 for short words that
    differ."""
    if a == b:
        return 1.0
    ca, cb = compact(a), compact(b)
    if ca == cb:
        return 0.99  # "al-sayegh" / "alsayegh"
    if min(len(a), len(b)) >= MIN_FUZZY_LEN and a[0] == b[0]:
        jw = JaroWinkler.normalized_similarity(a, b)
        if jw >= MIN_JARO_WINKLER and fuzz.ratio(a, b) >= MIN_RATIO:
            return jw
    if min(len(ca), len(cb)) >= 4 and skeleton(a) == skeleton(b) and fuzz.ratio(ca, cb) >= MIN_SKELETON_RATIO:
        return SKELETON_SIMILARITY  # "Yordanov" / "Iordanov"
    return 0.0


def given_compatible(a: str, b: str, nicknames: bool = False) -> bool:
    """Given names match when equal, spelling variants, or one is the other's initial ("V." / "Volodymyr");
    with ``nicknames``, also when one is a prefix of the other ("Frank" / "Franklin")."""
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if nicknames and min(len(a), len(b)) >= MIN_NICKNAME_LEN and (a.startswith(b) or b.startswith(a)):
        return True
    return word_similarity(a, b) > 0


def _middle_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle names or initials, where both give them, agree: "Rajendra B. Thapa" / "Rajendra Bahadur Thapa"."""
    return all(x[0] == y[0] for x, y in zip(a, b, strict=False))


def name_similarity(a: PersonName, b: PersonName, nicknames: bool = False) -> float:
    """0..1 similarity of two full names (each with a given name); 0 when they name different people."""
    if a.given is None or b.given is None or not suffix_compatible(a.suffix, b.suffix):
        return 0.0
    if a.compact == b.compact:
        return 1.0
    score = _word_by_word(a, b, nicknames)
    if score == 0 and a.given[0] == b.given[0]:
        # written differently into words: "Abd al-Rahman al-Sayigh" / "Abdelrahman al-Sayegh"
        skel, ratio = skeleton(a.compact), fuzz.ratio(a.compact, b.compact)
        long_ = min(len(a.compact), len(b.compact)) >= MIN_SKELETON_NAME
        if skel == skeleton(b.compact) and (ratio >= MIN_SKELETON_CLOSE or (long_ and ratio >= MIN_SKELETON_RATIO)):
            return SKELETON_SIMILARITY
    return score


def _word_by_word(a: PersonName, b: PersonName, nicknames: bool) -> float:
    assert a.given is not None and b.given is not None
    if not given_compatible(a.given, b.given, nicknames) or not _middle_compatible(a.middle, b.middle):
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
    """A bare name ("Zelenskyy", "Lin", "de Vries", "Ostrander Jr.") matches a full name by its family name
    or its first word, with the same generational suffix."""
    if full.given is None or not suffix_compatible(bare.suffix, full.suffix):
        return False
    core = full.family.split()[-1]
    return (
        word_similarity(bare.family, core) > 0
        or word_similarity(bare.family, full.family) > 0
        or bare.family == full.tokens[0]
    )
