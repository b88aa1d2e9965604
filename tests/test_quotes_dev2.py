"""Evaluation gate: quotes on the second dev set (tests/fixtures/quotes_dev2, see fixtures/dev2_README.md).

Nineteen articles in styles the first set lacks (live blogs, embedded posts, press conferences and Q&A
transcripts, agency statistics releases, court reports), scored like ``quotes_dev`` by the kit's score.py
and by :func:`test_quotes_dev.content_speaker_f1`; floors are the ``quotes2`` entry of
``fixtures/dev_floors.json``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import dev_gate
from newstrace.pipeline import Analyzer
from test_quotes_dev import check_gold_keys, measure_quote_set

DEV = Path(__file__).parent / "fixtures" / "quotes_dev2"


@pytest.fixture(scope="module")
def measured(analyzer: Analyzer, shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    return measure_quote_set(analyzer, shared, DEV, tmp_path_factory.mktemp("quotes_dev2") / "pred.jsonl")


def test_quotes_dev2_gate(measured: dict[str, float]) -> None:
    dev_gate.check("quotes2", measured)


def test_dev2_gold_keys_are_in_their_articles() -> None:
    check_gold_keys(DEV)
