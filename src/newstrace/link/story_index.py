"""Incremental story assignment: which kept story a new article joins, from a few numbers per story.

The batch grouping (:mod:`newstrace.link.stories`) merges clusters while the mean similarity over all their
pairs of articles is at least ``threshold``. A new article's mean similarity to a story is its event vector's
dot product with the *sum* of the members' vectors, divided by the number of members, times the time factor
of its gap to the story's days (0 inside the span of its members' days). So a story is kept as that sum
(each member's ``vector_terms`` heaviest weights: the tail of an article's vector hardly moves a cosine),
its size and its first and last day; the new article joins the story it is most similar to when that
similarity reaches ``threshold``, else starts a story of its own. As in the batch grouping, a round-up
stands alone: when it is about as similar to a second story of several articles as to the best one (at
least ``bridge_ratio`` of it).

Vectors are weighted with document frequencies kept with the index (each indexed article counted once), so
the new article's weights are those the batch grouping would give it over the indexed articles, with one
difference: the count of articles includes ``prior_articles`` that have none of the terms. A small store (the
first articles of a new corpus, all about one or two events) would otherwise find the words of its only
event in every article and weigh them as little as "said"; in a large store the prior changes nothing. The
candidates are the stories found under the article's ``index_terms`` heaviest terms among those already
seen in another article, in an inverted index of each member's ``posted_terms`` heaviest terms (at most
``postings`` per term within the time factor's reach; a term seen once is the heaviest of an article but
finds nothing); the ``candidates`` stories found most often are scored. All of it is bounded per article,
whatever the size of the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newstrace.link.stories import StoryOptions, time_factor


@dataclass(frozen=True, slots=True)
class IndexOptions:
    vector_terms: int = 64  #: each member's heaviest terms added to its story's vector sum
    posted_terms: int = 32  #: each member's heaviest terms put in the inverted index
    postings: int = 64  #: postings read per heavy term (the latest within reach)
    candidates: int = 32  #: stories scored per new article (those found under most of its heavy terms)
    prior_articles: int = 100  #: document frequencies count this many more articles, with none of the terms
    stories: StoryOptions = field(default_factory=StoryOptions)


@dataclass(frozen=True, slots=True)
class StoryStats:
    """What the index keeps of a story, with its vector sum's dot product with the new article's vector."""

    id: str
    size: int
    first_day: int | None
    last_day: int | None
    dot: float


def idf(df: int, articles: float) -> float:
    """Inverse document frequency as :func:`newstrace.link.event_vectors.tfidf_matrix` computes it."""
    return math.log((1 + articles) / (1 + df)) + 1.0


def weighted_vector(counts: Mapping[str, float], df: Mapping[str, int], articles: float) -> dict[str, float]:
    """The L2-normalized TF-IDF vector of one article's weighted term counts (``article_terms``), with
    document frequencies ``df`` over ``articles`` indexed articles (this one included, and the prior)."""
    out = {t: (1.0 + math.log(c) if c >= 1 else c) * idf(df.get(t, 1), articles) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in out.values())) or 1.0
    return {t: w / norm for t, w in out.items()}


def heaviest(vector: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` terms of largest weight (ties: alphabetical)."""
    return [t for t, _ in sorted(vector.items(), key=lambda tw: (-tw[1], tw[0]))[:k]]


def gap_days(day: int | None, first: int | None, last: int | None) -> float:
    """Days from ``day`` to the span ``first``..``last`` (0 inside it, or when a day is unknown)."""
    if day is None or first is None or last is None:
        return 0.0
    return float(max(0, first - day, day - last))


def similarity(story: StoryStats, day: int | None, opt: StoryOptions) -> float:
    """The new article's mean similarity to the story's members, with the time factor of its gap."""
    if story.size <= 0:
        return 0.0
    return story.dot / story.size * time_factor(gap_days(day, story.first_day, story.last_day), opt)


def choose_story(candidates: Sequence[StoryStats], day: int | None, opt: StoryOptions) -> str | None:
    """The id of the story the new article joins, or None for a story of its own (none similar enough, or a
    round-up about as close to a second story of several articles). Ties go to the earlier candidate."""
    scored = [(similarity(s, day, opt), i, s) for i, s in enumerate(candidates)]
    scored.sort(key=lambda x: (-x[0], x[1]))
    if not scored or scored[0][0] < opt.threshold:
        return None
    best, _, story = scored[0]
    if story.size > 1:
        other = max((sim for sim, _, s in scored[1:] if s.size > 1), default=0.0)
        if other > 0 and other >= opt.bridge_ratio * best:
            return None
    return story.id
