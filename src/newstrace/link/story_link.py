"""Everything the link stage finds inside one story: its entities, citations, figure and statement groups,
and timeline, computed from that story's articles alone.

Linking is two levels. Stories come first (:mod:`newstrace.link.stories`, or the story index of a corpus);
then each story is linked on its own (:func:`link_story`), and only the entities are joined across stories
(:mod:`newstrace.link.entity_join`). So a batch of new articles costs the stories it touches, however large
the corpus: a corpus keeps each story's :class:`StoryLink` (``story_links``) and recomputes only those of
the stories that changed. ``compare`` over files and ``relink`` over a corpus are the same computation, story
by story, so incremental and full linking agree.

Ids inside a :class:`StoryLink` are the story's own: entities ``E1``, ``E2``, ... (ids a claim's ``speaker``,
a citation's ``entity`` and the story's ``entities`` use) and claims ``c1``, ``c2``, ...; the comparison
that assembles several stories renames them to the corpus entities and to one numbering of claims
(:func:`newstrace.link.compare.assemble`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newstrace.link.citations import all_citations
from newstrace.link.claims import quantity_claims
from newstrace.link.common import SentenceCache, fold
from newstrace.link.entities import resolve_story_entities
from newstrace.link.results import Citation, Claim, ClaimMember, CrossEntity, Mention, TimelineEntry, TimelineSource
from newstrace.link.statements import statement_claims
from newstrace.link.timeline import build_timeline
from newstrace.records import Analysis

#: Bump when what :func:`link_story` computes changes: a corpus links its stories again (``relink``).
LINK_VERSION = "story-link.v1"
STORY_ENTITIES = 8  #: entities listed with each story
_LISTED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})


@dataclass(slots=True)
class StoryLink:
    """One story's links. ``origins`` is the independent source each article counts as; ``top`` its most
    mentioned entities (story-local ids)."""

    story: str
    articles: list[str]
    entities: list[CrossEntity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    top: list[str] = field(default_factory=list)
    keys: dict[str, list[str]] = field(default_factory=dict)  #: each entity's join keys (``entity_join``)
    counts: dict[str, int] = field(default_factory=dict)  #: each entity's mentions in the story's texts

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": LINK_VERSION,
            "story": self.story,
            "articles": self.articles,
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "citations": [c.to_dict() for c in self.citations],
            "timeline": [t.to_dict() for t in self.timeline],
            "origins": self.origins,
            "top": self.top,
            "keys": self.keys,
            "counts": self.counts,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> StoryLink:
        return cls(
            story=d["story"],
            articles=list(d["articles"]),
            entities=[_entity(e) for e in d.get("entities", [])],
            claims=[_claim(c) for c in d.get("claims", [])],
            citations=[Citation(**c) for c in d.get("citations", [])],
            timeline=[_entry(t) for t in d.get("timeline", [])],
            origins=dict(d.get("origins", {})),
            top=list(d.get("top", [])),
            keys={k: list(v) for k, v in d.get("keys", {}).items()},
            counts=dict(d.get("counts", {})),
        )


class Origins:
    """Which independent source a fact counts as: its article's outlet, the original's for a copy, and the
    cited outlet's when the fact's sentence cites an outlet that has an article in the story."""

    def __init__(
        self,
        articles: Mapping[str, Analysis],
        duplicates: Mapping[str, str],
        citations: list[Citation],
        sentences: SentenceCache | None = None,
        sources: Mapping[str, str | None] | None = None,
    ) -> None:
        self.articles = articles
        self.sentences = sentences or SentenceCache()
        self.duplicates = duplicates
        self.sources = sources or {}
        self.cited: dict[str, list[tuple[int, int, str]]] = {}
        for c in citations:
            if c.cited_articles:
                self.cited.setdefault(c.article, []).append((c.start, c.end, c.cited_articles[0]))
        self._origin: dict[str, str] = {}

    def of_article(self, article: str) -> str:
        origin = self._origin.get(article)
        if origin is None:
            original = self.duplicates.get(article, article)
            a = self.articles.get(original)
            source = a.source if a is not None else self.sources.get(original)
            if a is None and original not in self.sources:
                original, source = article, self.articles[article].source
            origin = self._origin[article] = f"outlet:{fold(source)}" if source else f"article:{original}"
        return origin

    def __call__(self, article: str, offset: int) -> str:
        cites = self.cited.get(article)
        if cites:
            span = self.sentences(self.articles[article].text).span(offset)
            for start, end, cited in cites:
                if span[0] <= start and end <= span[1] + 1:
                    return self.of_article(cited)
        return self.of_article(article)


def link_story(
    story: str,
    analyses: Sequence[Analysis],
    duplicates: Mapping[str, str] | None = None,
    sources: Mapping[str, str | None] | None = None,
) -> StoryLink:
    """Link one story's articles (in order): entities, citations, figure and statement groups, timeline.

    ``duplicates`` is ``{copy id: original id}``; an original outside the story counts by its outlet in
    ``sources`` (``{article id: outlet}``) when given."""
    duplicates = duplicates or {}
    arts = {a.id: a for a in analyses}
    items = list(arts.values())
    story_of = dict.fromkeys(arts, story)
    entities, entity_of, keys = resolve_story_entities(items, story)
    citations = all_citations(items, entity_of)
    sentences = SentenceCache()
    origins = Origins(arts, duplicates, citations, sentences, sources)
    outlets = {a.id: a.source for a in items}
    by_id = {e.id: e for e in entities}
    claims = quantity_claims(items, story_of, origins, outlets, sentences)
    claims += statement_claims(items, story_of, entity_of, by_id, origins, outlets, sentences)
    for i, c in enumerate(claims, 1):
        c.id = f"c{i}"
    timeline = build_timeline(items, story_of, claims, outlets, sentences)
    in_text = {(a.id, e.id): max(1, len(e.mentions)) for a in items for e in a.entities}
    counts: Counter[str] = Counter()
    for e in entities:
        if e.type in _LISTED_TYPES:
            counts[e.id] = len(e.articles)
    return StoryLink(
        story=story,
        articles=[a.id for a in items],
        entities=entities,
        claims=claims,
        citations=citations,
        timeline=timeline,
        origins={a.id: origins.of_article(a.id) for a in items},
        top=[e for e, _ in counts.most_common(STORY_ENTITIES)],
        keys=keys,
        counts={e.id: sum(in_text.get((m.article, m.entity), 1) for m in e.mentions) for e in entities},
    )


def _entity(d: Mapping[str, Any]) -> CrossEntity:
    return CrossEntity(
        id=d["id"], name=d["name"], type=d["type"], aliases=list(d.get("aliases", [])), iso=d.get("iso"),
        roles=list(d.get("roles", [])), mentions=[Mention(**m) for m in d.get("mentions", [])],
    )


def _claim(d: Mapping[str, Any]) -> Claim:
    fields = dict(d)
    members = []
    for m in fields.pop("members", []):
        m = dict(m)
        if m.get("sentence") is not None:
            m["sentence"] = tuple(m["sentence"])
        members.append(ClaimMember(**m))
    return Claim(members=members, **fields)


def _entry(d: Mapping[str, Any]) -> TimelineEntry:
    fields = dict(d)
    sources = [TimelineSource(**s) for s in fields.pop("sources", [])]
    return TimelineEntry(sources=sources, **fields)
