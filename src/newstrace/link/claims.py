"""Claim groups of figures: the figures of a story that measure the same thing, and whether they agree.

Figures are grouped within a story and a unit (blocking), then greedily: each figure joins the group whose
members it is compatible with (:func:`~newstrace.link.measures.compatible`: counted head, proper
modifiers, event, unit, as-of date; never two figures of one sentence) and that it resembles most
(:func:`~newstrace.link.measures.evidence`), else starts a group. Values do not decide membership —
differing values are what the groups are for — except that figures an order of magnitude apart are not
taken for one measure.

A group's status is qualifier-aware: each figure stands for an interval ("at least 155" → [155, ∞),
"around 14" → [13.3, 14.7]); the group ``differs`` when the intervals have no common point, else it is
``corroborated`` when two or more independent sources give it (copies of one wire story count once),
else ``single_source``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newstrace.link.common import SentenceCache
from newstrace.link.measures import APPROX_TOLERANCE, Measure, compatible, evidence, lemma, measure_of
from newstrace.link.results import Claim, ClaimMember, Status
from newstrace.records import Analysis, Quantity

#: A figure joins a group when it resembles a member at least this much (see ``measures.evidence``).
JOIN_EVIDENCE = 2.5
#: Figures further apart than this factor are not taken for one measure.
MAX_RATIO = 10.0
_EPS = 1e-9

#: ``origin(article, offset)``: the independent source a fact at ``offset`` of ``article`` counts as.
OriginFn = Callable[[str, int], str]


@dataclass(slots=True)
class Figure:
    article: str
    order: tuple[int, int]
    quantity: Quantity
    measure: Measure
    sentence: tuple[int, int]
    sentence_index: int


def interval(q: Quantity, tolerance: float = APPROX_TOLERANCE) -> tuple[float, float]:
    """The values a figure allows, as a closed interval (open ends nudged inward)."""
    return bounds(q.value, q.qualifier, q.high, tolerance)


def bounds(
    value: float, qualifier: str | None, high: float | None = None, tolerance: float = APPROX_TOLERANCE
) -> tuple[float, float]:
    """The interval of values that ``qualifier value`` allows ("at least 155" → [155, ∞))."""
    v = float(value)
    match qualifier:
        case "at_least":
            return (v, math.inf)
        case "more_than":
            return (v + _EPS, math.inf)
        case "at_most":
            return (-math.inf, v)
        case "less_than":
            return (-math.inf, v - _EPS)
        case "approx":
            d = abs(v) * tolerance
            return (v - d, v + d)
        case "range":
            hi = float(high) if high is not None else v
            return (min(v, hi), max(v, hi))
    return (v, v)


def consistent(quantities: Sequence[Quantity]) -> bool:
    """Whether some value satisfies every figure ("155", "at least 155" yes; "155", "at least 163" no)."""
    lows, highs = zip(*(interval(q) for q in quantities), strict=True)
    return max(lows) <= min(highs)


def status_of(consistent_values: bool, origins: set[str]) -> Status:
    if not consistent_values:
        return "differs"
    return "corroborated" if len(origins) >= 2 else "single_source"


def _magnitude_ok(a: Quantity, b: Quantity) -> bool:
    x, y = abs(float(a.value)), abs(float(b.value))
    if x == 0 or y == 0:
        return True
    return max(x, y) / min(x, y) <= MAX_RATIO


def _fits(f: Figure, group: list[Figure]) -> float:
    """The evidence that ``f`` belongs to ``group`` (its best match), or -1 when it can't."""
    best = -1.0
    for g in group:
        if g.article == f.article and g.sentence_index == f.sentence_index:
            return -1.0
        if not compatible(f.measure, g.measure) or not _magnitude_ok(f.quantity, g.quantity):
            return -1.0
        best = max(best, evidence(f.measure, g.measure, consistent([f.quantity, g.quantity])))
    return best


def group_figures(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures of one block (a story and a unit) in groups that each measure one thing."""
    groups: list[list[Figure]] = []
    for f in sorted(figures, key=lambda x: x.order):
        scored = [(s, i) for i, g in enumerate(groups) if (s := _fits(f, g)) >= JOIN_EVIDENCE]
        if scored:
            groups[max(scored)[1]].append(f)
        else:
            groups.append([f])
    return groups


def figures_of(a: Analysis, index: int, cache: SentenceCache | None = None) -> list[Figure]:
    sentences = (cache or SentenceCache())(a.text)
    out = []
    for j, q in enumerate(a.quantities):
        if not isinstance(q.value, int | float) or not (0 <= q.start <= q.end <= len(a.text)):
            continue
        out.append(Figure(a.id, (index, j), q, measure_of(q, a.text, sentences), sentences.span(q.start),
                          sentences.index(q.start)))
    return out


def quantity_claims(
    analyses: Sequence[Analysis],
    story_of: dict[str, str],
    origin: OriginFn,
    outlets: dict[str, str | None],
    sentences: SentenceCache | None = None,
) -> list[Claim]:
    """Claim groups of the figures of ``analyses``; ids are assigned by the caller."""
    blocks: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    sentences = sentences or SentenceCache()
    for i, a in enumerate(analyses):
        for f in figures_of(a, i, sentences):
            blocks[(story_of.get(a.id, a.id), f.measure.unit)].append(f)
    claims: list[tuple[tuple[int, int], Claim]] = []
    for (story, _), figures in blocks.items():
        for group in group_figures(figures):
            members = [_member(f, origin, outlets) for f in group]
            origins = {m.origin for m in members}
            status = status_of(consistent([f.quantity for f in group]), origins)
            claim = Claim(id="", kind="quantity", subject=_subject(group), status=status, members=members,
                          story=story, sources=len(origins))
            claims.append((group[0].order, claim))
    # larger groups first (a reader looks for them), then in order of appearance
    claims.sort(key=lambda oc: (-len({m.article for m in oc[1].members}), oc[0]))
    return [c for _, c in claims]


def _member(f: Figure, origin: OriginFn, outlets: dict[str, str | None]) -> ClaimMember:
    q = f.quantity
    return ClaimMember(
        article=f.article, text=q.text, start=q.start, end=q.end, value=q.value, qualifier=q.qualifier,
        source=q.source, outlet=outlets.get(f.article), origin=origin(f.article, q.start), unit=q.unit,
        counted=q.counted, as_of=q.as_of, high=q.high, sentence=f.sentence,
    )


def _subject(group: list[Figure]) -> str:
    """A readable name for what the group measures: the most common counted phrase, its predicate, the unit."""
    counted = Counter(f.quantity.counted for f in group if f.quantity.counted)
    heads = Counter(f.measure.head for f in group if f.measure.head)
    what = counted.most_common(1)[0][0] if counted else heads.most_common(1)[0][0] if heads else None
    verbs = Counter(f.measure.predicate_word.lower() for f in group if f.measure.predicate_word)
    verb = verbs.most_common(1)[0][0] if verbs else None
    unit = group[0].measure.unit
    said = {lemma(w) for w in (what or "").lower().split()}
    parts = [p for p in (what, verb if verb and lemma(verb) not in said else None) if p]
    if unit and unit not in said:
        parts.append(f"[{unit}]")
    return " ".join(parts) if parts else group[0].quantity.text
