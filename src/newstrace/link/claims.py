"""Claim groups of figures: the figures of a story that measure the same thing, and whether they agree.

Figures of analyses with the claim model (``quantities.v2``: :mod:`newstrace.extract.claim_model`) are
compared only when their measure, scope, event, estimate flag, measured period (an as-of month or year) and
unit agree (basis points are read as hundredths of a percentage point, feet as metres; currencies are never
converted); two figures of one sentence are one claim only when different sources give them ("police said
20,000, organisers 100,000"). Figures of older analyses are grouped as before:

Figures are grouped within a story and a unit (blocking), then greedily: each figure joins the group whose
members it is compatible with (:func:`~newstrace.link.measures.compatible`: counted head, proper
modifiers, event, unit, as-of date; never two figures of one sentence) and that it resembles most
(:func:`~newstrace.link.measures.evidence`), else starts a group. Values do not decide membership —
differing values are what the groups are for — except that figures an order of magnitude apart are not
taken for one measure.

A group's status (:func:`judge`) is qualifier-aware and dated: each member holds for a day (its as-of date,
else its article's). Within a day each source's last figure counts (a live blog's 296 gives way to its 410);
``differs`` when figures of different sources for one day (or, for one-off amounts such as a fine or a cost,
for any day) have no common value, or when a running tally (deaths, injured, arrests) is lower on a later day
from another source; else ``updated`` when the values change from day to day; else ``corroborated`` or
``single_source``. Members that conflict are marked ``disputed``.

For older analyses, a group's status is qualifier-aware: each figure stands for an interval ("at least 155" → [155, ∞),
"around 14" → [13.3, 14.7]); the group ``differs`` when the intervals have no common point, else it is
``corroborated`` when two or more independent sources give it (copies of one wire story count once),
else ``single_source``.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from newstrace.extract.claim_model import frames, updates_of
from newstrace.link.common import SentenceCache
from newstrace.link.measures import (
    APPROX_TOLERANCE,
    GENERIC_PEOPLE,
    PEOPLE,
    Measure,
    compatible,
    dates_compatible,
    evidence,
    lemma,
    measure_of,
)
from newstrace.link.results import Claim, ClaimMember, Status
from newstrace.records import Analysis, Quantity

#: Units read as a multiple of another before values are compared: (canonical unit, factor).
UNIT_SCALE: dict[str, tuple[str, float]] = {
    "basis point": ("percentage point", 0.01), "bp": ("percentage point", 0.01),
    "foot": ("metre", 0.3048), "feet": ("metre", 0.3048), "ft": ("metre", 0.3048),
    "kilometre": ("metre", 1000.0), "km": ("metre", 1000.0), "m": ("metre", 1.0), "meter": ("metre", 1.0),
    "mile": ("metre", 1609.344), "centimetre": ("metre", 0.01), "millimetre": ("metre", 0.001),
    "percent": ("percent", 1.0), "%": ("percent", 1.0), "per cent": ("percent", 1.0),
}
_BASIS_AFTER = re.compile(r"[\s-]*basis[\s-]+points?\b", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
#: A figure right after "from" is the earlier value of a change ("down from 112", "up from 47.5%").
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
#: Wording that says a count changed: a figure so worded supersedes the earlier figures of its article for the
#: same day ("296 people had died ... The toll has risen to 410"); without it, two figures of one article for
#: one measure and day are two claims that must agree ("14 people had died ... put the toll at 11").
UPDATE_WORDING = re.compile(
    r"\b(?:now|risen|rose|rising|climbed|climbs|increased|jumped|has\s+reached|have\s+reached|updated|revised|"
    r"raised\s+(?:the|its|their)\s+(?:toll|count|tally|figure|estimate)|passe[sd]|new\s+(?:toll|count|"
    r"tally|figure))\b", re.IGNORECASE)

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
    published: str | None = None
    modelled: bool = False  #: the analysis has the claim model (quantities.v2 or later)
    updating: bool = False  #: its sentence says the count changed ("has risen to", "now", "updated")
    previous: bool = False  #: the earlier value of a change its sentence gives ("110 seats, down from 112")


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
    """Whether two figures are within :data:`MAX_RATIO` of each other, in their canonical unit (75 basis
    points and 0.75 percentage points are one value)."""
    x, y = abs(float(a.value) * canonical(a)[1]), abs(float(b.value) * canonical(b)[1])
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
    modelled = _modelled(a)
    out = []
    for j, q in enumerate(a.quantities):
        if not isinstance(q.value, int | float) or not (0 <= q.start <= q.end <= len(a.text)):
            continue
        if modelled and q.unit is None and _BASIS_AFTER.match(a.text, q.end):
            q = dataclasses.replace(q, unit="basis point")  # "a 75-basis-point rise"
        span = sentences.span(q.start)
        out.append(Figure(a.id, (index, j), q, measure_of(q, a.text, sentences), span,
                          sentences.index(q.start), a.published, modelled,
                          UPDATE_WORDING.search(a.text, span[0], span[1]) is not None,
                          _earlier_value(a, q, span)))
    return out


def _earlier_value(a: Analysis, q: Quantity, span: tuple[int, int]) -> bool:
    """Whether ``q`` is the earlier value of a change its sentence gives ("110 seats, down from 112"): it
    follows "from", and another figure of the sentence names it as its ``previous`` value (the extractor
    reads the change); "184 players from 31 countries" is no change."""
    if _FROM_BEFORE.search(a.text, max(span[0], q.start - 12), q.start) is None:
        return False
    return any(o.previous is not None and float(o.previous) == float(q.value) and span[0] <= o.start < span[1]
               for o in a.quantities if o is not q)


def _modelled(a: Analysis) -> bool:
    version = a.extractors.get("quantities", "")
    m = re.search(r"\.v(\d+)$", version)
    return m is not None and int(m.group(1)) >= 2


def canonical(q: Quantity) -> tuple[str | None, float]:
    """The unit values are compared in, and the factor to it ("75 basis points" → percentage point, 0.01)."""
    unit = (q.unit or "").strip()
    if not unit:
        return None, 1.0
    if unit.lower() == "point" and q.measure in ("rate_change", "rate"):
        return "percentage point", 1.0
    scale = UNIT_SCALE.get(unit.lower())
    return scale if scale is not None else (unit, 1.0)


def claim_key(f: Figure) -> tuple[object, ...]:
    """Figures are compared only when these agree: measure (figures with no frame of the lexicon share one
    block, where the counted head and predicate decide), scope, event, estimate and unit."""
    q = f.quantity
    measure = q.measure if (q.measure or "").removesuffix("_change") in frames() else "~"
    return (measure, fold_scope(q.scope), q.event, bool(q.estimate), canonical(q)[0])


def period_of(f: Figure) -> str | None:
    """The period a figure is about: its as-of date, else its article's date ("2026-09", "2026-09-12")."""
    return f.quantity.as_of or (f.published[:10] if f.published else None)


