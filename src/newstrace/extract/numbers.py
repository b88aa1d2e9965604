"""Numbers written in digits or words: finding them in text and reading their value.

``parse_number`` reads one number phrase: "155", "300,000", "2 912" (a space as thousands separator), "1.5
million", "2bn", "twenty-five", "one hundred and twenty", "a dozen", "half", "two-thirds", "one and a half
million", "56 1/2", and the round plurals that stand for an amount ("dozens", "tens of thousands": the least
such amount, 12 and 10,000). The regular
expressions here (:data:`NUMBER_WORD`, :data:`WORD_NUMBER`, :data:`DIGIT_NUMBER`) are building blocks shared
by the quantity and time grammars.
"""

from __future__ import annotations

import re

Number = int | float

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
#: Multipliers, spelled out or abbreviated ("2bn", "$3.5m", "500k", "12 mln").
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000,
    "bn": 1_000_000_000, "bln": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
    "tr": 1_000_000_000_000, "trn": 1_000_000_000_000, "lakh": 100_000, "crore": 10_000_000,
}
#: Plurals that stand for an amount of at least that many ("dozens of people": 12).
VAGUE_PLURALS = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
                 "billions": 1_000_000_000, "trillions": 1_000_000_000_000, "tens": 10}
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "tenth": 10, "tenths": 10,
}

_alt = "|".join
#: One number word ("two", "twenty", "hundred", "dozen"), not an ordinal.
NUMBER_WORD = r"(?:" + _alt(sorted([*UNITS, *TENS, "hundred", "thousand", "million", "billion", "trillion",
                                     "dozen"], key=len, reverse=True)) + r")"
#: A number in words: "five", "twenty-five", "one hundred and twenty", "a dozen", "a million".
WORD_NUMBER = (
    r"(?:(?:a|an)\s+(?=(?:dozen|hundred|thousand|million|billion|trillion)\b))?"
    + NUMBER_WORD + r"(?:(?:\s+and\s+|\s*-\s*|\s+)" + NUMBER_WORD + r")*(?!\w)"
)
_SEP_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_SPACE_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)"
#: A number in digits, with "," or a (non-breaking) space as thousands separator, and a decimal point.
DIGIT_NUMBER = r"(?:" + _SEP_DIGITS + "|" + _SPACE_DIGITS + r"|\d+(?:\.\d+)?|\.\d+)"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|mln|bln|mn|bn|tn|trn|lakh|crore)"
#: Digits with an optional scale: "1.5 million", "2bn", "12 mln".
SCALED_DIGITS = DIGIT_NUMBER + r"(?:\s*-?\s*" + _SCALE_WORD + r"\b)?"

_TOKEN = re.compile(r"[a-z]+|\d[\d,. \u00a0\u202f]*\d|\d")
_AND_A_HALF = re.compile(r"^(.*?)\s+and\s+a\s+half\b\s*(.*)$")
_SLASH_FRACTION = re.compile(r"^(?:(\d{1,4})[\s-]+)?(\d{1,2})/(\d{1,2})$")
#: Denominators of fractions written with a slash ("3/4", "56 1/2", "7/8 point"); "9/11" and "24/7" are not.
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 8, 10, 16, 32, 64})
_DIGITS_ONLY = re.compile(r"[\d,.\s\u00a0\u202f]+")
_ATTACHED_SCALE = re.compile(r"^(\d[\d,.]*)\s*-?\s*([a-z]+)$")


def as_number(value: float) -> Number:
    """``value`` as an int when it is integral (``3.0`` → ``3``), else as a float."""
    if isinstance(value, int):
        return value
    return int(value) if value.is_integer() and abs(value) < 1e18 else round(value, 6)


def parse_digits(text: str) -> Number | None:
    """The value of a digit string with separators: "300,000" → 300000, "2 912" → 2912, "1.5" → 1.5."""
    s = re.sub(r"[,\s\u00a0\u202f]", "", text)
    if not s or s.count(".") > 1:
        return None
    try:
        return as_number(float(s)) if "." in s else int(s)
    except ValueError:
        return None


def parse_number(text: str) -> Number | None:
    """The value of a number phrase in digits and/or words, or None when it is not one.

    >>> parse_number("1.5 million"), parse_number("twenty-five"), parse_number("a dozen")
    (1500000, 25, 12)
    """
    s = text.strip().lower().replace("\u2013", "-").replace("\u2212", "-")
    if not s:
        return None
    if _DIGITS_ONLY.fullmatch(s):
        return parse_digits(s)
    m = _SLASH_FRACTION.match(s)
    if m:
        num, den = int(m[2]), int(m[3])
        if den not in FRACTION_DENOMINATORS or not 0 < num < den:
            return None
        return as_number(round(int(m[1] or 0) + num / den, 6))
    m = _AND_A_HALF.match(s)
    if m:  # "one and a half million", "two and a half"
        whole = parse_number(m[1])
        scale = parse_number("a " + m[2]) if m[2] else 1
        return None if whole is None or scale is None else as_number((whole + 0.5) * scale)
    m = _ATTACHED_SCALE.match(s)
    if m and m[2] in SCALES:
        base = parse_digits(m[1])
        return None if base is None else as_number(base * SCALES[m[2]])
    return _parse_words(s)


def _parse_words(s: str) -> Number | None:
    all_words = _TOKEN.findall(s)
    words = [w for w in all_words if w not in ("and", "a", "an")]
    if not words:
        return None
    if words[0] in VAGUE_PLURALS and all_words[0] not in ("a", "an"):
        return _parse_vague(words)
    if words[0] in SCALES and all_words[0] not in ("a", "an"):
        return None  # "million two"; but "a million"
    if len(words) == 1 and words[0] in ("half", "halves"):
        return 0.5
    if len(words) == 2 and words[1] in FRACTIONS:  # "two-thirds", "a quarter" (after dropping "a")
        top = UNITS.get(words[0])
        return None if top is None else as_number(top / FRACTIONS[words[1]])
    if len(words) == 1 and words[0] in FRACTIONS and (words[0] != "quarter" or all_words[0] in ("a", "an")):
        return as_number(1 / FRACTIONS[words[0]])
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w[0].isdigit():
            value = parse_digits(w)
            if value is None or seen:
                return None
            current, seen = float(value), True
        elif w in UNITS or w in TENS:
            current += UNITS.get(w, 0) + TENS.get(w, 0)
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w in SCALES:
            scale = SCALES[w]
            current = current or 1
            if scale == 100:
                current *= 100
            else:
                total += current * scale
                current = 0
            seen = True
        else:
            return None
    return as_number(total + current) if seen else None


def _parse_vague(words: list[str]) -> Number | None:
    """"dozens" → 12, "tens of thousands" → 10,000, "hundreds of millions" → 100,000,000."""
    if len(words) == 1:
        return None if words[0] == "tens" else VAGUE_PLURALS[words[0]]
    if len(words) == 3 and words[1] == "of" and words[2] in VAGUE_PLURALS and words[0] in ("tens", "hundreds"):
        return as_number(VAGUE_PLURALS[words[0]] * VAGUE_PLURALS[words[2]])
    return None
