"""Synthetic benchmark corpora, made by recombining the sentences of our own sample articles."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")


def sample_sentences() -> list[str]:
    sentences: list[str] = []
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text = json.loads(line)["text"]
            sentences += [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 20]
    return sentences


def make_articles(n: int, sentences_per_article: int = 14, seed: int = 7) -> list[dict[str, str]]:
    """``n`` input records of ``sentences_per_article`` sentences each, reproducible for a given seed."""
    rng = random.Random(seed)
    pool = sample_sentences()
    out = []
    for i in range(n):
        paras = rng.sample(pool, min(sentences_per_article, len(pool)))
        text = "\n".join(paras)
        out.append({"id": f"bench-{i}", "text": text, "published": "2026-03-04", "source": f"Outlet {i % 9}"})
    return out
