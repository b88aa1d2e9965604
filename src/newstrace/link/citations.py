"""Who cites whom: "told Ukrainian Pravda", "UkrInform reports", "seen by the Kyiv Independent",
"according to Reuters", "KYIV (Reuters) —" become citation edges from an article to the outlet it cites.

Cue patterns (compiled once) find a capitalized name next to a citing phrase; the name is then taken for an
outlet when it is the outlet of an article in the comparison, when it has a newsroom word or a news
agency's name in it ("Gazette", "Pravda", "Reuters"), or, after a cue that only outlets take ("seen by",
"told", "X reports"), when the article's entities tag it as an organisation. The name is snapped to the
entity mention it overlaps, so the edge points at the cross-article entity. An article's mentions of its
own outlet are not citations. Quotes whose speaker is an outlet ("according to Reuters", cue "according
to") are citations too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newstrace.lexicon import words
from newstrace.link.common import STOPWORDS, fold
from newstrace.link.lexicon import lexicon
from newstrace.link.results import Citation
from newstrace.records import Analysis, Entity

#: Words that make a name a newsroom's ("Harbor Gazette", "Kyiv Independent", "Ukrainska Pravda").
MEDIA_WORDS = lexicon().media_words
#: News agencies and broadcasters known by a bare name.
MEDIA_NAMES = lexicon().media_names
_WORD = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"  # a capitalized word; inner dots only ("U.S"), never a full stop
_SP = r"[ \t]+"  # names never run across a line break ("REUTERS\nRead more")
_NAME = rf"(?P<name>{_WORD}(?:(?:{_SP}(?:of|for|and|&|de|the))?{_SP}(?:{_WORD}|\d+\b)){{0,5}})"
#: "told the state news agency Xinhua": an optional article and the outlet's kind before its name
_THE = (
    r"\s+(?:the\s+)?(?:(?:state|national|public|private)\s+)?(?:news\s+)?"
    r"(?:agency|channel|broadcaster|newspaper)?\s*"
)
#: "the X news channel reported": the outlet's kind, between its name and the verb
_KIND = r"(?:[ \t]+(?:news[ \t]+)?(?:agency|channel|broadcaster|network|website|service|newspaper|station))?"
#: (what the cue is, pattern before the name, whether only outlets take it)
_BEFORE: list[tuple[str, str, bool]] = [
    ("according to", r"\baccording to", False),
    ("told", r"\b(?:told|tells|telling)", True),
    ("seen by", r"\b(?:seen|obtained|reviewed|viewed|verified|reported|published|broadcast|aired|carried|"
                r"distributed|first reported) by", True),
    ("interview", r"\b(?:in an? (?:interview|statement|comments?|remarks?) (?:with|to)|"
                  r"(?:speaking|spoke|speaks|talking|talked) (?:to|with))", True),
    ("citing", r"\b(?:citing|cited by|quoted by|via)", False),
    ("wrote in", r"\b(?:wrote|writes|writing|reported|said) in", True),
    ("report by", r"\breports? (?:by|in|from)", True),
]
_PATTERNS = [(cue, re.compile(pat + _THE + _NAME), strong) for cue, pat, strong in _BEFORE]
_AFTER = re.compile(
    _NAME + _KIND + r"[ \t]+(?:has[ \t]+|had[ \t]+|also[ \t]+)?(?P<cue>reports|reported|writes|wrote|revealed|"
    r"learned|learnt|broadcast|published|says|said|cited|quoted|confirmed)\b"
)
#: verbs after a name that only outlets take; "wrote", "published" are also people's and bodies'
_STRONG_AFTER = words("citation_words", "strong_after")
#: "(AFP)" after a story item: copy credited to an agency
_CREDIT = re.compile(r"\((?P<name>[A-Z][A-Za-z]{1,11})\)")
#: "as the agency reported": the outlet named last before it
_BACKREF = re.compile(
    r"\bas the (?:state |national )?(?:news )?(?:agency|channel|broadcaster|newspaper|paper)\s+(?:has\s+)?"
    r"(?:reported|reports|said|wrote|noted)\b"
)
_READ_MORE = re.compile(r"\b(?:Read more|READ MORE|Read also|See also)[ \t]*:[ \t]*(?P<line>[^\n]+)")
_KIND_AFTER = re.compile(r"[ \t]+(?:news[ \t]+)?(?:agency|channel|broadcaster|network|website|newspaper|station)\b")
_DATELINE = re.compile(r"(?m)^[A-Z][A-Z .,'’-]{1,40}\((?P<name>[A-Z][^()\n]{1,40})\)\s*[—–-]")
_ORG_TYPES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "PERSON"})
_KIND_TAIL = re.compile(r"(?<=\w)\s+(?:news\s+)?(?:agency|channel|broadcaster|network|website|station)$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _own(key: str, own: str | None) -> bool:
    """``key`` names the article's own outlet: equal, or all its words in the outlet's ("the Voice")."""
    if own is None:
        return False
    kw, ow = set(key.split()), set(own.split())
    return key == own or (bool(kw) and kw <= ow) or "".join(w[0] for w in own.split() if w) == key


def looks_like_outlet(name: str) -> bool:
    toks = set(re.findall(r"\w+", fold(name)))
    return bool(toks & MEDIA_WORDS or toks & MEDIA_NAMES)


def _mention_at(a: Analysis, start: int, end: int) -> tuple[Entity, int, int] | None:
    """The entity mention that overlaps ``[start, end)`` and ends last, with its span."""
    best: tuple[Entity, int, int] | None = None
    for e in a.entities:
        for s, t in e.mentions:
            if s < end and start < t and (best is None or t > best[2]):
                best = (e, s, t)
    return best


def _trim(name: str, start: int) -> tuple[str, int]:
    """Drop leading stop words ("Meanwhile Reuters" → "Reuters"), but not "The", and a trailing possessive."""
    parts = name.split(" ")
    while len(parts) > 1 and fold(parts[0]) in STOPWORDS and parts[0] != "The":  # "The Guardian" keeps it
        start += len(parts[0]) + 1
        parts = parts[1:]
    name = _KIND_TAIL.sub("", " ".join(parts)) or " ".join(parts)
    return _POSSESSIVE.sub("", name), start


def find_citations(
    a: Analysis, outlets: dict[str, list[str]], entity_of: dict[tuple[str, str], str] | None = None
) -> list[Citation]:
    """Citations in article ``a``. ``outlets`` maps folded outlet names to the ids of their articles."""
    entity_of = entity_of or {}
    own = fold(a.source) if a.source else None
    found: dict[tuple[int, int], Citation] = {}
    text = a.text

    def add(cue: str, name: str, n_start: int, strong: bool, c_start: int, c_end: int) -> None:
        name, n_start = _trim(name, n_start)
        n_end = n_start + len(name)
        ref = _mention_at(a, n_start, n_end)
        entity = None
        tagged_org = ref is not None and ref[0].type in _ORG_TYPES
        kind = _KIND_AFTER.match(text, n_end) is not None  # "the X news channel": an outlet by its kind
        if ref is not None and not (n_start - 4 <= ref[1] <= n_start and n_end <= ref[2] <= n_end + 4):
            ref = None  # snap only to a mention that covers the name, not one inside it or running past it
        if ref is not None and ref[0].type in _ORG_TYPES:
            name, entity = a.text[ref[1] : ref[2]], entity_of.get((a.id, ref[0].id))
            n_end = max(n_end, ref[2])
        key = fold(name)
        if not key or _own(key, own):
            return
        if not (key in outlets or looks_like_outlet(name) or kind or (strong and tagged_org)):
            return
        start, end = min(c_start, n_start), max(c_end, n_end)
        if any(s < end and start < e for s, e in found):
            return
        found[(start, end)] = Citation(
            article=a.id, cited=name, text=a.text[start:end], start=start, end=end, cue=cue,
            cited_articles=[x for x in outlets.get(key, []) if x != a.id], entity=entity,
        )

    def read_more(m: re.Match[str]) -> None:
        """A "Read more: headline - Outlet" line: the part that is an outlet, first or last."""
        line, base = m["line"].rstrip(" ."), m.start("line")
        parts = re.split(r"[ \t]+[-–—|][ \t]+", line)
        tail = re.search(r"\b(?:at|on|from|in|via)[ \t]+(?:the[ \t]+)?(?P<n>[A-Z][^\n]*)$", line)
        for part in [parts[-1], parts[0]] + ([tail["n"]] if tail else []):
            part = part.strip()
            words_ = part.split()
            if 0 < len(words_) <= 5 and all(w[0].isupper() or w[0].isdigit() for w in words_) and (
                fold(part) in outlets or looks_like_outlet(part)
            ):
                start = base + line.rindex(part) if part != parts[0] else base
                add("read more", part, start, True, m.start(), start + len(part))
                return

    for m in _DATELINE.finditer(text):
        add("dateline", m["name"].strip(), m.start("name"), True, m.start("name") - 1, m.end("name") + 1)
    for _, pattern, strong in _PATTERNS:
        for m in pattern.finditer(text):
            cue = re.sub(r"\s+(?:the\s+)?$", "", text[m.start() : m.start("name")]).lower()
            add(cue, m["name"], m.start("name"), strong, m.start(), m.end())
    for m in _AFTER.finditer(text):
        add(m["cue"], m["name"], m.start("name"), m["cue"] in _STRONG_AFTER, m.start(), m.end())
    for m in _CREDIT.finditer(text):
        if fold(m["name"]) in MEDIA_NAMES or fold(m["name"]) in outlets:
            add("credit", m["name"], m.start("name"), False, m.start(), m.end())
    for m in _READ_MORE.finditer(text):
        read_more(m)
    for q in a.quotes:
        if q.speaker and q.speaker_span and q.cue:
            s, e = q.speaker_span
            if 0 <= s < e <= len(text) and "\n" not in text[s:e]:
                add(q.cue, text[s:e], s, False, s, e)
    for m in _BACKREF.finditer(text):
        before = [c for c in found.values() if c.end <= m.start()]
        if before:
            last = max(before, key=lambda c: c.end)
            found[(m.start(), m.end())] = Citation(
                article=a.id, cited=last.cited, text=m.group(), start=m.start(), end=m.end(), cue="as reported",
                cited_articles=last.cited_articles, entity=last.entity,
            )
    return sorted(found.values(), key=lambda c: c.start)


def all_citations(
    analyses: Sequence[Analysis], entity_of: dict[tuple[str, str], str] | None = None
) -> list[Citation]:
    """Citations of every article, in article order; cited outlets are matched to articles by ``source``."""
    outlets: dict[str, list[str]] = {}
    for a in analyses:
        if a.source:
            outlets.setdefault(fold(a.source), []).append(a.id)
    return [c for a in analyses for c in find_citations(a, outlets, entity_of)]
