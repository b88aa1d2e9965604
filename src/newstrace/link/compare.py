"""``compare``: everything the link stage finds across a set of analyzed articles.

    from newstrace.link.compare import compare
    result = compare(analyses)            # any iterable of records.Analysis
    result.to_dict()                      # the ``newstrace compare --format json`` document
    result.story("s1")                    # the part about one story

Order of work: near-duplicates (wire copies count as one source), stories, cross-article entities (which
use the stories as context), citations (which decide, with the copies, which source each fact counts as),
claim groups of figures and of statements, and the timeline. Each step is about linear in the number of
articles (MinHash LSH and blocking keys, never all pairs).
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from newstrace.link.citations import all_citations
from newstrace.link.claims import quantity_claims
from newstrace.link.common import SentenceCache, fold
from newstrace.link.entities import resolve_entities
from newstrace.link.near_duplicates import THRESHOLD, originals
from newstrace.link.results import ArticleRef, Citation, Comparison, CrossEntity, Story
from newstrace.link.statements import statement_claims
from newstrace.link.stories import StoryOptions, group_stories
from newstrace.link.story_ids import inherit_ids, numbered
from newstrace.link.timeline import build_timeline
from newstrace.records import Analysis

STORY_ENTITIES = 8  #: entities listed with each story


@dataclass(frozen=True, slots=True)
class CompareOptions:
    duplicate_threshold: float = THRESHOLD  #: MinHash Jaccard of 5-word shingles for a near-copy
    stories: StoryOptions = field(default_factory=StoryOptions)


class Origins:
    """Which independent source a fact counts as: its article's outlet, the original's for a copy, and the
    cited outlet's when the fact's sentence cites an outlet that has an article in the comparison."""

    def __init__(
        self,
        articles: dict[str, Analysis],
        duplicates: dict[str, str],
        citations: list[Citation],
        sentences: SentenceCache | None = None,
    ) -> None:
        self.articles = articles
        self.sentences = sentences or SentenceCache()
        self.duplicates = duplicates
        self.cited: dict[str, list[tuple[int, int, str]]] = {}
        for c in citations:
            if c.cited_articles:
                self.cited.setdefault(c.article, []).append((c.start, c.end, c.cited_articles[0]))
        self._origin: dict[str, str] = {}

    def of_article(self, article: str) -> str:
        origin = self._origin.get(article)
        if origin is None:
            a = self.articles[self.duplicates.get(article, article)]
            origin = self._origin[article] = f"outlet:{fold(a.source)}" if a.source else f"article:{a.id}"
        return origin

    def __call__(self, article: str, offset: int) -> str:
        cites = self.cited.get(article)
        if cites:
            span = self.sentences(self.articles[article].text).span(offset)
            for start, end, cited in cites:
                if span[0] <= start and end <= span[1] + 1:
                    return self.of_article(cited)
        return self.of_article(article)


def compare(
    analyses: Iterable[Analysis],
    options: CompareOptions | None = None,
    timings: dict[str, float] | None = None,
    kept_stories: Mapping[str, Collection[str]] | None = None,
) -> Comparison:
    """Compare articles across outlets. Of analyses with the same id, the first is used.

    Stories are numbered ``s1``, ``s2``, ... in order, unless ``kept_stories`` (``{story id: article ids}``,
    e.g. the ids a corpus keeps) is given: then each story inherits the id of the kept story it shares most
    articles with (:mod:`newstrace.link.story_ids`). ``timings``, when given, receives the CPU seconds each
    step took (for benchmarks and progress reports). Python's cyclic garbage collector is paused meanwhile
    (see :func:`_collector_paused`).
    """
    with _collector_paused():
        return _compare(analyses, options, timings, kept_stories)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its state after. Linking makes millions of small,
    acyclic objects (freed by reference counting alone); with the collector on, its full passes over an ever
    larger heap made the later steps grow faster than the number of articles (``benchmarks/link.py``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compare(
    analyses: Iterable[Analysis],
    options: CompareOptions | None,
    timings: dict[str, float] | None,
    kept_stories: Mapping[str, Collection[str]] | None,
) -> Comparison:
    opt = options or CompareOptions()
    clock = _Clock(timings)
    arts: dict[str, Analysis] = {}
    for a in analyses:
        arts.setdefault(a.id, a)
    items = list(arts.values())
    duplicates = originals(((a.id, a.text) for a in items), opt.duplicate_threshold)
    clock("near_duplicates")
    groups = group_stories(items, duplicates, opt.stories)
    story_ids = numbered(groups) if kept_stories is None else inherit_ids(groups, kept_stories)
    story_of = {aid: sid for sid, g in zip(story_ids, groups, strict=True) for aid in g}
    clock("stories")
    entities, entity_of = resolve_entities(items, story_of)
    clock("entities")
    citations = all_citations(items, entity_of)
    sentences = SentenceCache()
    origins = Origins(arts, duplicates, citations, sentences)
    outlets = {a.id: a.source for a in items}
    by_id = {e.id: e for e in entities}
    clock("citations")
    claims = quantity_claims(items, story_of, origins, outlets, sentences)
    clock("figures")
    claims += statement_claims(items, story_of, entity_of, by_id, origins, outlets, sentences)
    for i, c in enumerate(claims, 1):
        c.id = f"c{i}"
    clock("statements")
    timeline = build_timeline(items, story_of, claims, outlets, sentences)
    clock("timeline")
    result = Comparison(
        articles=[
            ArticleRef(a.id, a.source, a.published, a.title, a.url, story_of[a.id], duplicates.get(a.id),
                       origins.of_article(a.id))
            for a in items
        ],
        stories=_stories(groups, story_ids, arts, entities, story_of),
        entities=entities,
        claims=claims,
        citations=citations,
        timeline=timeline,
        analyses=arts,
    )
    clock("assemble")
    return result


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.last = timings, time.process_time()

    def __call__(self, step: str) -> None:
        if self.timings is not None:
            now = time.process_time()
            self.timings[step] = self.timings.get(step, 0.0) + now - self.last
            self.last = now


def _stories(
    groups: list[list[str]],
    story_ids: list[str],
    arts: dict[str, Analysis],
    entities: list[CrossEntity],
    story_of: dict[str, str],
) -> list[Story]:
    counts: dict[str, Counter[str]] = {}
    for e in entities:
        if e.type in ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"):
            per_story = Counter(story_of[art] for art in e.articles)
            for sid, n in per_story.items():
                counts.setdefault(sid, Counter())[e.id] = n
    out = []
    for sid, ids in zip(story_ids, groups, strict=True):
        dates = sorted(d for d in (arts[x].published for x in ids) if d)
        title = next((arts[x].title for x in ids if arts[x].title), None)
        if title is None:
            title = arts[ids[0]].text.strip().split("\n", 1)[0][:120]
        top = [e for e, _ in counts.get(sid, Counter()).most_common(STORY_ENTITIES)]
        out.append(Story(sid, list(ids), title, dates[0] if dates else None, dates[-1] if dates else None, top))
    return out
