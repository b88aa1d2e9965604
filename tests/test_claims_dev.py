"""Gate over the claims dev set (tests/fixtures/claims_dev): grouping and dispute detection of ``compare``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from newstrace.link.compare import compare
from newstrace.pipeline import Analyzer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import dev_gate  # noqa: E402
from dev_sets import analyze_articles  # noqa: E402
from score_claims import score  # noqa: E402

DEV = HERE / "fixtures" / "claims_dev"


def _articles() -> list[dict[str, Any]]:
    return [json.loads(x) for x in (DEV / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.mark.slow
def test_claims_dev_gate(analyzer: Analyzer) -> None:
    articles = _articles()
    analyses = analyze_articles(analyzer, articles)
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    metrics = score(compare(analyses).to_dict(), articles, gold)
    dev_gate.check("claims", {k: metrics[k] for k in (
        "grouping_pairwise_f1", "differs_precision", "differs_recall", "updated_recall", "status_accuracy")})
