"""The comparison as one self-contained HTML page for a reader: sources side by side, claim groups with their
status and the differing values marked, each speaker's statements across outlets, citations, the timeline,
and the articles themselves, every fact linked to its sentence.

No network: CSS is inline, there is no script, and article URLs are shown as text, not fetched or linked.
Everything from the articles is escaped (Jinja2 autoescape).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from newstrace.extract.timewords import time_words
from newstrace.link.claims import bounds
from newstrace.link.common import SentenceCache
from newstrace.link.results import ArticleRef, Claim, ClaimMember, Comparison, CrossEntity, Story
from newstrace.outputs.pictures import StoryPictures, story_pictures
from newstrace.outputs.titles import neutral_title
from newstrace.records import Analysis

QUALIFIER_WORDS = {
    "exact": "", "at_least": "at least ", "at_most": "at most ", "more_than": "more than ",
    "less_than": "less than ", "approx": "about ",
}


@dataclass
class Part:
    text: str
    mark: str | None = None  #: "figure", "quote" or "citation"


@dataclass
class SentenceView:
    anchor: str
    parts: list[Part]
    paragraph_ends: bool = False


@dataclass
class ArticleView:
    ref: ArticleRef
    anchor: str
    label: str
    sentences: list[SentenceView] = field(default_factory=list)
    copy_of: str | None = None  #: the outlet (or id) of the article this one copies


@dataclass
class MemberView:
    member: ClaimMember
    article: ArticleView
    href: str
    value: str = ""
    odd: bool = False  #: a disputed figure (``ClaimMember.disputed``, decided in the link stage)
    latest: bool = False  #: of an ``updated`` claim: a figure of its latest day


@dataclass
class ClaimView:
    claim: Claim
    members: list[MemberView]


@dataclass
class Link:
    article: ArticleView
    href: str
    text: str = ""


@dataclass
class EventView:
    date: str
    kind: str
    text: str
    sources: list[Link]


@dataclass
class SpeakerView:
    entity: CrossEntity | None
    name: str
    statements: list[ClaimView]  #: what several sources report, each statement once with every rendering
    remarks: list[ClaimView] = field(default_factory=list)  #: what one source alone reports (shown collapsed)


@dataclass
class StoryView:
    story: Story
    articles: list[ArticleView]
    figures: list[ClaimView]
    speakers: list[SpeakerView]
    citations: list[tuple[Link, str]]  #: (where the article cites, the outlet it cites)
    timeline: list[EventView]
    entities: list[CrossEntity]
    pictures: StoryPictures = field(default_factory=StoryPictures)
    title: str = ""  #: neutral: the event and the place


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newstrace.outputs", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date_words"] = time_words
    return env


def render_report(comparison: Comparison, title: str = "newstrace: what the sources say") -> str:
    """The HTML page (a string) for ``comparison``; its ``analyses`` supply the article texts."""
    cache = SentenceCache()
    articles = {ref.id: _article_view(i, ref, comparison, cache) for i, ref in enumerate(comparison.articles, 1)}
    for view in articles.values():
        original = articles.get(view.ref.duplicate_of or "")
        view.copy_of = (original.label if original else view.ref.duplicate_of) if view.ref.duplicate_of else None
    stories = [_story_view(s, comparison, articles, cache) for s in comparison.stories]
    return _environment().get_template("report.html.j2").render(
        title=title, stories=stories, n_articles=len(comparison.articles),
    )


def value_label(m: ClaimMember) -> str:
    """A figure in words: "at least 155", "about 14 percent", "40–60 vessels"."""
    if m.value is None:
        return ""
    unit = f" {m.unit}" if m.unit else ""
    if m.qualifier == "range" and m.high is not None:
        return f"{_number(m.value)}–{_number(m.high)}{unit}"
    return f"{QUALIFIER_WORDS.get(m.qualifier or 'exact', '')}{_number(m.value)}{unit}"


def _number(v: float | int) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, int) else f"{v:,.4g}"


def _article_view(index: int, ref: ArticleRef, comparison: Comparison, cache: SentenceCache) -> ArticleView:
    view = ArticleView(ref, f"art-{index}", ref.source or ref.id)
    analysis = comparison.analyses.get(ref.id)
    if analysis is not None:
        view.sentences = _sentences(analysis, view.anchor, comparison, cache)
    return view


def _sentences(a: Analysis, anchor: str, comparison: Comparison, cache: SentenceCache) -> list[SentenceView]:
    """The article's text in sentences, with its figures, quotes and citations marked."""
    marks: list[tuple[int, int, str]] = [(q.start, q.end, "quote") for q in a.quotes]
    marks += [(q.start, q.end, "figure") for q in a.quantities]
    marks += [(c.start, c.end, "citation") for c in comparison.citations if c.article == a.id]
    marks.sort(key=lambda m: (m[0], -m[1]))
    kept: list[tuple[int, int, str]] = []  # no overlaps: a figure inside a quote is shown by the quote's mark
    for s, e, kind in marks:
        if 0 <= s < e <= len(a.text) and (not kept or s >= kept[-1][1]):
            kept.append((s, e, kind))
    out = []
    spans = cache(a.text).spans
    for k, (s0, s1) in enumerate(spans):
        parts: list[Part] = []
        pos = s0
        for s, e, kind in kept:
            if e <= pos or s >= s1:
                continue
            s, e = max(s, pos), min(e, s1)
            if s > pos:
                parts.append(Part(a.text[pos:s]))
            parts.append(Part(a.text[s:e], kind))
            pos = e
        if pos < s1:
            parts.append(Part(a.text[pos:s1]))
        gap = a.text[s1 : spans[k + 1][0]] if k + 1 < len(spans) else ""
        out.append(SentenceView(f"{anchor}-s{k}", parts, "\n" in gap))
    return out


