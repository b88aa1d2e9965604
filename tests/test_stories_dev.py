"""Evaluation gate: story grouping on the stories dev set (tests/fixtures/stories_dev), scored by
``score_stories.py``: pairwise and B-cubed precision, recall and F1 of the stories ``compare`` finds.
Floors live in ``fixtures/dev_floors.json`` (see ``dev_gate.py``), under "stories".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dev_gate
from dev_sets import analyze_articles, load_dev
from newstrace.link.compare import compare
from newstrace.pipeline import Analyzer
from newstrace.records import Analysis
from score_stories import predicted_clusters, score

DEV = Path(__file__).parent / "fixtures" / "stories_dev"
METRICS = ("story_pairwise_precision", "story_pairwise_recall", "story_pairwise_f1", "story_bcubed_precision",
           "story_bcubed_recall", "story_bcubed_f1")


@pytest.fixture(scope="module")
def analyses(analyzer: Analyzer) -> list[Analysis]:
    return analyze_articles(analyzer, load_dev(DEV / "articles.jsonl"))


def test_stories_dev_gate(analyses: list[Analysis]) -> None:
    comparison = compare(analyses).to_dict()
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    metrics = score(comparison, [a.to_dict() for a in analyses], gold)
    predicted = predicted_clusters(comparison, list(gold["stories"]))
    wrong = sorted(
        f"{x} ({gold['stories'][x]}) ~ {y} ({gold['stories'][y]})"
        for x in gold["stories"] for y in gold["stories"]
        if x < y and (predicted[x] == predicted[y]) != (gold["stories"][x] == gold["stories"][y])
    )
    dev_gate.check("stories", {m: metrics[m] for m in METRICS}, "pairs scored wrong:\n" + "\n".join(wrong))
