"""Cost of adding articles to a stored corpus, with their stories assigned and linked, by corpus size.

    python benchmarks/ingest_link.py [--sizes 10000 100000] [--add 1000] [--round 100] [--seed 7] [--dask]

For each size N, in a fresh process: synthetic analyses (``benchmarks/link.py``, no spaCy) for N + ``add``
articles; the first N are stored in a new corpus with their stories (the batch grouping, kept as ``relink``
keeps it, and the story index rebuilt from it); then the last ``add`` are stored the way an ingest stores
analyzed articles (``corpus.ingest.ingest_items`` with results computed elsewhere), in batches of 32, each one
joining its nearest kept story in the transaction that stores it. Prints the CPU milliseconds per added
article for the story assignment alone and for the whole store step, and the ratio between the sizes (about
1 when the cost per article does not grow with the corpus), and how well the added articles were grouped:
pairwise F1 against the generated stories over the pairs with at least one added article.

Then the linking kept in the corpus (``corpus/links.py``): the base corpus's stories are all linked first
(the time of a full link of every story, as ``relink`` does after re-clustering; with ``--dask`` also on a
local Dask cluster of 2 workers); the ``add`` articles' stories are linked after they are stored (CPU ms per
added article, and the peak of Python memory the step allocates, by ``tracemalloc``); and a ``watch`` round of
``round`` new articles is timed whole: store, link the touched stories, read their comparison and take the
round's snapshot.

Not counted: building the corpus. The base articles here are stored without a MinHash signature, so the
near-duplicate lookup finds no candidates; its cost by corpus size is ``benchmarks/near_duplicates_store.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import newstrace.corpus.ingest as ingest
from link import make_analyses
from newstrace.corpus import links as kept_links
from newstrace.corpus.corpus import Corpus
from newstrace.corpus.story_index import rebuild
from newstrace.engines.dask import DaskEngine
from newstrace.link.stories import group_stories
from newstrace.records import Analysis
from newstrace.store.rows import insert_article, text_hash
from newstrace.store.transactions import transaction
from newstrace.watch.snapshot import take_snapshot


def build(corpus: Corpus, base: list[Analysis]) -> None:
    """Store ``base`` with its stories kept and indexed, as a ``relink`` leaves a corpus."""
    conn = corpus.conn
    seen: set[str] = set()
    base = [a for a in base if not (text_hash(a.text) in seen or seen.add(text_hash(a.text)))]  # copies: skipped
    groups = group_stories(base)
    story_of = {aid: f"s{k}" for k, g in enumerate(groups, 1) for aid in g}
    with transaction(conn):
        for a in base:
            insert_article(conn, a, hash=text_hash(a.text), minhash=None, duplicate_of=None, location=None)
        conn.executemany("INSERT INTO stories (id, created_at, updated_at) VALUES (?, 'x', 'x')",
                         [(f"s{k}",) for k in range(1, len(groups) + 1)])
        conn.executemany("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)", story_of.items())
        rebuild(conn, base, story_of)
        conn.execute("INSERT OR IGNORE INTO stale_stories (story_id) SELECT id FROM stories")  # linked next


def run_one(n: int, add: int, seed: int, watch_n: int = 100, dask: bool = False) -> dict[str, object]:
    analyses = make_analyses(n + add + watch_n, seed)
    base, added, watch = analyses[:n], analyses[n : n + add], analyses[n + add :]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Corpus(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        build(corpus, base)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        corpus.link()
        base_links = time.perf_counter() - t0
        spent = [0.0]
        assign = ingest.add_to_story

        def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
            c = time.process_time()
            try:
                return assign(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - c

        ingest.add_to_story = timed
        c0, t0 = time.process_time(), time.perf_counter()
        report = ingest.ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"bench:{a.id}") for a in added],
                                     batch_size=32)
        cpu, wall = time.process_time() - c0, time.perf_counter() - t0
        ingest.add_to_story = assign
        stories = corpus.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        f1 = added_pairs_f1(corpus.kept_stories(), analyses, {a.id for a in added})
        k = max(report.added, 1)  # the same text twice is stored once
        out = {"stored": n, "added": report.added, "build_s": built, "store_cpu_ms": 1000 * cpu / k,
               "store_wall_ms": 1000 * wall / k, "assign_cpu_ms": 1000 * spent[0] / k, "stories": stories,
               "added_f1": f1}
        out.update(_linking(corpus, base_links, k, watch, dask))
        corpus.close()
    return out


def _linking(corpus: Corpus, base_links: float, added: int, watch: list[Analysis], dask: bool) -> dict[str, float]:
    """Link the added articles' stories (time, Python memory peak), then one watch round of ``watch``."""
    tracemalloc.start()
    c0 = time.process_time()
    touched = corpus.link()
    link_cpu = time.process_time() - c0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    c0 = time.process_time()
    ingest.ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"bench:{a.id}") for a in watch], batch_size=32)
    round_stories = corpus.link()
    take_snapshot(corpus.compare(round_stories))
    round_cpu = time.process_time() - c0
    out = {"full_link_s": base_links, "link_cpu_ms": 1000 * link_cpu / added, "link_peak_mb": peak / 2**20,
           "touched": len(touched), "round_cpu_s": round_cpu, "round_stories": len(round_stories)}
    if dask:
        mark_all_stale(corpus)
        t0 = time.perf_counter()
        corpus.link(DaskEngine(workers=2))
        out["full_link_dask_s"] = time.perf_counter() - t0
    return out


