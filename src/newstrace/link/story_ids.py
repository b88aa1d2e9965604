"""Story ids that stay the same when the stories are computed again.

Stories are recomputed whenever articles arrive (each ``compare``, each ``watch`` round, the web UI after an
ingest). A story's id must not change because an article joined it, nor because another story was created
before it in the input. :func:`inherit_ids` gives each new group the id of the kept story it shares the most
articles with (a story that grew keeps its id; of two stories that merged, the merged one keeps the id of the
larger part; of a story that split, the larger part keeps the id and the other gets a new one). Groups that
share no article with a kept story get fresh ids, numbered after the highest id ever given.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence

_NUMBERED = re.compile(r"s(\d+)")


def next_number(ids: Collection[str]) -> int:
    """The number after the highest ``sN`` among ``ids`` (1 when there is none)."""
    numbers = [int(m.group(1)) for i in ids if (m := _NUMBERED.fullmatch(i))]
    return max(numbers, default=0) + 1


def inherit_ids(
    groups: Sequence[Sequence[str]], kept: Mapping[str, Collection[str]], start: int | None = None
) -> list[str]:
    """An id for each group of article ids: inherited from ``kept`` (``{story id: its article ids}``) by the
    largest overlap, each kept id given at most once, else a fresh ``sN`` numbered from ``start`` (default:
    after the highest kept id). Ties go to the earlier group and the smaller id, so the result is
    deterministic."""
    story_of = {article: sid for sid, articles in kept.items() for article in articles}
    pairs: list[tuple[int, int, str]] = []
    for i, group in enumerate(groups):
        overlap = Counter(story_of[a] for a in group if a in story_of)
        pairs.extend((-n, i, sid) for sid, n in overlap.items())
    pairs.sort(key=lambda p: (p[0], p[1], _sort_key(p[2])))
    ids: list[str | None] = [None] * len(groups)
    taken: set[str] = set()
    for _, i, sid in pairs:
        if ids[i] is None and sid not in taken:
            ids[i] = sid
            taken.add(sid)
    number = next_number(kept) if start is None else start
    out = []
    for given in ids:
        if given is None:
            given = f"s{number}"
            number += 1
        out.append(given)
    return out


def numbered(groups: Sequence[Sequence[str]]) -> list[str]:
    """``s1``, ``s2``, ... in group order: the ids of a comparison with nothing kept."""
    return [f"s{i}" for i in range(1, len(groups) + 1)]


def _sort_key(sid: str) -> tuple[int, str]:
    m = _NUMBERED.fullmatch(sid)
    return (int(m.group(1)) if m else 1 << 62, sid)
