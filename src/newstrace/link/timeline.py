"""The timeline of each story: dated events, figures with an as-of date, and publications, in date order.

Events come from the articles' time expressions with a calendar value (``2026-03-03``, ``2025-04``): the
sentence around each one is the event. Sentences of one story with the same date that tell the same thing
(see :func:`~newstrace.link.statements.relation`) are one entry with several sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from newstrace.dates import PartialDate
from newstrace.link.common import SentenceCache
from newstrace.link.results import Claim, TimelineEntry, TimelineSource
from newstrace.link.statements import relation
from newstrace.records import Analysis

MAX_TEXT = 300
MAX_GROUPS = 50  #: events of one date compared with at most this many earlier ones
_KIND_ORDER = {"event": 0, "figure": 1, "published": 2}


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def build_timeline(
    analyses: Sequence[Analysis],
    story_of: dict[str, str],
    claims: Sequence[Claim],
    outlets: dict[str, str | None],
    sentences: SentenceCache | None = None,
) -> list[TimelineEntry]:
    cache = sentences or SentenceCache()
    order = {a.id: i for i, a in enumerate(analyses)}
    story_order: dict[str, int] = {}
    for a in analyses:
        story_order.setdefault(story_of.get(a.id, a.id), len(story_order))
    entries: list[TimelineEntry] = []
    events: dict[tuple[str, str], list[TimelineSource]] = defaultdict(list)
    for a in analyses:
        story = story_of.get(a.id, a.id)
        split = cache(a.text)
        seen: set[tuple[str, int]] = set()
        for t in a.times:
            if t.type != "DATE" or not t.value or PartialDate.parse(t.value) is None:
                continue
            s, e = split.span(t.start)
            if (t.value, s) not in seen:
                seen.add((t.value, s))
                events[(story, t.value)].append(TimelineSource(a.id, _clip(a.text[s:e]), s, e))
        if a.published and PartialDate.parse(a.published) is not None:
            s, e = split.spans[0] if split.spans else (0, len(a.text))
            what = a.title or _clip(a.text[s:e])
            entries.append(TimelineEntry(a.published, story, "published", f"{outlets.get(a.id) or a.id}: {what}",
                                         [TimelineSource(a.id, _clip(a.text[s:e]), s, e)]))
    for (story, date), sources in events.items():
        entries.extend(_merge_events(story, date, sources))
    for c in claims:
        if c.kind != "quantity":
            continue
        by_date: dict[str, list[TimelineSource]] = defaultdict(list)
        for m in c.members:
            if m.as_of and PartialDate.parse(m.as_of) is not None:
                by_date[m.as_of].append(TimelineSource(m.article, m.text, m.start, m.end))
        for date, sources in by_date.items():
            values = ", ".join(dict.fromkeys(s.text for s in sources))
            entries.append(TimelineEntry(date, c.story, "figure", f"{c.subject}: {values}", sources, claim=c.id))

    def key(t: TimelineEntry) -> tuple[int, str, int, int]:
        first = min((order.get(s.article, 0) for s in t.sources), default=0)
        return (story_order.get(t.story or "", 0), t.date, _KIND_ORDER[t.kind], first)

    return sorted(entries, key=key)


def _merge_events(story: str, date: str, sources: list[TimelineSource]) -> list[TimelineEntry]:
    """Sentences with one date that tell the same thing become one entry."""
    groups: list[list[TimelineSource]] = []
    for src in sources:
        for g in groups[:MAX_GROUPS]:
            if relation(src.text, g[0].text):
                g.append(src)
                break
        else:
            groups.append([src])
    return [TimelineEntry(date, story, "event", g[0].text, g) for g in groups]
