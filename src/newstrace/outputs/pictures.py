"""The pictures of one story, from a comparison: what :mod:`newstrace.outputs.charts` draws, gathered here once
for the web UI's story page and the HTML report (the same SVG in both)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from newstrace.link.results import Claim, ClaimMember, Comparison, Story
from newstrace.outputs.charts import (
    Coverage,
    Place,
    Point,
    coverage_timeline,
    figure_series,
    outlet_bar,
    place_map,
    sparkline,
)
from newstrace.outputs.geo import coordinates

PLACE_TYPES = {"GPE", "LOC", "FAC"}


@dataclass(slots=True)
class StoryPictures:
    figures: dict[str, Markup] = field(default_factory=dict)  #: claim id → its values over time
    coverage: Markup = field(default_factory=Markup)
    map: Markup = field(default_factory=Markup)
    unplaced: list[str] = field(default_factory=list)  #: places named but not on the map (no coordinates)


def claim_points(claim: Claim, label: Callable[[ClaimMember], str]) -> list[Point]:
    """A claim group's figures as chart points: a range shows its ends, a bound or an estimate its value."""
    latest = max((m.date or "" for m in claim.members), default="") if claim.status == "updated" else ""
    out = []
    for m in claim.members:
        if m.value is None:
            continue
        high = m.high if m.qualifier == "range" and m.high is not None else m.value
        out.append(Point(m.date, m.outlet or m.article, float(m.value), float(high), label(m) or m.text,
                         m.disputed, bool(latest) and (m.date or "") == latest))
    return out


def story_coverage(story: Story, comparison: Comparison) -> list[Coverage]:
    refs = [a for a in comparison.articles if a.story == story.id or a.id in set(story.articles)]
    cites: dict[str, list[str]] = defaultdict(list)
    ids = {r.id for r in refs}
    for c in comparison.citations:
        if c.article in ids:
            cites[c.article].append(c.cited)
    rows: dict[str, Coverage] = {}
    copies: dict[str, bool] = {}
    for r in refs:
        name = r.source or r.id
        row = rows.setdefault(name, Coverage(name, []))
        row.published.append(r.published)
        row.cites = list(dict.fromkeys([*row.cites, *cites.get(r.id, [])]))
        copies[name] = copies.get(name, True) and bool(r.duplicate_of)
    for name, row in rows.items():
        row.copies = copies[name]
    return list(rows.values())


def story_places(story: Story, comparison: Comparison) -> tuple[list[Place], list[str]]:
    """The story's places with coordinates and how often its articles name them; and the names left off."""
    ids = set(story.articles)
    placed, unplaced = [], []
    for e in comparison.entities:
        if e.type not in PLACE_TYPES:
            continue
        count = 0
        for m in e.mentions:
            if m.article not in ids:
                continue
            a = comparison.analyses.get(m.article)
            local = next((x for x in a.entities if x.id == m.entity), None) if a else None
            count += len(local.mentions) if local is not None and local.mentions else 1
        if not count:
            continue
        where = coordinates(e.name, e.iso) if e.iso else None
        if where is None:
            unplaced.append(e.name)
        else:
            placed.append(Place(e.name, where[0], where[1], count))
    return _merge(placed), unplaced


def _merge(places: list[Place]) -> list[Place]:
    """Places at the same point (a port and its city) drawn once, under the most named name."""
    at: dict[tuple[float, float], list[Place]] = defaultdict(list)
    for p in places:
        at[(round(p.lat, 2), round(p.lon, 2))].append(p)
    out = []
    for group in at.values():
        top = max(group, key=lambda p: p.count)
        out.append(Place(top.name, top.lat, top.lon, sum(p.count for p in group)))
    return out


def story_pictures(story: Story, comparison: Comparison, label: Callable[[ClaimMember], str]) -> StoryPictures:
    pics = StoryPictures()
    for c in comparison.claims:
        if c.story == story.id and c.kind == "quantity":
            svg = figure_series(claim_points(c, label), c.subject, updated=c.status == "updated")
            if svg:
                pics.figures[c.id] = svg
    pics.coverage = coverage_timeline(story_coverage(story, comparison))
    places, pics.unplaced = story_places(story, comparison)
    pics.map = place_map(places)
    return pics


def list_pictures(story: Story, comparison: Comparison) -> tuple[Markup, Markup]:
    """The stories list's pictures of one story: articles per day (sparkline) and its outlets (a bar)."""
    ids = set(story.articles)
    refs = [a for a in comparison.articles if a.id in ids]
    outlets = Counter(r.source or r.id for r in refs)
    return sparkline([r.published for r in refs]), outlet_bar(outlets.most_common())


