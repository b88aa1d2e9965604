"""What each page shows, built from a :class:`~newstrace.web.service.Snapshot` (plain dataclasses that the
templates render and the JSON API serializes). No HTML here: the templates write it, autoescaped."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from newstrace.link.claims import bounds
from newstrace.link.common import Sentences, fold
from newstrace.link.results import ArticleRef, Claim, ClaimMember, CrossEntity, Story, TimelineEntry
from newstrace.outputs.pictures import StoryPictures, story_pictures
from newstrace.records import Analysis
from newstrace.web.format import STATUS_LABELS, clip, value_label
from newstrace.web.graph import Graph, citation_graph
from newstrace.web.service import Snapshot, StorySummary
from newstrace.web.urls import article_url, record_anchor

StorySort = Literal["sources", "date", "differs"]

_STATUS_ORDER = {"differs": 0, "updated": 1, "corroborated": 2, "single_source": 3}
LEAD_CHARS = 170
MENTIONS_PER_ARTICLE = 12


# --- stories list -------------------------------------------------------------------------------------------


def story_rows(
    snap: Snapshot,
    q: str | None = None,
    outlet: str | None = None,
    differs: bool = False,
    min_sources: int = 0,
    sort: StorySort = "sources",
) -> list[StorySummary]:
    """The stories that match: ``q`` in the title, an outlet or an entity's name; ``outlet`` among the
    outlets; ``differs``: only stories with differing claims; at least ``min_sources`` independent sources."""
    rows = []
    words = fold(q).split() if q else []
    for s in snap.summaries:
        if differs and not s.differs:
            continue
        if s.sources < min_sources:
            continue
        if outlet and fold(outlet) not in {fold(o) for o in s.outlets}:
            continue
        if words:
            hay = fold(" ".join([s.story.title or "", s.title, *s.outlets, *(e.name for e in s.entities)]))
            if not all(w in hay for w in words):
                continue
        rows.append(s)
    if sort == "date":
        rows.sort(key=lambda s: s.story.last_published or "", reverse=True)
    elif sort == "differs":
        rows.sort(key=lambda s: (-s.differs, -s.sources))
    else:
        rows.sort(key=lambda s: (-s.sources, -len(s.story.articles)))
    return rows


def all_outlets(snap: Snapshot) -> list[str]:
    return sorted({o for s in snap.summaries for o in s.outlets}, key=str.casefold)


# --- story page ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ValueCell:
    """One article's value in a claim group; ``differs``: the member is disputed (decided in the link stage);
    ``latest``: of an ``updated`` claim, a value of its latest day."""

    member: ClaimMember
    label: str
    href: str
    differs: bool = False
    latest: bool = False


@dataclass(slots=True)
class Outlet:
    """A column of the story page: one outlet's articles of the story (usually one)."""

    name: str
    articles: list[ArticleRef]

    @property
    def copies_only(self) -> bool:
        return all(r.duplicate_of for r in self.articles)


def outlet_name(ref: ArticleRef) -> str:
    return ref.source or ref.id


@dataclass(slots=True)
class ClaimRow:
    claim: Claim
    status_label: str
    cells: dict[str, list[ValueCell]]  #: outlet name → its values
    values: list[ValueCell]


@dataclass(slots=True)
class Said:
    member: ClaimMember
    href: str
    claim: Claim


@dataclass(slots=True)
class SpeakerRow:
    name: str
    entity: CrossEntity | None
    columns: list[tuple[Outlet, list[Said]]]  #: the outlets that quote the speaker, with what they say
    statements: int


@dataclass(slots=True)
class SourceCard:
    ref: ArticleRef
    lead: str
    quotes: int
    figures: int
    cites: list[str]
    copy_of: ArticleRef | None = None


@dataclass(slots=True)
class TimelineRow:
    entry: TimelineEntry
    sources: list[tuple[ArticleRef, str]]  #: (article, link to the sentence)


@dataclass(slots=True)
class StoryPage:
    summary: StorySummary
    sources: list[SourceCard]
    outlets: list[Outlet]
    figures: list[ClaimRow]
    speakers: list[SpeakerRow]
    timeline: list[TimelineRow]
    graph: Graph
    entities: list[CrossEntity]
    status: str | None = None  #: the status filter of the claim table
    pictures: StoryPictures = field(default_factory=StoryPictures)
    columns: list[Outlet] = field(default_factory=list)  #: the outlets shown as columns of the figure matrix
    layout: str = "matrix"  #: the figure table: "matrix" (a column per outlet) or "list" (values with outlets)


def best_supported(members: Sequence[ClaimMember]) -> tuple[float, int]:
    """The value that the most independent sources allow, and how many (ties: the smallest such value)."""
    intervals = [(bounds(m.value or 0, m.qualifier, m.high), m.origin or m.article) for m in members]
    best, best_n = math.nan, 0
    points = sorted({v for (lo, hi), _ in intervals for v in (lo, hi) if math.isfinite(v)})
    for v in points:
        n = len({o for (lo, hi), o in intervals if lo <= v <= hi})
        if n > best_n:
            best, best_n = v, n
    return best, best_n


