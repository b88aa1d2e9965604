"""The article page: its text with every fact highlighted from its offsets, and the list of facts.

Quotes are coloured by speaker (one of :data:`PALETTE` colours per speaker, in order of first quote), the
speaker's own mention in the speaker's colour; figures, dates, places, people and organisations and
citations have their own marks. Each mark carries its record as ``data-f-*`` attributes (escaped by the
template), which the details panel shows on click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newstrace.link.common import fold
from newstrace.link.results import ArticleRef, Claim, Story
from newstrace.outputs.dates import date_words
from newstrace.records import Analysis, Entity
from newstrace.web.format import STATUS_LABELS, clip, number, value_label
from newstrace.web.service import Snapshot
from newstrace.web.spans import Mark, Node, build, paragraphs
from newstrace.web.urls import article_url, entity_url, record_anchor, story_url

PALETTE = 8  #: speaker colours (spk-0 … spk-7 in the stylesheet)
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
NAMED_TYPES = frozenset({"PERSON", "ORG", "NORP"})
LIST_CHARS = 110

#: Nesting order when two marks cover the same text: paragraphs outside, then the target, quotes, ...
_RANK = {"para": 0, "target": 1, "quote": 2, "citation": 3, "speaker": 4, "place": 5, "entity": 5,
         "figure": 6, "date": 7}
KIND_TITLES = {"quote": "Quotes", "figure": "Figures", "date": "Dates", "place": "Places",
               "entity": "People and organisations", "citation": "Citations"}


@dataclass(slots=True)
class ListItem:
    """A fact in the side panel, linking to its mark."""

    kind: str
    label: str
    detail: str
    anchor: str
    rec: str
    css: str = ""


@dataclass(slots=True)
class Speaker:
    name: str
    css: str
    href: str
    quotes: int


@dataclass(slots=True)
class ArticlePage:
    analysis: Analysis
    ref: ArticleRef | None
    story: Story | None
    nodes: list[Node]
    lists: dict[str, list[ListItem]]
    speakers: list[Speaker]
    copy_of: ArticleRef | None = None
    copies: list[ArticleRef] = field(default_factory=list)
    target: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = self.analysis.to_dict()
        d["story"] = self.story.id if self.story else None
        d["duplicate_of"] = self.ref.duplicate_of if self.ref else None
        return d


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _put(fields: dict[str, str], name: str, value: object) -> None:
    if value is None or value == "" or value == []:
        return
    if isinstance(value, bool):
        fields[name] = "yes" if value else "no"
    elif isinstance(value, int | float):
        fields[name] = number(value)
    elif isinstance(value, list | tuple):
        fields[name] = ", ".join(str(v) for v in value)
    else:
        fields[name] = str(value)


class _Builder:
    def __init__(self, snap: Snapshot, a: Analysis) -> None:
        self.snap, self.a = snap, a
        self.marks: list[Mark] = []
        self.lists: dict[str, list[ListItem]] = {k: [] for k in KIND_TITLES}
        self.anchors: set[str] = set()
        self.colours: dict[str, tuple[str, str, str]] = {}  # speaker key → (css, name, href)
        self.counts: dict[str, int] = {}
        story = snap.articles[a.id].story if a.id in snap.articles else None
        self.claims: dict[tuple[int, int], Claim] = {}
        for c in snap.claims.get(story or "", []):
            for m in c.members:
                if m.article == a.id:
                    self.claims.setdefault((m.start, m.end), c)

    def entity_href(self, local_id: str | None) -> str:
        cross = self.snap.entity_of.get((self.a.id, local_id)) if local_id else None
        return entity_url(cross) if cross else ""

    def add(self, kind: str, start: int, end: int, fields: dict[str, str], label: str, detail: str = "",
            css: str = "", href: str = "", link: str = "", listed: bool = True) -> None:
        if not 0 <= start < end <= len(self.a.text):
            return
        rec = f"r{len(self.marks)}"
        anchor = record_anchor(kind, start, end)
        if anchor in self.anchors:
            anchor = ""
        else:
            self.anchors.add(anchor)
        fields = {"text": self.a.text[start:end], **fields}
        self.marks.append(Mark(start, end, kind, _RANK.get(kind, 5), fields, rec, anchor, css, href,
                               link if href else ""))
        if listed:
            self.lists[kind].append(ListItem(kind, clip(label, LIST_CHARS), detail, anchor or rec, rec, css))

    def colour(self, article_id: str, speaker: str | None, speaker_id: str | None) -> tuple[str, str, str]:
        cross = self.snap.entity_of.get((article_id, speaker_id)) if speaker_id else None
        name = self.snap.entities[cross].name if cross and cross in self.snap.entities else (speaker or "")
        key = cross or fold(speaker or "")
        if not key:
            return "spk-none", "unknown speaker", ""
        if key not in self.colours:
            self.colours[key] = (f"spk-{len(self.colours) % PALETTE}", name, entity_url(cross) if cross else "")
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.colours[key]

    def claim_fields(self, fields: dict[str, str], start: int, end: int) -> str:
        """Put the status of the claim group of the fact at ``start:end`` into ``fields``; the link to the
        story's comparison when other articles give it too, else ""."""
        c = self.claims.get((start, end))
        if c is None:
            return ""
        articles = len({m.article for m in c.members})
        if articles == 1 and c.status != "differs":
            fields["claim"] = "only in this article"
        else:
            fields["claim"] = (f"{STATUS_LABELS.get(c.status, c.status)}: {_count(c.sources, 'source')}, "
                               f"{_count(articles, 'article')}")
        section = "figures" if c.kind == "quantity" else "statements"
        return f"{story_url(c.story)}#{section}" if c.story and articles > 1 else ""