class _Linker:
    """``href`` of the sentence holding an offset of an article."""

    def __init__(self, comparison: Comparison, articles: dict[str, ArticleView], sentences: SentenceCache) -> None:
        self.comparison, self.articles, self.sentences = comparison, articles, sentences

    def __call__(self, article: str, offset: int) -> str:
        view = self.articles[article]
        a = self.comparison.analyses.get(article)
        if a is None:
            return f"#{view.anchor}"
        return f"#{view.anchor}-s{self.sentences(a.text).index(offset)}"


def _story_view(
    story: Story, comparison: Comparison, articles: dict[str, ArticleView], cache: SentenceCache
) -> StoryView:
    link = _Linker(comparison, articles, cache)
    ids = set(story.articles)
    claims = [c for c in comparison.claims if c.story == story.id]

    def members(c: Claim) -> list[MemberView]:
        views = [MemberView(m, articles[m.article], link(m.article, m.start), value_label(m)) for m in c.members]
        if c.kind == "quantity":  # decided once, in the link stage
            for v in views:
                v.odd = v.member.disputed
            if c.status == "updated":
                latest = max((v.member.date or "" for v in views), default="")
                for v in views:
                    v.latest = bool(latest) and (v.member.date or "") == latest
                views.sort(key=lambda v: v.member.date or "")  # the series, oldest first
        return views

    figures = [ClaimView(c, members(c)) for c in claims if c.kind == "quantity"]
    by_speaker: dict[str, list[ClaimView]] = defaultdict(list)
    for c in claims:
        if c.kind == "statement":
            by_speaker[c.speaker or c.subject].append(ClaimView(c, members(c)))
    entities = {e.id: e for e in comparison.entities}
    speakers = [
        SpeakerView(entities.get(key), views[0].claim.subject,
                    [v for v in views if v.claim.sources > 1], [v for v in views if v.claim.sources <= 1])
        for key, views in by_speaker.items()
    ]
    speakers.sort(key=lambda s: (-sum(v.claim.sources for v in s.statements), -len(s.remarks), s.name.casefold()))
    citations = [
        (Link(articles[c.article], link(c.article, c.start), c.text), c.cited)
        for c in comparison.citations if c.article in ids
    ]
    timeline = [
        EventView(t.date, t.kind, t.text, [Link(articles[s.article], link(s.article, s.start)) for s in t.sources])
        for t in comparison.timeline if t.story == story.id
    ]
    people = [e for e in comparison.entities if len({m.article for m in e.mentions if m.article in ids}) > 1
              or (e.type == "PERSON" and any(m.article in ids for m in e.mentions))]
    return StoryView(story, [articles[i] for i in story.articles], figures, speakers, citations, timeline, people,
                     story_pictures(story, comparison, value_label), neutral_title(story, comparison))


def _bounds(m: ClaimMember) -> tuple[float, float]:
    return bounds(m.value or 0, m.qualifier, m.high)


def _best_supported(members: list[ClaimMember]) -> float:
    """The value held by the most independent sources (ties: the earliest member's)."""
    intervals = [(_bounds(m), m.origin) for m in members]
    best, best_n = math.nan, -1
    for (low, high), _ in intervals:
        for v in (low, high):
            if not math.isfinite(v):
                continue
            n = len({o for (lo, hi), o in intervals if lo <= v <= hi})
            if n > best_n:
                best, best_n = v, n
    return best