def differing(members: Sequence[ClaimMember]) -> list[bool]:
    """For each figure of a group, whether it differs: it does not allow the best-supported value; when no
    value is better supported than another one that excludes it, every figure differs."""
    best, n = best_supported(members)
    if math.isnan(best):
        return [False] * len(members)
    ranges = [bounds(m.value or 0, m.qualifier, m.high) for m in members]
    out = [not (lo <= best <= hi) for lo, hi in ranges]
    others = [m for m, odd in zip(members, out, strict=True) if odd]
    if others and best_supported(others)[1] >= n:  # a tie: nothing is the majority
        return [True] * len(members)
    return out


def _claim_row(c: Claim, outlet_of: dict[str, str]) -> ClaimRow:
    latest = max((m.date or "" for m in c.members), default="") if c.status == "updated" else ""
    members = sorted(c.members, key=lambda m: m.date or "") if c.status == "updated" else c.members
    values = [
        ValueCell(m, value_label(m.value, m.qualifier, m.unit, m.high) or m.text,
                  article_url(m.article, record_anchor("figure", m.start, m.end)), m.disputed,
                  bool(latest) and (m.date or "") == latest)
        for m in members
    ]
    cells: dict[str, list[ValueCell]] = defaultdict(list)
    for v in values:
        cells[outlet_of.get(v.member.article, v.member.article)].append(v)
    return ClaimRow(c, STATUS_LABELS.get(c.status, c.status), dict(cells), values)


#: Above this many outlets the figure table lists values with their outlets instead of a column per outlet.
MATRIX_OUTLETS = 6


def story_page(snap: Snapshot, story_id: str, status: str | None = None, picked: Sequence[str] = (),
               layout: str | None = None) -> StoryPage | None:
    """``picked``: the outlets to show as columns of the figure matrix (none: all); ``layout``: "matrix" or
    "list" (None: a matrix up to :data:`MATRIX_OUTLETS` outlets or picked columns, else a list)."""
    summary = next((s for s in snap.summaries if s.id == story_id), None)
    if summary is None:
        return None
    story = summary.story
    refs = [snap.articles[a] for a in story.articles if a in snap.articles]
    analyses = snap.comparison.analyses
    claims = snap.claims.get(story_id, [])
    citations = [c for a in story.articles for c in snap.citations.get(a, [])]

    cards = []
    for r in refs:
        a = analyses.get(r.id)
        lead = clip(a.text, LEAD_CHARS) if a else ""
        cites = list(dict.fromkeys(c.cited for c in citations if c.article == r.id))
        cards.append(SourceCard(r, lead, len(a.quotes) if a else 0, len(a.quantities) if a else 0, cites,
                                snap.articles.get(r.duplicate_of) if r.duplicate_of else None))

    by_outlet: dict[str, list[ArticleRef]] = defaultdict(list)
    for r in refs:
        by_outlet[outlet_name(r)].append(r)
    outlets = [Outlet(name, rs) for name, rs in by_outlet.items()]
    outlet_of = {r.id: outlet_name(r) for r in refs}

    figures = [_claim_row(c, outlet_of) for c in claims if c.kind == "quantity"]
    figures.sort(key=lambda r: (_STATUS_ORDER.get(r.claim.status, 3), -len(r.cells)))
    if status:
        figures = [r for r in figures if r.claim.status == status]

    by_speaker: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.kind == "statement":
            by_speaker[c.speaker or fold(c.subject)].append(c)
    speakers = []
    for key, group in by_speaker.items():
        entity = snap.entities.get(key)
        columns: dict[str, list[Said]] = defaultdict(list)
        for c in group:
            for m in c.members:
                said = Said(m, article_url(m.article, record_anchor("quote", m.start, m.end)), c)
                columns[outlet_of.get(m.article, m.article)].append(said)
        speakers.append(SpeakerRow(
            entity.name if entity else group[0].subject, entity,
            [(o, columns[o.name]) for o in outlets if o.name in columns], len(group),
        ))
    speakers.sort(key=lambda s: (-len(s.columns), -s.statements, s.name.casefold()))

    timeline = [
        TimelineRow(t, [(snap.articles[s.article], article_url(s.article, mark=(s.start, s.end)))
                        for s in t.sources if s.article in snap.articles])
        for t in snap.comparison.timeline if t.story == story_id
    ]
    shown = [o for o in outlets if o.name in set(picked)] or outlets
    if layout not in ("matrix", "list"):
        layout = "matrix" if len(shown) <= MATRIX_OUTLETS else "list"
    pictures = story_pictures(story, snap.comparison,
                              lambda m: value_label(m.value, m.qualifier, m.unit, m.high))
    return StoryPage(summary, cards, outlets, figures, speakers, timeline,
                     citation_graph(refs, citations, snap.articles), summary.entities, status,
                     pictures, shown, layout)