def fold_scope(scope: str | None) -> str | None:
    return " ".join(scope.lower().split()) if scope else None


def date_of(f: Figure) -> str | None:
    """The day a figure holds for: its as-of day, else its article's."""
    q = f.quantity
    if q.as_of and _DAY.match(q.as_of):
        return q.as_of[:10]
    return f.published[:10] if f.published and _DAY.match(f.published) else None


_VAGUE = re.compile(r"^(?:tens|hundreds|dozens|thousands|millions|scores)\b", re.IGNORECASE)


def _scaled_interval(q: Quantity) -> tuple[float, float]:
    _, factor = canonical(q)
    lo, hi = interval(q)
    if _VAGUE.match(q.text.strip()):
        lo, hi = float(q.value), float(q.value) * 10  # "tens of thousands": 10,000 up to 100,000
    return lo * factor, hi * factor


def _fits_claim(f: Figure, group: list[Figure]) -> bool:
    framed = claim_key(f)[0] != "~"
    grows = updates_of(f.quantity.measure) == "grow"
    if not framed and max(evidence(f.measure, g.measure, consistent([f.quantity, g.quantity])) for g in group) \
            < JOIN_EVIDENCE:
        return False
    for g in group:
        a, b = period_of(f), period_of(g)
        if a and b and (len(a) < 10 or len(b) < 10) and not dates_compatible(a, b) \
                and not (f.quantity.event and f.quantity.event == g.quantity.event):
            return False  # "9.1% in September", "8.6% in August"; but "a 2010 flood" is "in 2010"
        if g.article == f.article and g.sentence_index == f.sentence_index and \
                (not f.quantity.source or f.quantity.source == g.quantity.source) and not (f.previous or g.previous):
            return False  # two figures of one sentence, unless one is what the other changed from
        if not (framed and grows and _days_apart(f, g) >= 2) and not _magnitude_ok(f.quantity, g.quantity):
            return False  # a running tally may grow tenfold over days, not from one day to the next
        if not framed and not compatible(f.measure, g.measure):
            return False
    return True


