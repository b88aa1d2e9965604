"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from newstrace.nlp.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyzer(nlp):  # type: ignore[no-untyped-def]
    from newstrace.pipeline import Analyzer

    return Analyzer(nlp=nlp)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared (the evaluation kit) is not beside the checkout")
    return SHARED
