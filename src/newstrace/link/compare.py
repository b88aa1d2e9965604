"""``compare``: everything the link stage finds across a set of analyzed articles.

    from newstrace.link.compare import compare
    result = compare(analyses)            # any iterable of records.Analysis
    result.to_dict()                      # the ``newstrace compare --format json`` document
    result.story("s1")                    # the part about one story

Order of work: near-duplicates (wire copies count as one source), stories, then each story on its own
(:func:`newstrace.link.story_link.link_story`: its entities, citations, figure and statement groups and
timeline), and last the entities joined across stories (:mod:`newstrace.link.entity_join`).
:func:`assemble` puts stories' links together into one :class:`Comparison`; a corpus does the same with the
links it keeps per story, so ``compare --db`` reads them instead of linking everything again. Each step is
about linear in the number of articles (MinHash LSH and blocking keys, never all pairs).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from newstrace.link.entity_join import join_entities
from newstrace.link.near_duplicates import THRESHOLD, originals
from newstrace.link.results import ArticleRef, Comparison, CrossEntity, Story
from newstrace.link.stories import StoryOptions, group_stories
from newstrace.link.story_ids import inherit_ids, numbered
from newstrace.link.story_link import StoryLink, link_story
from newstrace.records import Analysis


@dataclass(frozen=True, slots=True)
class CompareOptions:
    duplicate_threshold: float = THRESHOLD  #: MinHash Jaccard of 5-word shingles for a near-copy
    stories: StoryOptions = field(default_factory=StoryOptions)


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
    clock("stories")
    links = [
        link_story(sid, [arts[x] for x in group], duplicates) for sid, group in zip(story_ids, groups, strict=True)
    ]
    clock("stories_linked")
    result = assemble(links, arts, duplicates)
    clock("assemble")
    return result


def assemble(
    links: Sequence[StoryLink],
    arts: Mapping[str, Analysis],
    duplicates: Mapping[str, str],
    entities: tuple[list[CrossEntity], dict[tuple[str, str], str]] | None = None,
) -> Comparison:
    """One comparison from the links of its stories (in story order) and the analyses of their articles
    (``arts``, in the order articles are listed): claims numbered ``c1``, ``c2``, ... in story order, and
    story-local entity ids replaced by the corpus entities' — ``entities`` (the corpus entities and
    ``{(story, story entity id): corpus entity id}``, as a corpus keeps them), else joined here
    (:func:`~newstrace.link.entity_join.join_entities`)."""
    found, entity_id = entities if entities is not None else join_entities(links)
    story_of = {aid: link.story for link in links for aid in link.articles}
    origin = {aid: o for link in links for aid, o in link.origins.items()}
    stories, claims, citations, timeline = [], [], [], []
    number = 0
    for link in links:
        local = {e.id: entity_id[(link.story, e.id)] for e in link.entities}
        renumber: dict[str, str] = {}
        for c in link.claims:
            number += 1
            renumber[c.id] = f"c{number}"
            c.id = renumber[c.id]
            if c.speaker is not None:
                c.speaker = local.get(c.speaker, c.speaker)
            claims.append(c)
        for cit in link.citations:
            if cit.entity is not None:
                cit.entity = local.get(cit.entity, cit.entity)
            citations.append(cit)
        for t in link.timeline:
            if t.claim is not None:
                t.claim = renumber.get(t.claim, t.claim)
            timeline.append(t)
        stories.append(story_record(link, arts, [local[e] for e in link.top if e in local]))
    return Comparison(
        articles=[
            ArticleRef(a.id, a.source, a.published, a.title, a.url, story_of.get(a.id), duplicates.get(a.id),
                       origin.get(a.id, ""))
            for a in arts.values() if a.id in story_of
        ],
        stories=stories,
        entities=found,
        claims=claims,
        citations=citations,
        timeline=timeline,
        analyses=dict(arts),
    )


def story_record(link: StoryLink, arts: Mapping[str, Analysis], top: list[str]) -> Story:
    ids = link.articles
    dates = sorted(d for d in (arts[x].published for x in ids) if d)
    title = next((arts[x].title for x in ids if arts[x].title), None)
    if title is None:
        title = arts[ids[0]].text.strip().split("\n", 1)[0][:120]
    return Story(link.story, list(ids), title, dates[0] if dates else None, dates[-1] if dates else None, top)


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.last = timings, time.process_time()

    def __call__(self, step: str) -> None:
        if self.timings is not None:
            now = time.process_time()
            self.timings[step] = self.timings.get(step, 0.0) + now - self.last
            self.last = now
