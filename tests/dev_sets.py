"""Shared reading of the hand-annotated dev sets in ``fixtures/`` (one JSON object a line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_dev(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_spans(text: str, items: list[dict[str, Any]]) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """Gold items with their character spans: the first occurrence of each text after the previous one's start."""
    pos: dict[str, int] = {}
    for g in items:
        start = text.index(g["text"], pos.get(g["text"], 0))
        pos[g["text"]] = start + 1
        yield start, start + len(g["text"]), g


def analyze_articles(analyzer: Any, articles: list[dict[str, Any]]) -> list[Any]:
    """The analyses of a dev set's input records (id, text, published, source, url, title), in order; every
    article must be analyzed (a failure is a test failure, with its reason)."""
    from newstrace.records import Analysis, InputRecord

    records = [
        InputRecord(text=d["text"], id=d.get("id"), published=d.get("published"), source=d.get("source"),
                    url=d.get("url"), title=d.get("title"))
        for d in articles
    ]
    out = list(analyzer.analyze_records(records))
    failed = [r for r in out if not isinstance(r, Analysis)]
    assert not failed, failed
    return out
