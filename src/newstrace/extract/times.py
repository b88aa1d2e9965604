"""Time expressions normalized against the publication date (TIMEX3 values, after HeidelTime and SUTime).

Candidates come from one pass over the tokens: a token that can carry a time expression (a month, a weekday,
a unit such as "year", "yesterday", "now", any token with a digit, or a token spaCy tagged DATE/TIME) is a
trigger, and the grammar of :mod:`newstrace.extract.timegrammar` is tried at the starts of the few tokens
before it, so that modifiers are included ("the past three months", "early April", "a day prior"). The
compiled grammar only runs at those positions, never over the whole text. Values come from
:mod:`newstrace.extract.timenorm`:

* absolute dates keep what they say (``2024``, ``2025-04``, ``2025-04-10``); a month or day written without
  a year takes it from the publication date and the tense ("January" in an April 2025 article: ``2025-01``;
  "December" written in January 2026: ``2025-12`` unless the verb is future);
* relative ones ("yesterday", "last week", "two years ago", "this morning") are resolved against the
  publication date; anaphoric ones ("a day prior", "the next day", "the previous year") against the latest
  date mentioned in the same or the two previous sentences, else the publication date;
* with no publication date values stay partial (``XXXX-04-10``); with a partial one (``2025-04``) the known
  part is used.

A bare four-digit number is a year unless the parse says it counts something ("2000 troops"). "The year",
"the month", "the quarter" are the publication's (the quarter just named, or in the past tense the last one
that ended); holidays take their date in the year the tense points to ("Thanksgiving", "Easter", "Labor Day");
a weekday that is part of a name ("The Sunday Times") is not a date; a clock time written beside its date is
one expression ("2 a.m. Sunday").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newstrace.dates import MONTHS, WEEKDAYS
from newstrace.extract.scan import Scan, hashes, scan, trigger_tokens
from newstrace.extract.syntax import span_at, tense
from newstrace.extract.timegrammar import GRAMMAR, MONTH_NUMBERS
from newstrace.extract.timenorm import Context, normalize
from newstrace.extract.timex import Anchor, shift
from newstrace.facts import Context as FactContext
from newstrace.lexicon import words
from newstrace.records import TimeExpr

#: Words that can be part of a time expression; the grammar is tried only around them.
_TRIGGER_WORDS = words("time_words", "triggers")
TRIGGERS = frozenset(
    [*MONTH_NUMBERS, *(m + "." for m in MONTH_NUMBERS), *MONTHS, *WEEKDAYS, *(d + "s" for d in WEEKDAYS),
     *_TRIGGER_WORDS]
)
_TRIGGER_HASHES = hashes(TRIGGERS)
#: Words that can open an expression before its trigger ("the past three months", "a day prior").
_START_WORDS = words("time_words", "start_words")
_START_HASHES = hashes(_START_WORDS) | _TRIGGER_HASHES
_FULL_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_QUARTER = re.compile(r"\d{4}-Q[1-4]")
#: Tokens that end a window: an expression never spans them.
_BARRIERS = frozenset('.;:!?()"“”[]')
_WINDOW = 7
#: Labels of named things whose numbers are not years ("Vision 2030", "Windows 2000").
_NAME_LABELS = frozenset({"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "PERSON"})
_COMPARED = re.compile(r"\b(?:under|over|above|below|than|about|around|some|nearly|almost|approximately|"
                       r"roughly|at\s+least|at\s+most|up\s+to)\s+$", re.IGNORECASE)
_ABSOLUTE = frozenset({"iso", "slash", "mdy", "dmy", "my", "year", "decade", "century", "set"})
_TIME_NOUNS = frozenset(t for t in TRIGGERS if t.isalpha())
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "these", "those"})
#: Titles that may follow a weekday that ends a clause ("said Tuesday President Biden ...").
_TITLES = words("time_words", "titles")
#: A note that the article is a reprint, just before the original's date: "This article was first published
#: on March 3, 2024", "originally ran on Nov. 2", "first appeared in print on".
_REPRINT_BEFORE = re.compile(r"\b(?:first|originally|initially)\s+(?:published|appeared|ran|posted|aired|printed|"
                             r"run)\b[^.\n]{0,30}?\b(?:on|in)\s+$", re.IGNORECASE)
#: Parts of the day after which a bare "midnight" is the start of the next day ("Saturday evening ... shortly
#: after midnight").
_LATE_PARTS = ("TEV", "TNI")
_DURATION = re.compile(r"P(?:(?P<Y>\d+)Y)?(?:(?P<MO>\d+)M)?(?:(?P<W>\d+)W)?(?:(?P<D>\d+)D)?"
                       r"(?:T(?:(?P<H>\d+)H)?(?:(?P<MI>\d+)M)?(?:(?P<S>\d+)S)?)?")
_DURATION_PARTS = ("Y", "MO", "W", "D", "H", "MI", "S")


def extract_times(doc: Doc, published: str | None, reprint: bool = True) -> list[TimeExpr]:
    """Every temporal expression in ``doc`` with a TIMEX3-style value relative to ``published``; in a reprint
    that names the original's date ("first published on March 3, 2024"), relative expressions are resolved
    against that date instead."""
    out = _extract_times(doc, published)
    if reprint:
        text = doc.text
        note = next((t for t in out if t.type == "DATE" and t.value and _FULL_DATE.fullmatch(t.value)
                     and _REPRINT_BEFORE.search(text, max(0, t.start - 60), t.start)), None)
        if note is not None and note.value != published:
            again = _extract_times(doc, note.value)
            return [note if (t.start, t.end) == (note.start, note.end) else t for t in again]
    return out


def _extract_times(doc: Doc, published: str | None) -> list[TimeExpr]:
    dct = Anchor.parse(published)
    sc = scan(doc)
    text = sc.text
    out: list[TimeExpr] = []
    refs: list[tuple[int, Anchor]] = []  # (sentence number, date) of the dates mentioned so far
    quarters: list[tuple[int, str]] = []  # (sentence number, value) of the quarters mentioned so far
    for m in _matches(sc):
        if not _plausible(doc, text, m):
            continue
        sent = sc.sentence_of(sc.token_at(m.start()))
        ref = next((a for s, a in reversed(refs) if sent - s <= 2), dct)
        span = span_at(doc, m.start(), m.end())
        quarter = next((q for s, q in reversed(quarters) if sent - s <= 2), None)
        ctx = Context(dct=dct, ref=ref, tense=tense(span.root) if span is not None else None,
                      before=text[max(0, m.start() - 24):m.start()], after=text[m.end():m.end() + 16], quarter=quarter)
        result = normalize(m, ctx)
        if result is None:
            continue
        value, kind = result
        out.append(TimeExpr(text=m.group(), start=m.start(), end=m.end(), value=value, type=kind,
                            anchor=_anchor(m, ctx, value, published)))
        if kind == "DATE" and value and _FULL_DATE.fullmatch(value):
            refs.append((sent, Anchor.parse(value)))
        elif kind == "DATE" and value and _QUARTER.fullmatch(value):
            quarters.append((sent, value))
    _date_the_times(out, text)
    _join_durations(out, text)
    return out


def _join_durations(times: list[TimeExpr], text: str) -> None:
    """"two hours and 14 minutes": one duration, ``PT2H14M``."""
    k = 1
    while k < len(times):
        a, b = times[k - 1], times[k]
        ma = _DURATION.fullmatch(a.value or "") if a.type == b.type == "DURATION" else None
        mb = _DURATION.fullmatch(b.value or "") if ma is not None else None
        if ma is None or mb is None or not re.fullmatch(r"\s*(?:,|,?\s+and)?\s*", text[a.end:b.start]):
            k += 1
            continue
        pa = [i for i, p in enumerate(_DURATION_PARTS) if ma[p]]
        pb = [i for i, p in enumerate(_DURATION_PARTS) if mb[p]]
        if not pa or not pb or max(pa) >= min(pb):
            k += 1
            continue
        parts = {p: ma[p] or mb[p] for p in _DURATION_PARTS}
        date_part = "".join(f"{parts[p]}{p[0]}" for p in ("Y", "MO", "W", "D") if parts[p])
        time_part = "".join(f"{parts[p]}{p[0]}" for p in ("H", "MI", "S") if parts[p])
        a.value = "P" + date_part + (f"T{time_part}" if time_part else "")
        a.end, a.text = b.end, text[a.start:b.end]
        del times[k]


def _anchor(m: re.Match[str], ctx: Context, value: str | None, published: str | None) -> str | None:
    """The date a relative expression was resolved against; None for absolute ones and durations."""
    if m.lastgroup in _ABSOLUTE or value is None or value.startswith("P") or value.endswith("_REF"):
        return None
    if m.lastgroup == "quarter" and (m["q_y"] or m["q_qy"]):
        return None
    if ctx.used_ref:
        return ctx.ref.value()
    return published or None


def _matches(sc: Scan) -> list[re.Match[str]]:
    """Grammar matches, left to right and not overlapping, each one covering a trigger token. The grammar is
    tried at the tokens (up to ``_WINDOW`` before the trigger) that can start an expression."""
    text, idx, lower = sc.text, sc.idx, sc.lower
    digits = set(sc.digit_tokens)
    found: list[re.Match[str]] = []
    covered = 0
    for i in trigger_tokens(sc, _TRIGGER_HASHES, ("DATE", "TIME")):
        if idx[i] < covered:
            continue
        first = i
        while first > 0 and i - first < _WINDOW:
            j = first - 1
            if idx[j] < covered or text[idx[j]] in _BARRIERS or "\n" in text[idx[j]:idx[j + 1]]:
                break
            first = j
        for j in range(first, i + 1):
            if j != i and lower[j] not in _START_HASHES and j not in digits and text[idx[j]] not in "'’":
                continue
            m = GRAMMAR.match(text, idx[j])
            if m is not None and m.end() > idx[i]:
                found.append(m)
                covered = m.end()
                break
    return found


def _plausible(doc: Doc, text: str, m: re.Match[str]) -> bool:
    """False for a bare number that counts something ("2000 troops"), a name ("Vision 2030") or a month name
    that is a person or a modal ("May")."""
    rule = m.lastgroup
    if rule == "year" and not (m["yr_mod"] or m["yr_fy"]) and m.group()[:1].isdigit():
        span = span_at(doc, m.start("yr"), m.end("yr"))
        if span is None:
            return False
        tok = span[0]
        if tok.ent_type_ in _NAME_LABELS or tok.ent_type_ in ("MONEY", "PERCENT", "QUANTITY"):
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in _TIME_NOUNS and \
                not (prev is not None and prev.lower_ in _DETERMINERS):
            return False  # "2000 troops"; but "the 2024 election", "the 1990 models"
        if tok.i > 0 and doc[tok.i - 1].tag_ == "$":
            return False
        if _COMPARED.search(text, max(0, m.start() - 16), m.start()):
            return False  # "rated under 2000", "some 1500"
    if rule == "weekday" and not (m["wd_rel"] or m["wd_pl"]):
        span = span_at(doc, m.start("wd"), m.end("wd"))
        if span is None or span[0].ent_type_ in _NAME_LABELS:
            return False  # a name: "The Sunday Times", "Monday Night Football"
        nxt = _token_after(doc, text, m.end())
        if nxt is not None and nxt.text[:1].isupper() and not nxt.ent_type_ and span[0].dep_ == "compound" \
                and span[0].head.i == nxt.i and nxt.lower_ not in _TIME_NOUNS and nxt.lower_ not in _TITLES:
            return False  # "The Sunday Telegraph"; but "said Tuesday President Biden ..."
    if rule in ("dayrel", "season"):
        span = span_at(doc, m.start(), m.end())
        if span is not None and any(t.ent_type_ in _NAME_LABELS or t.ent_type_ == "EVENT" for t in span):
            return False  # "USA Today", "the Winter Olympics"
    if rule == "dayrel" and m["dr_on"]:
        span = span_at(doc, m.start(), m.end())
        if span is None or span[0].pos_ == "ADJ" or span[0].dep_ in ("amod", "compound"):
            return False  # "the overnight rate", "an overnight stay"
    if rule == "month" and not (m["mo_mod"] or m["mo_rel"]):
        span = span_at(doc, m.start("mo"), m.end("mo"))
        if span is None or span[0].ent_type_ in ("PERSON", "ORG") or span[0].tag_ == "MD":
            return False
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.ent_type_ != "DATE":
            return False  # a surname: "Theresa May"
    return True


def _token_after(doc: Doc, text: str, end: int) -> Token | None:
    """The first token that is not a space starting at or after character ``end``."""
    sc = scan(doc)  # the tables of this document, already read
    i = sc.token_at(end)
    if i < len(sc.idx) and sc.idx[i] < end:
        i += 1
    while i < len(sc.idx) and text[sc.idx[i]].isspace():
        i += 1
    return doc[i] if i < len(sc.idx) else None


def _date_the_times(times: list[TimeExpr], text: str) -> None:
    """A clock time next to a date ("Tuesday at 5 p.m.", "5 p.m. on April 9") takes that date; written right
    beside it ("2 a.m. Sunday", "5 p.m. today") the two are one expression, as in TIMEX3."""
    merged: set[int] = set()
    for i, t in enumerate(times):
        if t.type != "TIME" or not t.value or "T" not in t.value or t.value[0] == "T":
            continue
        clock = t.value.split("T", 1)[1]
        if not clock[:1].isdigit():
            continue
        if t.text.lower() == "midnight":
            late = next((p for p in reversed(times[max(0, i - 2):i]) if p.value and p.value[-3:] in _LATE_PARTS
                         and t.start - p.end < 120 and "\n" not in text[p.end:t.start]), None)
            if late is not None and _FULL_DATE.fullmatch(late.value[:10]):  # type: ignore[index]
                day = Anchor.parse(late.value[:10])  # type: ignore[index]
                t.value = f"{shift(day, 'day', 1)}T00"  # "Saturday evening ... after midnight": Sunday T00
                continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(times) or j in merged:
                continue
            d = times[j]
            between = text[min(t.end, d.end):max(t.start, d.start)]
            if d.type == "DATE" and d.value and re.fullmatch(r"[\dX]{4}-[\dX]{2}-[\dX]{2}", d.value) and \
                    re.fullmatch(r"\s*,?\s*(?:at|on|of)?\s*", between):
                t.value = f"{d.value}T{clock}"
                if re.fullmatch(r"[ \t]+", between) or (j == i + 1 and re.fullmatch(r"\s+on\s+", between)):
                    # "2 a.m. Sunday", "12:01 a.m. on April 9": one expression
                    t.start, t.end = min(t.start, d.start), max(t.end, d.end)
                    t.text = text[t.start:t.end]
                    merged.add(j)
                break
    if merged:
        times[:] = [t for k, t in enumerate(times) if k not in merged]


def component(doc: Doc, context: FactContext) -> list[TimeExpr]:
    """The registered extractor (see :mod:`newstrace.facts`): resolves against the publication date."""
    return extract_times(doc, context.published)
