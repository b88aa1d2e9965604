"""Stories: articles about the same event, grouped by average-linkage clustering of event vectors.

1. Each article becomes an *event vector* (:mod:`newstrace.link.event_vectors`): TF-IDF weights, learned from
   the collection, over its content words (title and lead weighted more), whole entity names, key figures
   and event dates.
2. The similarity of two articles is the cosine of their vectors times a *time factor*: 1 for articles
   published within ``grace_days`` of each other, then decaying by ``e`` every ``decay_days`` — the two rounds
   of an election two weeks apart, or two quakes in one region six weeks apart, are different events even
   when their articles share almost every name.
3. Candidate pairs: every pair in a collection of up to ``all_pairs_below`` articles (one sparse product);
   in a larger one, the pairs that share one of their ``index_terms`` heaviest terms and are at most
   ``neighbours`` apart in that term's posting list ordered by day (:mod:`newstrace.link.story_candidates`),
   so the number of pairs, and the cost, grow about linearly with the number of articles. Pairs under
   ``min_edge`` are dropped.
4. Average linkage: the two clusters with the highest *mean* similarity over all their pairs of articles
   (pairs that are not candidates count 0) are merged while that mean is at least ``threshold``. A round-up
   article similar to two stories cannot chain them: the mean over all the pairs of the two stories stays
   low. Ties are broken by input order, so the output is deterministic for a given input.
5. Round-ups stand alone: a member whose mean similarity to another story is at least ``bridge_ratio`` of
   its mean similarity to the rest of its own story covers both (a week in review, an analysis of two
   events) and is taken out as its own item. Members of one event are far more similar to it than to any
   other story, even when they recall an earlier event.

Wire copies (``duplicates``) join their original's story without being compared.

For adding articles one at a time, :class:`StoryCluster` holds what a story needs to take in a new article:
the sum of its members' vectors (whose dot product with a new vector, divided by the size, is the new
article's mean similarity to the members) and its members' days.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.sparse import csr_matrix

from newstrace.link.event_vectors import VectorOptions, day_of, tfidf_matrix
from newstrace.link.story_candidates import candidate_pairs
from newstrace.records import Analysis


@dataclass(frozen=True, slots=True)
class StoryOptions:
    threshold: float = 0.15  #: mean pair similarity at or above which two clusters are one story
    grace_days: float = 3.0  #: articles published this close are not told apart by time
    decay_days: float = 7.0  #: beyond the grace, the similarity falls by e every this many days
    min_edge: float = 0.05  #: pair similarities below this are not kept
    bridge_ratio: float = 0.5  #: a member this similar to another story (vs its own) is a round-up: alone
    all_pairs_below: int = 2000  #: compare every pair of a collection this small
    index_terms: int = 12  #: heaviest terms of each article put in the candidate index
    neighbours: int = 24  #: each article is paired with this many next articles of a term's day-ordered postings
    pair_chunk: int = 200_000  #: candidate pairs scored per sparse step
    vectors: VectorOptions = field(default_factory=VectorOptions)


def time_factor(gap_days: float, opt: StoryOptions) -> float:
    """How much of two articles' content similarity counts when they were published ``gap_days`` apart."""
    return math.exp(-max(0.0, gap_days - opt.grace_days) / opt.decay_days)


def reach_days(opt: StoryOptions) -> float:
    """The gap in days beyond which the time factor alone keeps any pair under ``min_edge``."""
    return opt.grace_days + opt.decay_days * math.log(1.0 / opt.min_edge)


@dataclass(slots=True)
class StoryCluster:
    """A story's members and the sum of their (normalized) event vectors: its mean similarity to a new
    article is ``vector_sum · v / size`` times the time factor to the story's nearest day."""

    members: list[int]
    vector_sum: csr_matrix
    days: list[date]

    def similarity(self, vector: csr_matrix, day: date | None, opt: StoryOptions) -> float:
        mean = float(self.vector_sum.multiply(vector).sum()) / len(self.members)
        if day is None or not self.days:
            return mean
        return mean * time_factor(min(abs((day - d).days) for d in self.days), opt)

    def add(self, index: int, vector: csr_matrix, day: date | None) -> None:
        self.members.append(index)
        self.vector_sum = self.vector_sum + vector
        if day is not None:
            self.days.append(day)


def group_stories(
    analyses: Sequence[Analysis], duplicates: dict[str, str] | None = None, options: StoryOptions | None = None
) -> list[list[str]]:
    """Article ids grouped by story, each group in input order, groups ordered by their first article.

    ``duplicates`` (``{copy: original}``, from :func:`~newstrace.link.near_duplicates.originals`) puts each
    copy in its original's story without comparing it again.
    """
    opt = options or StoryOptions()
    duplicates = duplicates or {}
    order = {a.id: i for i, a in enumerate(analyses)}
    primaries = [a for a in analyses if a.id not in duplicates]
    edges = similarity_edges(primaries, opt)
    clusters = split_bridges(average_linkage(len(primaries), edges, opt.threshold), edges, opt.bridge_ratio)
    story_of = {primaries[i].id: k for k, members in enumerate(clusters) for i in members}
    groups: list[list[str]] = [[] for _ in clusters]
    for a in analyses:
        k = story_of.get(_original(a.id, duplicates, order))
        if k is None:
            groups.append([a.id])
        else:
            groups[k].append(a.id)
    return sorted((g for g in groups if g), key=lambda g: order[g[0]])