def _days_apart(f: Figure, g: Figure) -> int:
    a, b = date_of(f), date_of(g)
    if a is None or b is None:
        return 0
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return 0


def group_claims(figures: Sequence[Figure]) -> list[list[Figure]]:
    """Figures of one story with the claim model in groups: one key, then greedily by sentence and magnitude."""
    by_key: dict[tuple[object, ...], list[Figure]] = defaultdict(list)
    for f in sorted(figures, key=lambda x: x.order):
        by_key[claim_key(f)].append(f)
    groups: list[list[Figure]] = []
    for block in by_key.values():
        mine: list[list[Figure]] = []
        for f in block:
            target = next((g for g in mine if _fits_claim(f, g)), None)
            if target is None:
                mine.append([f])
            else:
                target.append(f)
        groups.extend(mine)
    return groups


def judge(group: Sequence[Figure], members: Sequence[ClaimMember]) -> Status:
    """The status of a group of figures (see the module docstring); marks its members' ``disputed``."""
    kind = updates_of(group[0].quantity.measure)
    dates = [date_of(f) for f in group]
    for m, d in zip(members, dates, strict=True):
        m.date = d
    # a figure worded as an update ("the toll has risen to 410") supersedes the earlier figures of its article
    # for the same day; the others all stand, two figures of one article included
    last_update: dict[tuple[str, str | None], tuple[int, int]] = {}
    for i, f in enumerate(group):
        key = (f.article, None if kind == "fixed" else dates[i])
        if f.updating and (key not in last_update or last_update[key] < f.order):
            last_update[key] = f.order
    current = [i for i, f in enumerate(group)
               if f.order >= last_update.get((f.article, None if kind == "fixed" else dates[i]), f.order)]
    disputed: set[int] = set()
    for x, i in enumerate(current):
        day_a = None if kind == "fixed" else dates[i]
        lo_a, hi_a = _scaled_interval(group[i].quantity)
        for j in current[x + 1:]:
            day_b = None if kind == "fixed" else dates[j]
            if members[i].origin == members[j].origin and group[i].article != group[j].article:
                continue  # a copy of one wire story
            if group[i].previous or group[j].previous:
                continue  # "110 seats, down from 112": an earlier value, not a rival count
            lo_b, hi_b = _scaled_interval(group[j].quantity)
            same_time = day_a == day_b or day_a is None or day_b is None
            if same_time and (hi_a < lo_b or hi_b < lo_a):
                disputed |= {i, j}
            elif not same_time and kind == "grow" and day_a is not None and day_b is not None \
                    and group[i].article != group[j].article and (hi_a < lo_b if day_b < day_a else hi_b < lo_a):
                disputed |= {i, j}  # a running tally lower on a later day from another source
    for i in disputed:
        members[i].disputed = True
    if disputed:
        return "differs"
    origins = {m.origin for m in members}
    if not consistent([f.quantity for f in group]) and len({_scaled_interval(f.quantity) for f in group}) > 1:
        return "updated"
    return "corroborated" if len(origins) >= 2 else "single_source"