# --- entity page --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """A sentence of an article with one span in it marked: ``(before, marked, after)``."""

    ref: ArticleRef
    before: str
    marked: str
    after: str
    href: str


@dataclass(slots=True)
class EntityPage:
    entity: CrossEntity
    stories: list[Story]
    said: list[tuple[Claim, list[Said]]]  #: what the entity said: statement groups with each outlet's rendering
    about: list[tuple[ArticleRef, list[Context]]]  #: sentences that mention it, per article
    names: list[str] = field(default_factory=list)  #: every name the articles use

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.entity.to_dict(),
            "names": self.names,
            "stories": [s.id for s in self.stories],
            "said": [c.to_dict() for c, _ in self.said],
            "about": [{"article": ref.id, "outlet": ref.source,
                       "sentences": [{"text": c.before + c.marked + c.after, "mention": c.marked} for c in ctx]}
                      for ref, ctx in self.about],
        }


def _context(a: Analysis, ref: ArticleRef, sentences: Sentences, start: int, end: int) -> Context:
    s, e = sentences.around(start, end)
    s, e = min(s, start), max(e, end)
    return Context(ref, a.text[s:start], a.text[start:end], a.text[end:e], article_url(a.id, mark=(start, end)))


def entity_page(snap: Snapshot, entity_id: str) -> EntityPage | None:
    e = snap.entities.get(entity_id)
    if e is None:
        return None
    analyses = snap.comparison.analyses
    stories = [snap.stories[sid] for sid in dict.fromkeys(
        snap.articles[a].story for a in e.articles if a in snap.articles) if sid in snap.stories]
    said = []
    for c in snap.comparison.claims:
        if c.kind == "statement" and c.speaker == e.id:
            said.append((c, [Said(m, article_url(m.article, record_anchor("quote", m.start, m.end)), c)
                             for m in c.members]))
    about = []
    names: dict[str, None] = dict.fromkeys([e.name, *e.aliases])
    for article_id in e.articles:
        a, ref = analyses.get(article_id), snap.articles.get(article_id)
        if a is None or ref is None:
            continue
        local = {m.entity for m in e.mentions if m.article == article_id}
        spans: list[tuple[int, int]] = []
        for ent in a.entities:
            if ent.id in local:
                names.setdefault(ent.name)
                spans.extend(ent.mentions)
        sentences = Sentences(a.text)
        seen: set[tuple[int, int]] = set()
        contexts = []
        for start, end in sorted(spans):
            if not 0 <= start < end <= len(a.text):
                continue
            sent = sentences.around(start, end)
            if sent in seen:
                continue
            seen.add(sent)
            contexts.append(_context(a, ref, sentences, start, end))
            if len(contexts) >= MENTIONS_PER_ARTICLE:
                break
        if contexts:
            about.append((ref, contexts))
    return EntityPage(e, stories, said, about, list(names))


def entity_rows(snap: Snapshot, q: str | None = None, type: str | None = None) -> list[CrossEntity]:
    """Cross-article entities, the most widely reported first; ``q`` matches any of their names."""
    words = fold(q).split() if q else []
    out = []
    for e in snap.comparison.entities:
        if type and e.type != type.upper():
            continue
        if words:
            hay = fold(" ".join([e.name, *e.aliases]))
            if not all(w in hay for w in words):
                continue
        out.append(e)
    out.sort(key=lambda e: (-len(e.articles), e.name.casefold()))
    return out


def entity_types(snap: Snapshot) -> list[str]:
    return sorted({e.type for e in snap.comparison.entities})


# --- search ---------------------------------------------------------------------------------------------------

_SNIPPET = re.compile(r"\[([^\[\]]*)\]")


@dataclass(slots=True)
class Hit:
    kind: str
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    speaker: str | None
    parts: list[tuple[str, bool]]  #: the snippet, with the matching words marked
    href: str


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """``"the [tanker] burned"`` → ``[("the ", False), ("tanker", True), (" burned", False)]``."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in _SNIPPET.finditer(snippet):
        if m.start() > pos:
            parts.append((snippet[pos : m.start()], False))
        parts.append((m.group(1), True))
        pos = m.end()
    if pos < len(snippet):
        parts.append((snippet[pos:], False))
    return parts


def hits(rows: Iterable[dict[str, Any]]) -> list[Hit]:
    out = []
    for r in rows:
        quote = r.get("kind") == "quote" and r.get("start") is not None and r.get("end") is not None
        href = article_url(r["article_id"], record_anchor("quote", r["start"], r["end"]) if quote else None)
        out.append(Hit(r.get("kind") or "article", r["article_id"], r.get("title"), r.get("outlet"),
                       r.get("published"), r.get("speaker"), snippet_parts(r.get("snippet") or ""), href))
    return out
