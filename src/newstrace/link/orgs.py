"""Organisation names: their core, the acronyms they give, whether they are generic, and which country they
name.

- The *core* of a name drops a leading nationality ("US Federal Reserve", "Iranian Red Crescent Society"), a
  trailing "of <place>" ("Civil Aviation Authority of Nepal") and trailing designators ("Himal Sky Airways",
  "Red Crescent Society"): two names with one core in one story are one organisation.
- *Acronyms* are the initials of the content words of the name or of its core ("United Auto Workers": "uaw";
  "Organization for Security and Co-operation in Europe": "osce", "oscie"); a *clipping* is a word that
  begins the core's first word ("Fed" / "Federal Reserve").
- A *generic* name is made only of words every country uses ("Interior Ministry", "police", "Central
  Election Commission"); it is joined only with the same name of the same country, so one country's Interior
  Ministry never joins another's.

The word tables are in ``newstrace/data/org_words.json`` and ``newstrace/data/demonyms.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from newstrace.lexicon import table
from newstrace.lexicon import words as table_words
from newstrace.link.common import STOPWORDS, fold, words
from newstrace.nlp.places import notable_place

DESIGNATORS = table_words("org_words", "designators")
GENERIC_WORDS = table_words("org_words", "generic")
#: Acronyms are 2 to this many letters.
MAX_ACRONYM = 7


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Nationality adjective → ISO 3166-1 alpha-2: derived from country names ("Iraq" + "i", "Jordan" + "ian",
    "Bulgaria" + "n", "Ukraine" → "Ukrainian", "China" → "Chinese") and the irregular ones of the data file."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in {fold(getattr(c, "common_name", None) or c.name), fold(c.name)}:
            if " " in name or "," in name:
                continue
            stem = name[:-1] if name[-1] in "aeoy" else name
            for form in (name + "i", name + "n", name + "an", name + "ian", stem + "ian", stem + "an",
                         stem + "ese", name + "ese", stem + "ish"):
                out.setdefault(form, c.alpha_2)
    out.update(table("demonyms")["demonyms"])
    return out


@lru_cache(maxsize=65536)
def country_of(text: str) -> str | None:
    """ISO 3166-1 code of a country, a place in it or its nationality adjective ("Nepal", "Newark",
    "Iraqi", "U.S."), else None."""
    key = fold(text)
    if not key:
        return None
    found = _demonyms().get(key)
    if found:
        return found
    place = notable_place(text)
    return place[0].split("-")[0] if place else None


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation name taken apart: ``core`` words, the place it names (``qualifier``: a country code
    for a country or a nationality, the folded name for a city or region), and whether it is generic."""

    folded: str
    core: tuple[str, ...]
    qualifier: str | None
    country: str | None
    generic: bool
    acronyms: frozenset[str]

    @property
    def core_text(self) -> str:
        return " ".join(self.core)


def _is_acronym_word(w: str) -> bool:
    letters = re.sub(r"[.\-&]", "", w)
    return 2 <= len(letters) <= MAX_ACRONYM and letters.isalpha() and letters.isupper()


def acronym_form(name: str) -> str | None:
    """The folded acronym when ``name`` is one ("UAW", "U.N.", "CAAN"), else None."""
    ws = words(name)
    if len(ws) == 1 and _is_acronym_word(ws[0]):
        return re.sub(r"[^a-z]", "", fold(ws[0]))
    return None


def clipping_form(name: str) -> str | None:
    """The folded word when ``name`` may be a clipping ("Fed", "Gov"): one capitalised word of 3 to 5 letters
    that is not an acronym and not a place."""
    ws = words(name)
    one = len(ws) == 1 and 3 <= len(ws[0]) <= 5 and ws[0][:1].isupper() and ws[0][1:].islower()
    return fold(ws[0]) if one and notable_place(ws[0]) is None else None


def _initials(tokens: list[tuple[str, bool]]) -> set[str]:
    """Initials of the content words (``(folded word, written in capitals)``); a word in capitals gives all
    its letters ("US"), a hyphenated word one letter or one per part ("Co-operation")."""
    out = {""}
    for t, caps in tokens:
        if caps and t.isalpha():
            out = {o + t for o in out}
            continue
        if t in STOPWORDS:
            continue
        parts = [p for p in t.split("-") if p and p not in STOPWORDS]
        choices = {t[0]} | ({"".join(p[0] for p in parts)} if len(parts) > 1 else set())
        out = {o + c for o in out for c in choices}
    return {o for o in out if len(o) >= 2}


def _place_qualifier(text: str, rest_generic: bool) -> tuple[str, str] | None:
    """``(qualifier, country)`` of a place or nationality that qualifies a name: a country or nationality
    gives its code; a city or region (only before a generic rest: "Newark police") its folded name."""
    if all(w in GENERIC_WORDS for w in text.split()):
        return None  # "Central", "Federal": also names of places somewhere
    found = country_of(text)
    if not found:
        return None
    place = notable_place(text)
    if place is None or not place[1]:  # a country, a nationality, a region ("New York" state): the country
        return found, found
    return (text, found) if rest_generic else None


def _generic(core: list[str]) -> bool:
    content = [t for t in core if t not in STOPWORDS]
    return bool(content) and all(t in GENERIC_WORDS for t in content)


@lru_cache(maxsize=65536)
def parse_org(name: str) -> OrgName:
    """``OrgName`` of a written organisation name."""
    folded = fold(name)
    written = words(name)
    caps = [_is_acronym_word(w) for w in written]
    toks = [fold(w).replace(".", "") for w in written]
    qualifier: str | None = None
    country: str | None = None
    core = list(toks)
    # a leading nationality or place: "US Federal Reserve", "Iranian Red Crescent", "Newark police"
    for n in (3, 2, 1):
        if len(core) > n and (q := _place_qualifier(" ".join(core[:n]), _generic(core[n:]))):
            qualifier, country = q
            core = core[n:]
            break
    # a trailing "of <place>" or "in <place>": "Civil Aviation Authority of Nepal", "... of New York and ..."
    for i, t in enumerate(core):
        if t in ("of", "in") and 0 < i < len(core) - 1:
            tail = core[i + 1 :]
            head = " ".join(tail[: tail.index("and")]) if "and" in tail else " ".join(tail)
            q = _place_qualifier(" ".join(tail), True) or _place_qualifier(head, True)
            if q:
                if qualifier is None:
                    qualifier, country = q
                core = core[:i]
                break
    while len(core) > 1 and core[-1] in DESIGNATORS:
        core = core[:-1]
    pairs = list(zip(toks, caps, strict=True))
    acronyms = (
        _initials(pairs)
        | _initials([(t, False) for t in core])
        | _initials([(t, c) for t, c in pairs if t not in DESIGNATORS])
    )
    return OrgName(folded, tuple(core), qualifier, country, _generic(core), frozenset(acronyms))


def extra_acronyms(name: str, following: str) -> frozenset[str]:
    """Acronyms of a name the tagger cut short, read with the words that follow it in the text:
    "Organization for Security and Co-operation" + " in Europe" gives "osce"."""
    m = _TAIL.match(following)
    return parse_org(name + m.group(0)).acronyms if m else frozenset()


_TAIL = re.compile(r"\s+(?:of|in|for|and|on)\s+(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*")
