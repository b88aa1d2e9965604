"""What the watcher remembers of a comparison between rounds: stories and claim groups under stable keys.

``compare`` numbers stories and claim groups per run (``s1``, ``c7``): the numbers shift whenever an
article arrives. Between rounds a group must keep its identity, so each gets a key made of things that do
not change when members join:

- a claim group: its kind and its earliest member, ``quantity:ARTICLE@START`` (article ids are stable in the
  store, offsets are into the stored text, and "earliest" is in ingest order, so members that arrive later
  never change it). The subject is shown but not part of the key: it is a majority vote over the members'
  wording and may change as members join.
- a figure group with a claim model (a measure): ``measure:STORY|MEASURE|SCOPE|EVENT|ESTIMATE|UNIT``, the
  story's key and what the figures measure (:mod:`newstrace.extract.claim_model`), so the group keeps its key
  however the linker regroups its members, and a watch alerts on what happens to a measure (a new dispute, a
  new value of a count that is updated), not on a regrouping; two groups of one story with one such key (a
  magnitude split) fall back to the member key;
- a story: ``story:ARTICLE`` of its earliest article.

When the earliest member is no longer in the group (the linker regrouped, an article was reanalyzed), the
group inherits the key of the previous round's group of the same kind it shares the most members with,
unless that key is taken; only a group sharing nothing with the previous round is new.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from newstrace.link.results import Claim, Comparison

#: Statement members are shown cut to this many characters.
TEXT_LIMIT = 160


@dataclass(slots=True)
class MemberSnap:
    article: str
    start: int
    end: int
    text: str
    outlet: str | None = None
    value: float | int | None = None
    qualifier: str | None = None
    disputed: bool = False  #: its value conflicts with another source's (the link stage's ``disputed``)
    date: str | None = None  #: the day its value holds for

    @property
    def ref(self) -> tuple[str, int]:
        return (self.article, self.start)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ClaimSnap:
    key: str
    kind: str
    subject: str
    status: str
    story: str | None
    members: list[MemberSnap] = field(default_factory=list)

    @property
    def refs(self) -> set[tuple[str, int]]:
        return {m.ref for m in self.members}


@dataclass(slots=True)
class StorySnap:
    key: str
    title: str | None
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  #: of this comparison only (not kept between rounds)


@dataclass(slots=True)
class Snapshot:
    stories: dict[str, StorySnap] = field(default_factory=dict)
    claims: dict[str, ClaimSnap] = field(default_factory=dict)


def take_snapshot(comparison: Comparison, previous: Snapshot | None = None) -> Snapshot:
    """The stories and claim groups of ``comparison`` under keys that carry over from ``previous``.

    ``comparison`` must list its articles in ingest order (``compare(corpus.analyses())`` does).
    """
    previous = previous or Snapshot()
    order = {a.id: i for i, a in enumerate(comparison.articles)}
    far = len(order)

    stories = [(f"story:{min(s.articles, key=lambda a: order.get(a, far))}", set(s.articles), s) for s in
               comparison.stories if s.articles]
    story_keys = carry_keys(
        [(primary, refs) for primary, refs, _ in stories],
        {k: set(s.articles) for k, s in previous.stories.items()},
    )
    snap = Snapshot()
    key_of_story: dict[str, str] = {}
    source = {a.id: a.source for a in comparison.articles}
    for key, (_, _, story) in zip(story_keys, stories, strict=True):
        key_of_story[story.id] = key
        outlets = sorted({s for a in story.articles if (s := source.get(a))})
        snap.stories[key] = StorySnap(key, story.title, list(story.articles), outlets)

    claims = [c for c in comparison.claims if c.members]
    members = [_members(c) for c in claims]
    primaries = []
    for claim, ms in zip(claims, members, strict=True):
        first = min(ms, key=lambda m: (order.get(m.article, far), m.start))
        primaries.append((f"{claim.kind}:{first.article}@{first.start}", {m.ref for m in ms}))
    claim_keys = carry_keys(primaries, {k: c.refs for k, c in previous.claims.items()})
    # a group of one measure is known by the measure: story, measure, scope, event, estimate, unit
    measured = [measure_key(c, key_of_story.get(c.story) if c.story else None) for c in claims]
    seen = Counter(k for k in measured if k is not None)
    claim_keys = [m if m is not None and seen[m] == 1 else k for m, k in zip(measured, claim_keys, strict=True)]
    for key, claim, ms in zip(claim_keys, claims, members, strict=True):
        story_key = key_of_story.get(claim.story) if claim.story else None
        snap.claims[key] = ClaimSnap(key, claim.kind, claim.subject, claim.status, story_key, ms)
    return snap


def measure_key(claim: Claim, story: str | None) -> str | None:
    """``measure:STORY|MEASURE|SCOPE|EVENT|ESTIMATE|UNIT`` of a figure group with a claim model, else None."""
    if claim.kind != "quantity" or not claim.measure:
        return None
    unit = next((m.unit for m in claim.members if m.unit), "") or ""
    parts = [story or "", claim.measure, (claim.scope or "").lower(), (claim.event or "").lower(),
             "estimate" if claim.estimate else "", unit]
    return "measure:" + "|".join(parts)


def carry_keys(current: list[tuple[str, set[Any]]], previous: dict[str, set[Any]]) -> list[str]:
    """A key for each ``(primary key, members)`` of ``current``: its primary key when the previous round
    knew it; else the unclaimed previous key of the same kind (the part before ``:``) sharing the most
    members; else its primary key (a new group)."""
    keys: list[str | None] = [p if p in previous else None for p, _ in current]
    taken = {k for k in keys if k is not None}
    for i, (primary, refs) in enumerate(current):
        if keys[i] is not None:
            continue
        kind = primary.split(":", 1)[0]
        best, overlap = None, 0
        for old, old_refs in previous.items():
            if old in taken or old.split(":", 1)[0] != kind:
                continue
            n = len(refs & old_refs)
            if n > overlap:
                best, overlap = old, n
        key = best or primary
        n = 1
        while key in taken:  # two groups with one earliest member: cannot happen with compare's groups
            n += 1
            key = f"{primary}#{n}"
        keys[i] = key
        taken.add(key)
    return [k or p for k, (p, _) in zip(keys, current, strict=True)]


def _members(claim: Claim) -> list[MemberSnap]:
    out = []
    for m in claim.members:
        text = m.text if len(m.text) <= TEXT_LIMIT else m.text[: TEXT_LIMIT - 1].rstrip() + "…"
        out.append(MemberSnap(m.article, m.start, m.end, text, m.outlet, m.value, m.qualifier, m.disputed, m.date))
    return out