def quantity_claims(
    analyses: Sequence[Analysis],
    story_of: dict[str, str],
    origin: OriginFn,
    outlets: dict[str, str | None],
    sentences: SentenceCache | None = None,
) -> list[Claim]:
    """Claim groups of the figures of ``analyses``; ids are assigned by the caller."""
    blocks: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    modelled: dict[str, list[Figure]] = defaultdict(list)
    sentences = sentences or SentenceCache()
    for i, a in enumerate(analyses):
        for f in figures_of(a, i, sentences):
            story = story_of.get(a.id, a.id)
            if f.modelled:
                modelled[story].append(f)
            else:
                blocks[(story, f.measure.unit)].append(f)
    claims: list[tuple[tuple[int, int], Claim]] = []
    for story, figures in modelled.items():
        for group in group_claims(figures):
            members = [_member(f, origin, outlets) for f in group]
            status = judge(group, members)
            q = group[0].quantity
            claim = Claim(id="", kind="quantity", subject=subject_of(group), status=status, members=members,
                          story=story, sources=len({m.origin for m in members}), measure=q.measure,
                          scope=q.scope, event=q.event, estimate=bool(q.estimate))
            claims.append((group[0].order, claim))
    for (story, _), figures in blocks.items():
        for group in group_figures(figures):
            members = [_member(f, origin, outlets) for f in group]
            origins = {m.origin for m in members}
            status = status_of(consistent([f.quantity for f in group]), origins)
            for m in members:
                m.disputed = status == "differs"
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


_UNIT_NAMES = {"percent": "%", "percentage point": "percentage points", "year": "years", "month": "months",
               "day": "days", "metre": "metres"}


def subject_of(group: list[Figure]) -> str:
    """A name a journalist can read: "people killed in Dervan", "Civic Union seats", "prison sentence (years)",
    "cost (EUR)", from the measure, scope, event and unit."""
    q = group[0].quantity
    frame = frames().get((q.measure or "").removesuffix("_change"))
    change = bool(q.measure and q.measure.endswith("_change") and q.measure != "rate_change")
    what = frame.label if frame is not None else (q.measure or "").lstrip("~").split("/")[0] or _subject(group)
    if frame is not None and what.startswith("people ") and (who := _who(group)):
        what = who + what.removeprefix("people")  # "crew members injured", not "people injured"
    if change:
        what = f"change in {what}"
    if q.scope == "all":
        what = f"{what} in all"
    elif q.scope and q.measure and q.measure.removesuffix("_change") in ("seats", "votes", "vote_share"):
        what = f"{q.scope} {what}"
    elif q.scope:
        what = f"{what} ({q.scope})" if frame is not None and frame.name in ("sentence", "ban", "fine") \
            else f"{what} in {q.scope}"
    if q.estimate:
        what = f"projected {what}"
    if q.event:
        what = f"{what}, {q.event}"
    unit = canonical(q)[0]
    if unit:
        what = f"{what} ({_UNIT_NAMES.get(unit, unit)})"
    return what


def _who(group: list[Figure]) -> str | None:
    """The people a group counts, as most of its members say it ("crew members", "children"), when that is
    more specific than "people"; None when the members say different things or nothing."""
    said = Counter(
        " ".join(words) for f in group
        if (words := (f.quantity.counted or "").lower().split()) and len(words) <= 3
        and lemma(words[-1]) in PEOPLE and lemma(words[-1]) not in GENERIC_PEOPLE
    )
    if not said:
        return None
    phrase, n = said.most_common(1)[0]
    return phrase if 2 * n > sum(1 for f in group if f.quantity.counted) else None


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