def _original(aid: str, duplicates: dict[str, str], order: dict[str, int]) -> str:
    """The original a copy chains back to (itself when not a copy, or when the original is not here)."""
    seen = {aid}
    while aid in duplicates and duplicates[aid] in order and duplicates[aid] not in seen:
        aid = duplicates[aid]
        seen.add(aid)
    return aid


def similarity_edges(primaries: Sequence[Analysis], opt: StoryOptions) -> dict[tuple[int, int], float]:
    """``{(i, j): similarity}`` (``i < j``, indices into ``primaries``) of the candidate pairs at or above
    ``min_edge``: cosine of event vectors times the time factor of their publication days."""
    n = len(primaries)
    if n < 2:
        return {}
    x = tfidf_matrix(primaries, opt.vectors)
    days = np.array([_ordinal(a.published) for a in primaries], dtype=np.float64)
    if n <= opt.all_pairs_below:
        sims = np.triu((x @ x.T).toarray(), k=1)
        rows, cols = np.nonzero(sims >= opt.min_edge)
        values = sims[rows, cols]
    else:
        rows, cols = candidate_pairs(x, days, opt.index_terms, opt.neighbours, reach_days(opt))
        values = np.concatenate(
            [np.asarray(x[rows[s : s + opt.pair_chunk]].multiply(x[cols[s : s + opt.pair_chunk]]).sum(axis=1))
             .ravel() for s in range(0, len(rows), opt.pair_chunk)]
        ) if len(rows) else np.zeros(0)
    gaps = np.abs(days[rows] - days[cols])
    gaps = np.where(np.isnan(gaps), 0.0, gaps)
    values = values * np.exp(-np.maximum(0.0, gaps - opt.grace_days) / opt.decay_days)
    keep = values >= opt.min_edge
    return {(int(i), int(j)): float(v) for i, j, v in zip(rows[keep], cols[keep], values[keep], strict=True)}


def _ordinal(published: str | None) -> float:
    d = day_of(published)
    return float(d.toordinal()) if d else math.nan


def average_linkage(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Clusters of ``range(n)`` by average linkage over sparse similarities (missing pairs count 0): the pair
    of clusters with the highest mean similarity is merged while that mean is at least ``threshold``.
    Clusters are named by their first member; ties go to the earliest names. Members in ascending order,
    clusters ordered by first member."""
    adj: list[dict[int, float]] = [{} for _ in range(n)]  #: cluster -> neighbour -> sum of pair similarities
    for (i, j), w in edges.items():
        adj[i][j] = adj[i].get(j, 0.0) + w
        adj[j][i] = adj[j].get(i, 0.0) + w
    size = [1] * n
    version = [0] * n
    members: list[list[int] | None] = [[i] for i in range(n)]
    heap = [(-w, i, j, 0, 0) for (i, j), w in edges.items() if w >= threshold]
    heapq.heapify(heap)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if version[a] != va or version[b] != vb or members[a] is None or members[b] is None:
            continue  # stale: one of the two has changed since this mean was computed
        for c, w in adj[b].items():  # b into a
            if c == a:
                continue
            del adj[c][b]
            total = adj[a].get(c, 0.0) + w
            adj[a][c] = adj[c][a] = total
        del adj[a][b]
        adj[b] = {}
        size[a] += size[b]
        kept, gone = members[a], members[b]
        assert kept is not None and gone is not None
        kept.extend(gone)
        members[b] = None
        version[a] += 1
        version[b] += 1
        for c, w in adj[a].items():
            mean = w / (size[a] * size[c])
            if mean >= threshold:
                x, y = min(a, c), max(a, c)
                heapq.heappush(heap, (-mean, x, y, version[x], version[y]))
    return sorted((sorted(m) for m in members if m is not None), key=lambda m: m[0])


def split_bridges(clusters: list[list[int]], edges: dict[tuple[int, int], float], ratio: float) -> list[list[int]]:
    """``clusters`` with each member that is about as similar to another story (of two or more articles) as
    to the rest of its own taken out as a cluster of its own (see the module docstring)."""
    cluster_of = {i: k for k, members in enumerate(clusters) for i in members}
    sums: dict[int, dict[int, float]] = {}
    for (i, j), w in edges.items():
        for x, y in ((i, j), (j, i)):
            by = sums.setdefault(x, {})
            by[cluster_of[y]] = by.get(cluster_of[y], 0.0) + w
    out: list[list[int]] = []
    alone: list[list[int]] = []
    for k, members in enumerate(clusters):
        if len(members) < 2:
            out.append(members)
            continue
        kept = []
        for i in members:
            by = sums.get(i, {})
            own = by.get(k, 0.0) / (len(members) - 1)
            other = max((w / len(clusters[c]) for c, w in by.items() if c != k and len(clusters[c]) > 1),
                        default=0.0)
            if other > 0 and other >= ratio * own:
                alone.append([i])
            else:
                kept.append(i)
        if kept:
            out.append(kept)
    return sorted(out + alone, key=lambda m: m[0])