def _entity_mark(b: _Builder, e: Entity) -> None:
    kind = "place" if e.type in PLACE_TYPES else "entity" if e.type in NAMED_TYPES else ""
    if not kind:
        return
    href = b.entity_href(e.id)
    for i, (start, end) in enumerate(sorted(e.mentions)):
        fields: dict[str, str] = {}
        _put(fields, "name", e.name)
        _put(fields, "type", e.type)
        _put(fields, "iso", e.iso)
        _put(fields, "role", e.role)
        _put(fields, "aliases", e.aliases)
        detail = " · ".join(x for x in (e.type, e.iso, e.role) if x)
        b.add(kind, start, end, fields, e.name, detail, href=href, link=f"About {e.name}", listed=i == 0)


def article_page(snap: Snapshot, a: Analysis, mark: tuple[int, int] | None = None) -> ArticlePage:
    """The page of analysis ``a``; ``mark`` is a span to highlight and scroll to (``#target``)."""
    b = _Builder(snap, a)
    for q in a.quotes:
        css, name, href = b.colour(a.id, q.speaker, q.speaker_id)
        fields: dict[str, str] = {}
        _put(fields, "speaker", q.speaker)
        _put(fields, "role", q.role)
        _put(fields, "cue", q.cue)
        _put(fields, "kind", q.kind)
        b.claim_fields(fields, q.start, q.end)
        b.add("quote", q.start, q.end, fields, q.text, q.speaker or "unknown speaker", css, href, f"About {name}")
        if q.speaker_span:
            s0, s1 = q.speaker_span
            b.add("speaker", s0, s1, {"speaker": name, **({"role": q.role} if q.role else {})}, name, css=css,
                  href=href, link=f"About {name}", listed=False)
    for n in a.quantities:
        fields = {}
        _put(fields, "value", value_label(n.value, n.qualifier, n.unit, n.high))
        _put(fields, "qualifier", n.qualifier)
        _put(fields, "counted", n.counted)
        _put(fields, "unit", n.unit)
        _put(fields, "as-of", n.as_of)
        _put(fields, "source", n.source)
        _put(fields, "change", n.change)
        compared = b.claim_fields(fields, n.start, n.end)
        detail = " · ".join(x for x in (value_label(n.value, n.qualifier, n.unit, n.high), n.counted) if x)
        b.add("figure", n.start, n.end, fields, n.text, detail, href=compared, link="Compare the sources")
    for t in a.times:
        fields = {}
        words = date_words(t.value)
        _put(fields, "means", words if words != t.value else None)
        _put(fields, "value", t.value)  # the TIMEX3 code, as recorded
        _put(fields, "type", t.type)
        _put(fields, "anchor", t.anchor)
        b.add("date", t.start, t.end, fields, t.text, words or t.value or "")
    for e in a.entities:
        _entity_mark(b, e)
    for c in snap.citations.get(a.id, []):
        fields = {}
        _put(fields, "cites", c.cited)
        _put(fields, "cue", c.cue)
        home = next((x for x in c.cited_articles if x in snap.articles), None)
        b.add("citation", c.start, c.end, fields, c.text, c.cited, href=article_url(home) if home else "",
              link=f"Read {c.cited}'s article")
    if mark is not None:
        b.add("target", mark[0], mark[1], {}, "", listed=False)
    b.marks.extend(paragraphs(a.text))

    ref = snap.articles.get(a.id)
    story = snap.stories.get(ref.story or "") if ref else None
    speakers = [Speaker(name, css, href, b.counts.get(key, 0)) for key, (css, name, href) in b.colours.items()]
    return ArticlePage(
        analysis=a, ref=ref, story=story, nodes=build(a.text, b.marks),
        lists={k: v for k, v in b.lists.items() if v}, speakers=speakers,
        copy_of=snap.articles.get(ref.duplicate_of) if ref and ref.duplicate_of else None,
        copies=[r for r in snap.comparison.articles if r.duplicate_of == a.id],
        target=mark if mark and 0 <= mark[0] < mark[1] <= len(a.text) else None,
    )

