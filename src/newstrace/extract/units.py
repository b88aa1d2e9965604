"""Currencies (ISO 4217) and units of measure written around a number, from ``data/units.json``.

``CURRENCY_PREFIX`` is the pattern of what may stand before an amount ("$", "US$", "€", "R", "USD");
``unit_after(text, pos)`` reads a unit written right after one ("rubles", "Hong Kong dollars", "%", "km/h",
"square kilometres"). A bare "R" means rand only where the article is about South Africa, "¥" yuan where it
is about China rather than Japan; "pounds" are a weight when followed by "of", written "300-pound", said of
what something weighs, or in an article that is not about Britain (millions of pounds are money anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newstrace.lexicon import table, words


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return table("units")


def _alternation(words: list[str], plural: bool) -> str:
    parts = []
    for w in sorted(words, key=len, reverse=True):
        p = re.escape(w).replace(r"\ ", r"[\s-]+")  # "basis point", "75-basis-point"
        if plural and w[-1:].isalpha():
            p += r"(?:e?s)?" if not w.endswith("s") else ""
        parts.append(p)
    return "|".join(parts)


_D = _data()
CURRENCY_PREFIXES: dict[str, str] = _D["currency_prefixes"]
CURRENCY_WORDS: dict[str, str] = _D["currency_words"]
CURRENCY_CODES: frozenset[str] = frozenset(_D["currency_codes"])
UNIT_WORDS: dict[str, str] = _D["units"]
UNIT_ABBREVIATIONS: dict[str, str] = _D["unit_abbreviations"]
#: Currency words that are also common English words: a currency only for amounts of 100 or more.
AMBIGUOUS_CURRENCY = words("units", "ambiguous_currency")
SCALE_SUFFIXES = words("units", "scale_suffixes")

_codes = "|".join(sorted(CURRENCY_CODES))
#: What may stand right before an amount: a symbol ("$", "HK$", "R") or an ISO code ("USD ").
CURRENCY_PREFIX = (
    r"(?:(?-i:" + _alternation([p for p in CURRENCY_PREFIXES if p != "R"], False) + r")\s?|(?-i:R)(?=\d)|"
    r"(?-i:" + _codes + r")\s?(?=\d))"
)
_UNIT_AFTER = re.compile(
    r"(?:\s+|\s*-\s*|(?<=\d))(?:"
    r"(?P<cw>(?i:" + _alternation(list(CURRENCY_WORDS), True) + r"))"
    r"|(?P<code>(?-i:" + _codes + r"))"
    r"|(?P<uw>(?i:" + _alternation(list(UNIT_WORDS), True) + r"))"
    r"|(?P<ua>(?-i:" + _alternation(list(UNIT_ABBREVIATIONS), False) + r"))"
    r")(?![\w²])"
)
_PERCENT_SIGN = re.compile(r"\s?%")
_WEIGHT_AFTER = re.compile(r"\s+of\b")
_WEIGHT_BEFORE = re.compile(r"\bweigh|\bweight|\bheav(?:y|ier)\b|\blight(?:er)?\b", re.IGNORECASE)
_BRITAIN = re.compile(r"\bBrit(?:ain|ish|on|ons)\b|\bU\.?K\.?\b|\bEngland\b|\bScot(?:land|tish)\b|\bWales\b|"
                      r"\bLondon\b|\bsterling\b|£|\bBank\s+of\s+England\b")
_SOUTH_AFRICA = re.compile(r"South\s+Africa|Johannesburg|Pretoria|Cape\s+Town|Durban|\brand\b", re.IGNORECASE)
_CHINA = re.compile(r"\bChin(?:a|ese)\b|\byuan\b|Beijing")
_JAPAN = re.compile(r"\bJapan(?:ese)?\b|\byen\b|Tokyo")


@dataclass(frozen=True, slots=True)
class UnitMatch:
    unit: str | None  # an ISO 4217 code for money, a unit name otherwise
    end: int
    is_money: bool


def _singular(word: str) -> str:
    w = re.sub(r"[\s-]+", " ", word.lower())
    if w in CURRENCY_WORDS or w in UNIT_WORDS:
        return w
    for cut in (2, 1):
        if w[:-cut] in CURRENCY_WORDS or w[:-cut] in UNIT_WORDS:
            return w[:-cut]
    return w


def is_unit_word(word: str) -> bool:
    """True for "%", "percent", "dollars", "km", ...: words that measure rather than name what is counted."""
    return word == "%" or _singular(word) in UNIT_WORDS or _singular(word) in CURRENCY_WORDS or \
        word in UNIT_ABBREVIATIONS


def unit_after(text: str, pos: int, value: float) -> UnitMatch | None:
    """The unit written right after the amount ending at ``pos``, or None."""
    m = _PERCENT_SIGN.match(text, pos)
    if m:
        return UnitMatch("percent", m.end(), False)
    m = _UNIT_AFTER.match(text, pos)
    if m is None:
        return None
    if m["cw"]:
        word = _singular(m["cw"])
        if word in AMBIGUOUS_CURRENCY and value < 100:
            return None
        if word == "pound" and _is_weight(text, pos, m, value):
            return UnitMatch("pound", m.end(), False)
        return UnitMatch(CURRENCY_WORDS[word], m.end(), True)
    if m["code"]:
        return UnitMatch(m["code"].replace("RMB", "CNY"), m.end(), True)
    if m["uw"]:
        return UnitMatch(UNIT_WORDS[_singular(m["uw"])], m.end(), False)
    return UnitMatch(UNIT_ABBREVIATIONS[m["ua"]], m.end(), False)


def _is_weight(text: str, pos: int, m: re.Match[str], value: float) -> bool:
    """"30 pounds" of weight rather than money (see the module docstring)."""
    if _WEIGHT_AFTER.match(text, m.end()) or m.group().lstrip().startswith("-") or \
            _WEIGHT_BEFORE.search(text, max(0, pos - 48), pos):
        return True
    return value < 1_000_000 and not _context(text)[2]


def currency_of_prefix(prefix: str, text: str) -> str | None:
    """The ISO code for a symbol or code written before an amount, using the article for "R" and "¥"."""
    p = prefix.strip()
    if p in CURRENCY_CODES:
        return p.replace("RMB", "CNY")
    if p == "R":
        return "ZAR" if _context(text)[0] else None
    if p == "¥":
        return "CNY" if _context(text)[1] else "JPY"
    return CURRENCY_PREFIXES.get(p)


@lru_cache(maxsize=8)
def _context(text: str) -> tuple[bool, bool, bool]:
    """(about South Africa, about China more than Japan, about Britain): read once per article."""
    return (bool(_SOUTH_AFRICA.search(text)), len(_CHINA.findall(text)) > len(_JAPAN.findall(text)),
            bool(_BRITAIN.search(text)))
