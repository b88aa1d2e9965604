"""Throughput of ``analyze`` against bare spaCy ``nlp.pipe`` on the same texts, in the same run.

    python benchmarks/throughput.py [--articles 300] [--workers 1 2]

Prints articles/s for bare spaCy (the same pipeline, without newstrace's component and extractors) and for
newstrace's full pipeline, and their ratio, for each worker count; then the share of time each extractor
adds over the parse, measured on already-parsed documents.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from corpus import make_articles
from newstrace.engines import LocalEngine
from newstrace.extract.entities import extract_entities
from newstrace.extract.published import infer_published
from newstrace.extract.quantities import extract_quantities
from newstrace.extract.quotes import extract_quotes
from newstrace.extract.times import extract_times
from newstrace.nlp.model import load_pipeline
from newstrace.nlp.ruler import COMPONENT
from newstrace.pipeline import BATCH_SIZE
from newstrace.records import InputRecord


def bare_rate(texts: list[str], workers: int) -> float:
    nlp = load_pipeline()
    with nlp.select_pipes(disable=[COMPONENT]):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=workers):
            pass
        return len(texts) / (time.perf_counter() - t0)


def newstrace_rate(records: list[dict[str, str]], workers: int) -> float:
    t0 = time.perf_counter()
    n = sum(1 for _ in LocalEngine(workers=workers).run(InputRecord(**r) for r in records))
    return n / (time.perf_counter() - t0)


def stage_shares(texts: list[str]) -> dict[str, float]:
    """Seconds each newstrace stage adds, as a share of the bare parse time of the same texts."""
    nlp = load_pipeline()
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=BATCH_SIZE, disable=[COMPONENT]))
    parse = time.perf_counter() - t0
    timings: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any], *columns: list[Any]) -> list[Any]:
        t = time.perf_counter()
        out = [fn(*args) for args in zip(*columns, strict=True)]
        timings[name] = time.perf_counter() - t
        return out

    ruler = nlp.get_pipe(COMPONENT)
    docs = timed("gazetteer", ruler, docs)
    ents = timed("entities", extract_entities, docs)
    quotes = timed("quotes", extract_quotes, docs, ents)
    times = timed("times", lambda d: extract_times(d, "2026-03-04"), docs)
    timed("quantities", extract_quantities, docs, quotes, times)
    timed("published", lambda d: infer_published(d.text), docs)
    return {k: v / parse for k, v in timings.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    a = ap.parse_args()
    records = make_articles(a.articles)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words / len(texts):.0f} words each, model {load_pipeline().meta['name']}")
    bare_rate(texts[:20], 1)  # warm-up
    print(f"{'workers':>7} {'bare spaCy art/s':>17} {'newstrace art/s':>16} {'ratio':>6}")
    for w in a.workers:
        bare = bare_rate(texts, w)
        ours = newstrace_rate(records, w)
        print(f"{w:>7} {bare:>17.1f} {ours:>16.1f} {ours / bare:>6.2f}")
    print("\nextra time per stage, as a share of the bare parse (1 process):")
    for name, share in stage_shares(texts).items():
        print(f"  {name:<11} {share:6.1%}")


if __name__ == "__main__":
    main()
