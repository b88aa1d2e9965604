"""The citation graph of a story as a picture: the story's outlets on the left, the outlets and sources
they cite (and the originals that copies reproduce) on the right, one edge per citing pair. Only the layout
is computed here (coordinates and SVG path data, all numbers); the template draws it as inline SVG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newstrace.link.common import fold
from newstrace.link.results import ArticleRef, Citation
from newstrace.web.format import clip
from newstrace.web.urls import article_url

ROW = 44  #: px between nodes of a column
TOP = 28
WIDTH = 760
LEFT_X = 262  #: x of the articles' dots (labels end left of it)
RIGHT_X = 498  #: x of the cited sources' dots (labels start right of it)
LABEL_CHARS = 30
COPY_BOW = 22  #: px a copy edge's curve bends below the straight course


@dataclass(slots=True)
class GraphNode:
    key: str
    label: str
    title: str
    x: int
    y: int
    side: str  #: "article" or "cited"
    href: str = ""
    in_story: bool = False  #: a cited outlet with an article in this story


@dataclass(slots=True)
class GraphEdge:
    path: str
    kind: str  #: "cites" or "copy"
    count: int
    title: str
    width: float = 1.5


@dataclass(slots=True)
class Graph:
    width: int
    height: int
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.edges


def citation_graph(refs: Sequence[ArticleRef], citations: Sequence[Citation],
                   articles: dict[str, ArticleRef]) -> Graph:
    """The graph of ``refs`` (a story's articles, one node per outlet) citing others; ``articles`` resolves
    copies' originals."""
    ids = {r.id for r in refs}
    outlet = {r.id: fold(r.source) if r.source else r.id for r in refs}
    left: dict[str, list[ArticleRef]] = {}  # outlet key → its articles, every outlet (those citing no one too)
    for r in refs:
        left.setdefault(outlet[r.id], []).append(r)
    pairs: Counter[tuple[str, str, str]] = Counter()  # (outlet key, cited key, kind)
    cited: dict[str, tuple[str, str]] = {}  # key → (label, article of the story from that outlet or "")
    examples: dict[tuple[str, str, str], list[str]] = {}
    for c in citations:
        if c.article not in ids:
            continue
        key = fold(c.cited) or c.cited
        home = next((a for a in c.cited_articles if a in ids), "")
        if key not in cited or (home and not cited[key][1]):
            cited[key] = (c.cited, home)
        pairs[(outlet[c.article], key, "cites")] += 1
        examples.setdefault((outlet[c.article], key, "cites"), []).append(c.text)
    for r in refs:
        original = articles.get(r.duplicate_of or "")
        if original is None:
            continue
        label = original.source or original.id
        key = fold(label) or label
        if key not in cited or (original.id in ids and not cited[key][1]):
            cited[key] = (label, original.id if original.id in ids else "")
        pairs[(outlet[r.id], key, "copy")] += 1
    if not pairs:
        return Graph(WIDTH, 0)

    right = sorted(cited, key=lambda k: (-sum(n for p, n in pairs.items() if p[1] == k), cited[k][0].casefold()))
    rows = max(len(left), len(right))
    height = TOP * 2 + (rows - 1) * ROW

    def ys(n: int) -> list[int]:
        offset = TOP + (rows - n) * ROW // 2
        return [offset + i * ROW for i in range(n)]

    nodes: dict[tuple[str, str], GraphNode] = {}
    for (key, rs), y in zip(left.items(), ys(len(left)), strict=True):
        label = rs[0].source or rs[0].id
        title = " · ".join(x for x in (label, rs[0].published, rs[0].title) if x) if len(rs) == 1 else (
            f"{label} · {len(rs)} articles")
        nodes[("article", key)] = GraphNode(key, clip(label, LABEL_CHARS), title, LEFT_X, y, "article",
                                            article_url(rs[0].id) if len(rs) == 1 else "")
    for key, y in zip(right, ys(len(right)), strict=True):
        label, home = cited[key]
        nodes[("cited", key)] = GraphNode(key, clip(label, LABEL_CHARS), label, RIGHT_X, y, "cited",
                                          article_url(home) if home else "", bool(home))
    edges = []
    for (source, key, kind), n in pairs.items():
        a, b = nodes[("article", source)], nodes[("cited", key)]
        mid = (a.x + b.x) // 2
        bow = COPY_BOW if kind == "copy" else 0  # a copy edge beside a citation edge of the same pair
        src = a.title.split(" · ")[0]
        if kind == "copy":
            title = f"{src} copies {cited[key][0]}" + (f" ({n} articles)" if n > 1 else "")
        else:
            said = "; ".join(f"“{t}”" for t in examples.get((source, key, kind), [])[:3])
            title = f"{src} cites {cited[key][0]} ({n}×): {said}"
        edges.append(GraphEdge(f"M {a.x} {a.y} C {mid} {a.y + bow}, {mid} {b.y + bow}, {b.x} {b.y}", kind, n, title,
                               min(1.5 + n, 5.0)))
    return Graph(WIDTH, height, list(nodes.values()), edges)
