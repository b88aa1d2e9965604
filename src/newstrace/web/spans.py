"""Highlighted spans of an article, as a tree of properly nested pieces built from character offsets.

Facts overlap: a figure sits inside a quote, a place inside a figure's sentence, and sometimes two spans
cross ("[said Marta [Kowalczyk] on Tuesday]" is nested; "[at least 14] crew [members" ... "]" crosses).
HTML elements can only nest, so each mark that crosses the end of the mark it starts in is split there: its
first piece nests inside, the rest is placed again after it. Every piece of a mark keeps the mark, so the
page can treat the pieces as one record. The text of the tree, read in order, is the article text exactly.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_ATTR = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(slots=True)
class Mark:
    """A span to highlight: ``kind`` (a CSS class suffix), ``rank`` (smaller is outer when two marks cover
    the same span), the record's fields (``data-f-*`` attributes), and ids for the page."""

    start: int
    end: int
    kind: str
    rank: int = 5
    fields: dict[str, str] = field(default_factory=dict)  #: shown in the details panel, in this order
    rec: str = ""  #: the record's id on the page, shared by all its pieces
    anchor: str = ""  #: the id of its first piece (a link target such as ``quote-27-212``)
    css: str = ""  #: further CSS classes (a speaker's colour)
    href: str = ""  #: a page of the UI about this record (an entity page), relative to the server
    link: str = ""  #: the words of that link ("About Marta Kowalczyk")

    def __post_init__(self) -> None:
        for name in self.fields:
            if not _ATTR.fullmatch(name):
                raise ValueError(f"field names become HTML attribute names; {name!r} is not one")


@dataclass(slots=True)
class Node:
    """A piece of a mark with its children, or (``mark`` None) plain text."""

    start: int
    end: int
    mark: Mark | None = None
    first: bool = True  #: the first piece of its mark
    text: str = ""
    children: list[Node] = field(default_factory=list)


def paragraphs(text: str, rank: int = 0) -> Iterator[Mark]:
    """A mark of kind ``para`` for each non-blank line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield Mark(pos, pos + len(line), "para", rank)
        pos += len(line) + 1


def build(text: str, marks: Iterable[Mark]) -> list[Node]:
    """The top-level nodes of ``text`` with ``marks`` nested (marks outside the text or empty are left out)."""
    order = itertools.count()
    heap: list[tuple[int, int, int, int, Mark, bool]] = [
        (m.start, -m.end, m.rank, next(order), m, True) for m in marks if 0 <= m.start < m.end <= len(text)
    ]
    heapq.heapify(heap)
    root = Node(0, len(text))
    stack = [root]
    while heap:
        start, neg_end, rank, _, mark, first = heapq.heappop(heap)
        end = -neg_end
        while len(stack) > 1 and stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if end > parent.end:  # crosses its parent's end: the rest goes after the parent
            heapq.heappush(heap, (parent.end, -end, rank, next(order), mark, False))
            end = parent.end
        node = Node(start, end, mark, first)
        parent.children.append(node)
        stack.append(node)
    _fill(root, text)
    return root.children


def _fill(node: Node, text: str) -> None:
    """Put the plain text between the children of ``node`` (and of theirs) into text nodes."""
    out: list[Node] = []
    pos = node.start
    for child in node.children:
        if child.start > pos:
            out.append(Node(pos, child.start, text=text[pos : child.start]))
        _fill(child, text)
        out.append(child)
        pos = child.end
    if node.end > pos:
        out.append(Node(pos, node.end, text=text[pos : node.end]))
    node.children = out


def plain_text(nodes: Iterable[Node]) -> str:
    """The text of a tree, in order (equal to the article text for the whole tree)."""
    return "".join(n.text if n.mark is None else plain_text(n.children) for n in nodes)
