"""Quotation marks in raw text: which pairs of marks enclose quoted text.

Works on characters, not tokens, so that it does not depend on sentence segmentation (which often puts a
closing mark at the start of the next sentence). Rules:

* A mark's direction comes from its surroundings (space or an opening bracket before it and a letter after
  it opens; a letter or punctuation before it and space or punctuation after it closes); the glyph
  (“ or ”) decides only when the surroundings don't, so a misused ” still pairs correctly.
* The article's primary family is the one that opens more quotes: double marks, or single marks in British
  style. Marks of the other family count only inside an open quote (quotes inside quotes), so apostrophes
  ("don’t", "soldiers’ lives") never open a quote of their own in an article quoted with double marks.
* A quote still open at the end of a paragraph continues when the next paragraph opens with a mark
  (multi-paragraph quotes: each paragraph gives one segment, all in one ``group``); otherwise it is dropped.
  A stray mark costs at most the quote it touches, never the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE = frozenset('"“”„‟«»')
SINGLE = frozenset("'‘’‚‛")
_OPEN_GLYPHS = frozenset("“„‟«‘‚‛")
_CLOSE_GLYPHS = frozenset("”»’")
_MARK = re.compile(r"[\"“”„‟«»'‘’‚‛]")
_PARAGRAPH = re.compile(r"[^\n]+")
#: Characters after which a mark opens a quote / before which a mark closes one.
_BEFORE_OPEN = frozenset("([{—–-/")
_AFTER_CLOSE = frozenset(".,;:!?)]}—–-…")


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """The text between a pair of quotation marks (or one segment of a multi-paragraph quote).

    ``start``/``end`` delimit the content inside the marks (whitespace trimmed); ``open``/``close`` are the
    offsets of the marks themselves, ``close`` is None for a segment that runs to the end of its paragraph
    and continues in the next one. Segments of one multi-paragraph quote share ``group``.
    """

    start: int
    end: int
    open: int
    close: int | None
    group: int


def _direction(text: str, i: int) -> str | None:
    """'open', 'close', or None (an apostrophe or an isolated mark), from the mark's surroundings."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    left_open = prev.isspace() or prev in _BEFORE_OPEN or prev in _OPEN_GLYPHS or prev in DOUBLE
    right_close = nxt.isspace() or nxt in _AFTER_CLOSE or nxt in _CLOSE_GLYPHS or nxt in DOUBLE
    if prev in DOUBLE | SINGLE and prev != ch:
        left_open = prev in _OPEN_GLYPHS or (i > 1 and (text[i - 2].isspace() or text[i - 2] in _BEFORE_OPEN))
    if nxt in DOUBLE | SINGLE and nxt != ch:
        right_close = nxt in _CLOSE_GLYPHS or nxt == '"'
    if ch in SINGLE and prev in "sS" and right_close and text[i + 1 : i + 3].strip()[:1].islower():
        return None  # a plural possessive ("the workers’ union"), not a closing mark
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    if ch in SINGLE:
        return None  # between letters: an apostrophe; between spaces: not a quote mark
    if ch in _OPEN_GLYPHS:
        return "open"
    if ch in _CLOSE_GLYPHS:
        return "close"
    return "either"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every top-level quotation in ``text``, in order; unbalanced marks are skipped, not fatal."""
    marks = [m.start() for m in _MARK.finditer(text)]
    if not marks:
        return []
    opens = [text[i] in DOUBLE for i in marks if _direction(text, i) == "open"]
    singles, doubles = opens.count(False), opens.count(True)
    primary = SINGLE if singles > doubles or (singles == doubles and opens and not opens[0]) else DOUBLE
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    spans: list[MarkedSpan] = []
    mi = 0
    groups = 0
    carried: int | None = None  # the group of a quote that continues into this paragraph
    for pi, (p_start, p_end) in enumerate(paragraphs):
        while mi < len(marks) and marks[mi] < p_start:
            mi += 1
        continuing, carried = carried, None
        opened: int | None = None  # offset of the open primary mark
        group: int | None = None
        inner = 0  # open marks of the other family inside the quote
        while mi < len(marks) and marks[mi] < p_end:
            i = marks[mi]
            mi += 1
            direction = _direction(text, i)
            if direction is None:
                continue
            if text[i] not in primary:
                if opened is not None:
                    nested = direction == "open" or (direction == "either" and not inner)
                    inner = inner + 1 if nested else max(0, inner - 1)
                continue
            if opened is None or direction == "open":
                # A closing mark with nothing open is stray; an opening mark while one is open means the
                # first was stray: either way start again from here.
                if direction == "close":
                    continuing = None
                    continue
                opened, inner = i, 0
                group = continuing if continuing is not None and not text[p_start:i].strip() else None
                continuing = None
                continue
            start, end = _trim(text, opened + 1, i)
            if end - start > 1:
                if group is None:
                    group, groups = groups, groups + 1
                spans.append(MarkedSpan(start, end, opened, i, group))
            opened = group = None
        if opened is not None and pi + 1 < len(paragraphs):
            n_start, n_end = paragraphs[pi + 1]
            j = n_start + len(text[n_start:n_end]) - len(text[n_start:n_end].lstrip())
            if j < n_end and text[j] in primary and _direction(text, j) in ("open", "either"):
                start, end = _trim(text, opened + 1, p_end)
                if end > start:
                    if group is None:
                        group, groups = groups, groups + 1
                    spans.append(MarkedSpan(start, end, opened, None, group))
                    carried = group
    return spans


def inner_spans(text: str, outer: MarkedSpan) -> list[MarkedSpan]:
    """The quotations inside ``outer`` in the marks of the other family ("He said, 'You have nothing left to
    prove.'"), each with the group of the quote around it; an apostrophe or an unpaired mark is no quote."""
    inner_family = SINGLE if text[outer.open] in DOUBLE else DOUBLE
    out: list[MarkedSpan] = []
    opened: int | None = None
    for m in _MARK.finditer(text, outer.start, outer.end + 1):
        i = m.start()
        if text[i] not in inner_family:
            continue
        direction = _direction(text, i)
        if direction == "open" or (direction == "either" and opened is None):
            opened = i
        elif direction in ("close", "either") and opened is not None:
            start, end = _trim(text, opened + 1, i)
            if end - start > 1:
                out.append(MarkedSpan(start, end, opened, i, outer.group))
            opened = None
    return out
