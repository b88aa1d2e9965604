"""Alerts: what changed between the last round's snapshot and this one's.

Five kinds, most important first:

- ``status_changed``: a claim group's status moved (``corroborated`` → ``differs`` when a new outlet gives
  an incompatible figure; ``single_source`` → ``corroborated`` when a second source confirms it; → ``updated``
  when a later value supersedes the earlier ones); the alert lists the members that are new since the last round;
- ``new_dispute``: a group that already differed has a new disputed member (another outlet's rival figure);
- ``new_update``: a measure already ``updated`` has a new latest value (a later day, or a new value on the
  latest day);
- ``new_story``: a story that was not there before, with its counts (articles, outlets, figure and statement
  groups, groups that differ, are updated or corroborated) — its claim groups are not announced one by one;
- ``new_claim``: a claim group that was not there before in a story that was (with its status: a new group
  can already differ).

The first comparison of a corpus (no snapshot yet: a new corpus, or a watch started on an existing one) is
therefore one line per story, not one alert per figure and statement.

Figure groups with a claim model are keyed by their measure (:func:`newstrace.watch.snapshot.measure_key`):
the linker regrouping the figures of a measure is no alert. A group whose key is new but that shares members
with a group of the last round that is gone (keys of an older version, a regrouping) is compared with that
group, not announced as new. A group that only gains members without changing status is not an alert.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from newstrace.watch.snapshot import ClaimSnap, MemberSnap, Snapshot, StorySnap

AlertKind = Literal["status_changed", "new_dispute", "new_update", "new_story", "new_claim"]
_ORDER = {"status_changed": 0, "new_dispute": 1, "new_update": 2, "new_story": 3, "new_claim": 4}


@dataclass(slots=True)
class Alert:
    kind: AlertKind
    key: str  #: the claim group's or the story's stable key (see :mod:`newstrace.watch.snapshot`)
    story: str | None = None  #: the story's key
    story_title: str | None = None
    claim_kind: str | None = None  #: quantity or statement
    subject: str | None = None
    status: str | None = None
    previous_status: str | None = None
    members: list[MemberSnap] = field(default_factory=list)
    new_members: list[MemberSnap] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  #: new_story: its articles
    counts: dict[str, int] = field(default_factory=dict)  #: new_story: see :func:`story_counts`
    round: int = 0
    at: str = ""  #: when the round ended, ISO 8601 UTC

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "round": self.round, "at": self.at, "key": self.key, "story": self.story,
            "story_title": self.story_title, "claim_kind": self.claim_kind, "subject": self.subject,
            "status": self.status, "previous_status": self.previous_status,
            "members": [m.to_dict() for m in self.members], "new_members": [m.to_dict() for m in self.new_members],
            "articles": list(self.articles), "counts": dict(self.counts),
        }

    def line(self) -> str:
        """One readable line."""
        where = f' · story "{self.story_title}"' if self.story_title else ""
        if self.kind == "new_story":
            return f'round {self.round}: new story "{self.story_title or self.key}" ({_counted(self)})'
        new = {m.ref for m in self.new_members}
        said = "; ".join(f"{text} ×{n}" if n > 1 else text
                         for text, n in Counter(_said(m, m.ref in new) for m in self.members).items())
        if self.kind == "status_changed":
            head = f"{self.status.upper() if self.status else '?'} (was {self.previous_status})"
        elif self.kind == "new_dispute":
            head = "NEW DISPUTE"
        elif self.kind == "new_update":
            head = "UPDATED"
        else:
            head = f"new {self.claim_kind or 'claim'} group, {self.status}"
        return f"round {self.round}: {head}: {self.subject} — {said}{where}"


def diff(previous: Snapshot, current: Snapshot) -> list[Alert]:
    """The alerts for going from ``previous`` to ``current`` (both keyed by ``take_snapshot``)."""
    alerts: list[Alert] = []
    first = not previous.stories and not previous.claims  # the first comparison: everything is new
    new_stories = {key for key in current.stories if key not in previous.stories}
    for key, story in current.stories.items():
        if key in new_stories:
            alerts.append(Alert("new_story", key, story=key, story_title=story.title, articles=list(story.articles),
                                counts=story_counts(story, current)))
    gone = {k: c for k, c in previous.claims.items() if k not in current.claims}
    for key, claim in current.claims.items():
        before = previous.claims.get(key) or _heir(claim, gone)
        if before is None:
            if not first and claim.story not in new_stories:  # else counted in its story's line
                alerts.append(_claim_alert("new_claim", claim, current.stories))
            continue
        new = [m for m in claim.members if m.ref not in before.refs]
        if before.status != claim.status:
            alert = _claim_alert("status_changed", claim, current.stories)
            alert.previous_status = before.status
        elif claim.status == "differs" and any(m.disputed for m in new):
            alert = _claim_alert("new_dispute", claim, current.stories)
        elif claim.status == "updated" and new and _latest(claim) != _latest(before):
            alert = _claim_alert("new_update", claim, current.stories)
        else:
            continue
        alert.new_members = new
        alerts.append(alert)
    alerts.sort(key=lambda a: _ORDER[a.kind])  # stable: within a kind, in the comparison's order
    return alerts


#: The statuses a new story's line counts, in this order.
_STATUSES = ("differs", "updated", "corroborated")


def story_counts(story: StorySnap, snapshot: Snapshot) -> dict[str, int]:
    """A story's articles, outlets, figure and statement groups, and groups by status (differs, updated,
    corroborated)."""
    claims = [c for c in snapshot.claims.values() if c.story == story.key]
    counts = {"articles": len(story.articles), "outlets": len(story.outlets),
              "figure_groups": sum(c.kind == "quantity" for c in claims),
              "statement_groups": sum(c.kind == "statement" for c in claims)}
    counts.update({s: sum(c.status == s for c in claims) for s in _STATUSES})
    return counts


def _counted(alert: Alert) -> str:
    """``2 articles, 2 outlets; 3 figure groups, 5 statement groups; 1 differs, 2 corroborated``."""
    c = alert.counts or {"articles": len(alert.articles)}

    def n(key: str, word: str) -> str:
        return f"{c.get(key, 0)} {word}{'s' * (c.get(key, 0) != 1)}"

    parts = [", ".join([n("articles", "article")] + ([n("outlets", "outlet")] if c.get("outlets") else []))]
    groups = [n(k, w) for k, w in (("figure_groups", "figure group"), ("statement_groups", "statement group"))
              if c.get(k)]
    if groups:
        parts.append(", ".join(groups))
    statuses = [f"{c[s]} {s}" for s in _STATUSES if c.get(s)]
    if statuses:
        parts.append(", ".join(statuses))
    return "; ".join(parts)


def _heir(claim: ClaimSnap, gone: dict[str, ClaimSnap]) -> ClaimSnap | None:
    """The group of the last round, no longer there under its key, that ``claim`` shares most members with."""
    best, overlap = None, 0
    for key, old in gone.items():
        n = len(claim.refs & old.refs) if old.kind == claim.kind else 0
        if n > overlap:
            best, overlap = key, n
    return gone.pop(best) if best is not None else None


def _latest(claim: ClaimSnap) -> tuple[str, tuple[float | int | None, ...]]:
    """The latest day of a group and its values on that day."""
    days = [m.date or "" for m in claim.members]
    last = max(days, default="")
    return last, tuple(sorted({m.value for m in claim.members if (m.date or "") == last and m.value is not None}))


def _claim_alert(kind: AlertKind, claim: ClaimSnap, stories: dict[str, StorySnap]) -> Alert:
    story = stories.get(claim.story) if claim.story else None
    return Alert(kind, claim.key, story=claim.story, story_title=story.title if story else None,
                 claim_kind=claim.kind, subject=claim.subject, status=claim.status, members=list(claim.members))


def _said(m: MemberSnap, new: bool) -> str:
    return f'{m.outlet or m.article} "{m.text}"' + (" (new)" if new else "")