def mark_all_stale(corpus: Corpus) -> None:
    with transaction(corpus.conn):
        kept_links.clear(corpus.conn)


def added_pairs_f1(kept: dict[str, list[str]], analyses: list[Analysis], added: set[str]) -> float:
    """Pairwise F1 of the kept stories against the generated ones (an article's day and organisation),
    over the pairs with at least one added article."""
    truth = {a.id: (a.published, next((e.name for e in a.entities if e.id == "o1"), a.id)) for a in analyses}

    def pairs(cells: Counter[tuple[object, ...]], new: Counter[tuple[object, ...]]) -> int:
        return sum(k * (k - 1) // 2 - (k - new[c]) * (k - new[c] - 1) // 2 for c, k in cells.items())

    members = [(sid, a) for sid, arts in kept.items() for a in arts]
    counts: dict[str, tuple[Counter[tuple[object, ...]], Counter[tuple[object, ...]]]] = {
        k: (Counter(), Counter()) for k in ("pred", "gold", "both")}
    for sid, a in members:
        for name, key in (("pred", (sid,)), ("gold", (truth[a],)), ("both", (sid, truth[a]))):
            cells, new = counts[name]
            cells[key] += 1
            new[key] += a in added
    tp, p, g = (pairs(*counts[k]) for k in ("both", "pred", "gold"))
    precision, recall = tp / p if p else 1.0, tp / g if g else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--round", type=int, default=100, help="new articles in the watch round")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dask", action="store_true", help="also link every story on a local Dask cluster")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.add, a.seed, a.round, a.dask)))
        return
    rows = []
    for n in a.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--add", str(a.add), "--seed", str(a.seed),
                              "--round", str(a.round), *(["--dask"] if a.dask else [])],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print(f"{'stored':>9} {'added':>6} {'build s':>8} {'assign ms/art':>14} {'store ms/art':>13} {'wall ms/art':>12} "
          f"{'stories':>8} {'added F1':>9}")
    for r in rows:
        print(f"{r['stored']:>9,} {r['added']:>6,} {r['build_s']:>8.1f} {r['assign_cpu_ms']:>14.2f} "
              f"{r['store_cpu_ms']:>13.2f} {r['store_wall_ms']:>12.2f} {r['stories']:>8,} {r['added_f1']:>9.3f}")
    print(f"\n{'stored':>9} {'full link s':>12} {'link ms/art':>12} {'link peak MB':>13} {'touched':>8} "
          f"{'round s':>8}" + (f" {'full link dask s':>17}" if a.dask else ""))
    for r in rows:
        print(f"{r['stored']:>9,} {r['full_link_s']:>12.1f} {r['link_cpu_ms']:>12.2f} {r['link_peak_mb']:>13.1f} "
              f"{r['touched']:>8,} {r['round_cpu_s']:>8.2f}" + (f" {r['full_link_dask_s']:>17.1f}" if a.dask else ""))
    first = rows[0]
    for r in rows[1:]:
        print(f"per added article, {r['stored']:,} stored vs {first['stored']:,}: linking CPU "
              f"x{r['link_cpu_ms'] / first['link_cpu_ms']:.2f}; "
              f"watch round x{r['round_cpu_s'] / first['round_cpu_s']:.2f}")
        print(f"\nper added article, {r['stored']:,} stored vs {first['stored']:,}: story assignment CPU "
              f"x{r['assign_cpu_ms'] / first['assign_cpu_ms']:.2f}, whole store step CPU "
              f"x{r['store_cpu_ms'] / first['store_cpu_ms']:.2f} (within 1.5x: about the same)")


if __name__ == "__main__":
    main()
