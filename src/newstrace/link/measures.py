"""What a figure measures: the lemma of the counted noun's head and its class, the proper modifiers
("Chinese"), the unit, and the event it counts, read off the nearest predicate in its sentence ("killed",
"injured", "captured", "fighting" / "serving").

Two figures can measure the same thing only when these agree (see :func:`compatible`); how strongly they
look alike otherwise is :func:`evidence`. The lexicons are small and general (news counts of people,
ships, homes; the events news counts), not tuned to any article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newstrace.lexicon import mapping, table, words
from newstrace.link.common import Sentences, content_words, fold, wordset
from newstrace.records import Quantity

#: Nouns that count people without saying which ("12 people"): compatible with any more specific one.
GENERIC_PEOPLE = wordset("people person individual human")
#: Synonyms and near-synonyms counted interchangeably in news reports: word → its class.
HEAD_CLASSES: dict[str, str] = {
    word: cls for cls, members in table("count_words")["head_classes"].items() for word in members
}
#: Nouns for people (a generic count of people may be any of them).
PEOPLE = GENERIC_PEOPLE | frozenset(
    w for w, c in HEAD_CLASSES.items() if c in words("count_words", "people_classes")
) | words("count_words", "people")
#: Event classes of the predicates news counts are about; a trailing * marks a stem (injur* covers injured,
#: injuring, injuries). The nearest predicate word to a figure gives its class.
_PREDICATE_LEXICON: dict[str, list[str]] = table("count_words")["predicates"]
PREDICATE_WORDS = {w: c for c, ws in _PREDICATE_LEXICON.items() for w in ws if not w.endswith("*")}
PREDICATE_STEMS = {w[:-1]: c for c, ws in _PREDICATE_LEXICON.items() for w in ws if w.endswith("*")}
#: Heads that name the event themselves ("4,000 casualties", "155 deaths").
HEAD_PREDICATES: dict[str, frozenset[str]] = mapping("count_words", "head_predicates")
#: Spellings of a unit → its one name ("per cent": "percent", "$": "USD").
UNIT_SYNONYMS: dict[str, str] = mapping("count_words", "unit_synonyms")
#: Words that end the counted noun phrase: what follows says something about it, not what it is.
_PHRASE_END = words("count_words", "phrase_end")
#: Number words and qualifiers that are part of a figure's text, not of what it counts.
NUMBER_WORDS = words("count_words", "number_words")
#: Heads that say little by themselves: the word before them says what is counted.
_HOLLOW_HEADS = words("count_words", "hollow_heads")
_IRREGULAR: dict[str, str] = mapping("count_words", "irregular_plurals")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
MAX_PREDICATE_DISTANCE = 12  # words
APPROX_TOLERANCE = 0.05  # "around 14" holds for 14 ± 5 %: 14 yes, 12 no; "about 30" and "about 35" differ


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """Singular of an English noun, by rule (casualties → casualty, tonnes → tonne, citizens → citizen)."""
    w = fold(word)
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("men"):
        return w[:-3] + "man"  # servicemen, firemen
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def normalize_unit(unit: str | None) -> str | None:
    if not unit or not unit.strip():
        return None
    u = unit.strip()
    if re.fullmatch(r"[A-Z]{3}", u):
        return u  # ISO 4217
    key = fold(u).rstrip(".")
    key = UNIT_SYNONYMS.get(key, key)
    return UNIT_SYNONYMS.get(lemma(key), lemma(key)) if key.islower() else key


@dataclass(frozen=True, slots=True)
class Measure:
    """The features of one figure that say what it measures."""

    unit: str | None
    head: str | None  #: lemma of the counted noun ("citizen"); for "crew members", "crew"
    modifiers: frozenset[str]  #: folded proper modifiers of the counted noun ("chinese")
    descriptors: frozenset[str]  #: folded content words of the counted phrase
    predicates: frozenset[str]  #: event classes of the nearest predicate ("injured")
    predicate_word: str | None  #: that predicate as written
    as_of: str | None
    change: str | None
    partitive: bool  #: "three of the injured", "two of whom": a part of another count
    context: frozenset[str]  #: content words of the sentence

    @property
    def head_class(self) -> str | None:
        return HEAD_CLASSES.get(self.head, self.head) if self.head else None


def counted_phrase(q: Quantity, text: str) -> list[str]:
    """The words of what is counted: the quantity's ``counted``, else the words of the quantity's text that
    are not numbers or qualifiers ("two Chinese nationals"), else, for a bare count, the words after it."""
    phrase = q.counted or ""
    if not phrase:
        inside = [w for w in _WORD.findall(q.text) if fold(w) not in NUMBER_WORDS]
        if inside:
            phrase = " ".join(inside)
        elif not q.unit:  # "€4 million once quay walls…": words after money or a measure are not what it counts
            after = text[q.end : q.end + 80]
            stop = re.search(r"[,.;:()\"“”]", after)
            phrase = after[: stop.start()] if stop else after
    out: list[str] = []
    for w in _WORD.findall(phrase):
        f = fold(w)
        if f in _PHRASE_END or (out and f.endswith("ing") and len(f) > 5):
            break
        if f not in NUMBER_WORDS:
            out.append(w)
        if len(out) >= 5:
            break
    return out


def measure_of(q: Quantity, text: str, sentences: Sentences) -> Measure:
    """The :class:`Measure` of quantity ``q`` of an article with ``text`` (split into ``sentences``)."""
    phrase = counted_phrase(q, text)
    nouns = [w for w in phrase if not w[:1].isupper() or w.isupper()]
    head = lemma(nouns[-1]) if nouns else None
    if head in _HOLLOW_HEADS and len(phrase) >= 2:
        head = lemma(phrase[-2])  # "crew members" counts crew, "the death toll" deaths
    if phrase and not nouns and not q.unit:
        head = "people"  # "155 Chinese", "40 Ukrainians": people, by nationality
    unit = normalize_unit(q.unit)
    if head is not None and unit is not None and normalize_unit(head) == unit:
        head = None  # "nine minutes": the unit, not what is measured
    modifiers = frozenset(lemma(w) for w in phrase if w[:1].isupper() and lemma(w) != head)
    s_start, s_end = sentences.span(q.start)
    predicates, word = _nearest_predicate(text, (s_start, s_end), q, phrase)
    if head in HEAD_PREDICATES:
        predicates, word = HEAD_PREDICATES[head], head
    elif head is not None and head not in PEOPLE and (cls := predicate_class(head)) is not None:
        predicates, word, head = frozenset({cls}), head, "people"  # "the number of missing", "the injured"
    partitive = _is_partitive(text[q.end : q.end + 40]) and not q.unit
    return Measure(
        unit=unit,
        head=head,
        modifiers=modifiers,
        descriptors=frozenset(lemma(w) for w in phrase),
        predicates=predicates,
        predicate_word=word,
        as_of=q.as_of,
        change=q.change,
        partitive=partitive,
        context=frozenset(content_words(text[s_start:s_end])),
    )


def _is_partitive(after: str) -> bool:
    """After a figure: "of whom", "of them", or "of the" and a predicate ("three of the injured")."""
    m = re.match(r"\s+of\s+(whom|them|those|these|which|the\s+(\w+))\b", after)
    return m is not None and (m.group(2) is None or predicate_class(m.group(2)) is not None)


def predicate_class(word: str) -> str | None:
    """The event class of a word ("injuring" → "injured"), or None."""
    w = fold(word)
    if w in PREDICATE_WORDS:
        return PREDICATE_WORDS[w]
    for n in range(len(w), 3, -1):
        if w[:n] in PREDICATE_STEMS:
            return PREDICATE_STEMS[w[:n]]
    return None


def _nearest_predicate(
    text: str, span: tuple[int, int], q: Quantity, phrase: list[str]
) -> tuple[frozenset[str], str | None]:
    """Classes of the predicate word(s) nearest to the figure in its sentence, skipping the counted words."""
    before = _WORD.findall(text[span[0] : q.start])[::-1][:MAX_PREDICATE_DISTANCE]
    after = _WORD.findall(text[q.end : span[1]])
    counted = {fold(w) for w in phrase}
    while after and fold(after[0]) in counted:
        after.pop(0)
    after = after[:MAX_PREDICATE_DISTANCE]
    for i in range(MAX_PREDICATE_DISTANCE):
        found = sorted(
            (cls, ws[i]) for ws in (before, after) if i < len(ws) and (cls := predicate_class(ws[i])) is not None
        )
        if found:
            return frozenset(c for c, _ in found), found[0][1]
    return frozenset(), None


def heads_compatible(a: Measure, b: Measure) -> float:
    """How well the counted heads agree: 2 same noun or class, 1 a generic count of people and a specific
    one, 0.5 unknown on one side or both, 0 different things."""
    if a.head is None or b.head is None:
        return 0.5
    if a.head == b.head or a.head_class == b.head_class:
        return 2.0
    if a.head in b.descriptors or b.head in a.descriptors:
        return 1.5  # "fuel" / "fuel oil"
    if (a.head in GENERIC_PEOPLE and b.head in PEOPLE) or (b.head in GENERIC_PEOPLE and a.head in PEOPLE):
        return 1.0
    return 0.0


def dates_compatible(a: str | None, b: str | None) -> bool:
    """As-of dates agree when either is unknown or one is a prefix of the other ("2025-04", "2025-04-02")."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def compatible(a: Measure, b: Measure) -> bool:
    """Whether two figures can measure the same thing (their values aside)."""
    return (
        a.unit == b.unit
        and heads_compatible(a, b) > 0
        and not (a.modifiers and b.modifiers and not a.modifiers & b.modifiers)
        and not (a.predicates and b.predicates and not a.predicates & b.predicates)
        and dates_compatible(a.as_of, b.as_of)
        and a.change == b.change
        and a.partitive == b.partitive
        and not (a.partitive and (a.head is None or b.head is None))  # parts of what, unknown
    )


def evidence(a: Measure, b: Measure, same_value: bool = False) -> float:
    """How strongly two compatible figures look like the same measure (about 0..8). A head unknown on one
    side is no evidence; ``same_value`` (their values are consistent) is a little."""
    score = heads_compatible(a, b) if a.head and b.head else 0.0
    if same_value:
        score += 0.5
    if a.unit and a.unit == b.unit:
        score += 1.5
    if a.predicates & b.predicates:
        score += 2.0
    if a.modifiers & b.modifiers:
        score += 1.0
    if a.as_of and a.as_of == b.as_of:
        score += 0.5
    union = len(a.context | b.context)
    if union:
        score += 3.0 * len(a.context & b.context) / union
    return score
