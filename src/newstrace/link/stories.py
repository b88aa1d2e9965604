"""Stories: articles about the same event, grouped.

Each article is described by a set of *name features*: the folded words of its entity names and of the
capitalized words of its text and title (stop words, month and weekday names left out). Articles about one
event share many of them (the people, places, ships, companies involved); articles about different events
share few. Candidate pairs come from MinHash LSH (datasketch) over these sets, so the cost grows about
linearly with the number of articles (a collection of a few hundred articles has every pair compared); each
candidate pair is then checked on the exact sets (Jaccard, and the number of shared full names) and on
publication dates, and connected pairs form a story. People's given names are not features.
In a large collection, features found in more than ``max_df`` of the articles ("Ukraine", "Reuters") are
dropped first: they say little about which event an article covers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from datasketch import MinHashLSH

from newstrace.link.common import STOPWORDS, DisjointSet, fold
from newstrace.link.near_duplicates import new_minhash
from newstrace.records import Analysis

_CAPITALIZED = re.compile(r"\b[A-Z][\w'’-]*[\w]")
_VALUE_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True, slots=True)
class StoryOptions:
    threshold: float = 0.18  #: Jaccard of name features at or above which two articles share a story
    weak_threshold: float = 0.08  #: ... or this, when they also share ``shared_names`` multi-word names
    shared_names: int = 3
    lsh_threshold: float = 0.1  #: MinHash LSH threshold for candidates (bands of 2 rows: not 1, whose buckets grow)
    num_perm: int = 128
    window_days: int = 30  #: articles published further apart than this are not joined
    max_df: float = 0.05  #: in collections of ``min_docs_for_df`` or more, drop features this common
    min_docs_for_df: int = 200
    max_candidates: int = 200  #: candidates checked per article (the LSH may return more in a flood)
    all_pairs_below: int = 300  #: compare every pair of a collection this small (exact, no LSH misses)


@dataclass(slots=True)
class Features:
    words: frozenset[str]  #: single folded name words
    names: frozenset[str]  #: folded multi-word entity names ("nordic ember")


def article_features(a: Analysis) -> Features:
    """The name features of an article (see the module docstring). People's given names are left out: "John"
    or "Anna" is shared by many stories and tells none apart; the family name and the full name stay."""
    ws: set[str] = set()
    names: set[str] = set()
    given: set[str] = set()
    for e in a.entities:
        if e.type in _VALUE_TYPES:
            continue
        for name in (e.name, *e.aliases):
            f = fold(name)
            parts = [w for w in re.findall(r"\w+", f) if len(w) > 2 and w not in STOPWORDS]
            if e.type == "PERSON" and len(parts) > 1:
                given.add(parts[0])
                parts = parts[1:]
            ws.update(parts)
            if len(parts) > 1 or e.type == "PERSON":
                names.add(f)
    for text in (a.title or "", a.text):
        for m in _CAPITALIZED.finditer(text):
            f = fold(m.group())
            if len(f) > 2 and f not in STOPWORDS and f not in given:
                ws.add(f)
    return Features(frozenset(ws), frozenset(names))


def _day(published: str | None) -> date | None:
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


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
    uf: DisjointSet[str] = DisjointSet(a.id for a in analyses)
    primaries = [a for a in analyses if a.id not in duplicates]
    feats = {a.id: article_features(a) for a in primaries}
    if len(primaries) >= opt.min_docs_for_df:
        df: Counter[str] = Counter()
        for f in feats.values():
            df.update(f.words)
        limit = opt.max_df * len(primaries)
        common = {w for w, n in df.items() if n > limit}
        if common:
            feats = {k: Features(f.words - common, f.names) for k, f in feats.items()}
    days = {a.id: _day(a.published) for a in primaries}
    for x, y in _candidates(primaries, feats, opt):
        if _same_story(feats[x], feats[y], days[x], days[y], opt):
            uf.union(x, y)
    for copy, original in duplicates.items():
        if copy in order and original in order:
            uf.union(copy, original)
    groups = [sorted(g, key=order.__getitem__) for g in uf.groups().values()]
    return sorted(groups, key=lambda g: order[g[0]])


def _candidates(
    primaries: Sequence[Analysis], feats: dict[str, Features], opt: StoryOptions
) -> Iterator[tuple[str, str]]:
    """Pairs of articles worth comparing: all of them in a small collection, else those MinHash LSH finds."""
    ids = [a.id for a in primaries if feats[a.id].words]
    if len(ids) <= opt.all_pairs_below:
        for i, x in enumerate(ids):
            for y in ids[:i]:
                yield x, y
        return
    lsh = MinHashLSH(threshold=opt.lsh_threshold, num_perm=opt.num_perm)
    for x in ids:
        m = new_minhash(opt.num_perm)
        m.update_batch([w.encode("utf-8") for w in feats[x].words])
        for y in lsh.query(m)[: opt.max_candidates]:
            yield x, y
        lsh.insert(x, m)


def _same_story(a: Features, b: Features, day_a: date | None, day_b: date | None, opt: StoryOptions) -> bool:
    if day_a and day_b and abs((day_a - day_b).days) > opt.window_days:
        return False
    shared = len(a.words & b.words)
    jaccard = shared / (len(a.words) + len(b.words) - shared or 1)
    if jaccard >= opt.threshold:
        return True
    return jaccard >= opt.weak_threshold and len(a.names & b.names) >= opt.shared_names
