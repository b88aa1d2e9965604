"""Linking at a million articles: what adding articles, a ``watch`` round and a full relink cost by corpus size.

    python benchmarks/scale_link.py [--sizes 10000 100000 1000000] [--add 1000] [--round 100] [--seed 7]
                                    [--relink-up-to 100000] [--real-links-up-to 100000]

For each size N, in a fresh process, a store of N synthetic articles (``benchmarks/link.py``: stories of 3 to
12 articles over a year, each with its cast, figures, quotes and citations; no spaCy) is built the way a
corpus that has been linked all along looks:

- the articles, each in its generated story, and the story index over them (built in two streaming passes:
  document frequencies, then each article's vector into its story's sums and postings);
- each story's links and the corpus entities: computed by ``Corpus.link`` (the real thing) up to
  ``--real-links-up-to``; above it (1M would take over an hour on one core) only the corpus-entity tables
  are filled: each story's entities resolved within the story, with their join keys, put in the corpus
  entity of the first key already held (no merging), so the tables the incremental link reads have their
  full size. Stories touched later are linked for real, as any stale story is.

Then, measured: adding ``--add`` articles (store, story assignment, linking the stories they touch: CPU ms per
article, wall seconds, the peak of Python memory the step allocates by ``tracemalloc``, and the process's
resident memory); one ``watch`` round of ``--round`` new articles (store, link the touched stories, read their
comparison, take the round's snapshot); and, up to ``--relink-up-to``, a full ``relink`` (re-cluster every
story in memory, rebuild the index, link every story) here and on a local Dask cluster of 2 workers. Prints
each size's row and the ratios against the smallest size (about 1 when the cost per article does not grow
with the corpus). The near-duplicate finder reads nothing here: the base articles are stored without a
MinHash signature.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import newstrace.corpus.ingest as ingest
from link import iter_analyses
from newstrace.corpus.corpus import Corpus
from newstrace.corpus.story_index import _ordinal, accumulate
from newstrace.engines.dask import DaskEngine
from newstrace.link.entities import resolve_story_entities
from newstrace.link.event_vectors import article_terms
from newstrace.link.stem_weights import stem_weight
from newstrace.link.story_index import IndexOptions, weighted_vector
from newstrace.records import Analysis
from newstrace.store.rows import insert_article, text_hash
from newstrace.store.transactions import transaction
from newstrace.watch.snapshot import take_snapshot

CHUNK = 5000


def _stream(n: int, seed: int) -> Iterator[tuple[int, Analysis]]:
    return iter_analyses(n, seed)


def build(corpus: Corpus, n: int, seed: int) -> None:
    """Store the first ``n`` generated articles in their stories, with the story index, marking every story
    to be linked."""
    conn, opt = corpus.conn, IndexOptions()
    df: Counter[str] = Counter()
    primaries = 0
    seen: set[str] = set()
    batch: list[tuple[int, Analysis]] = []

    def flush() -> None:
        with transaction(conn):
            for story, a in batch:
                insert_article(conn, a, hash=text_hash(a.text), minhash=None, duplicate_of=None, location=None)
                conn.execute("INSERT OR IGNORE INTO stories (id, created_at, updated_at) VALUES (?, 'x', 'x')",
                             (f"s{story}",))
                conn.execute("INSERT INTO story_articles (article_id, story_id) VALUES (?, ?)", (a.id, f"s{story}"))
        batch.clear()

    for story, a in _stream(n, seed):  # pass 1: the articles and the document frequencies
        h = text_hash(a.text)
        if h in seen:
            continue
        seen.add(h)
        df.update(article_terms(a, opt.stories.vectors).keys())
        primaries += 1
        batch.append((story, a))
        if len(batch) >= CHUNK:
            flush()
    flush()
    seen.clear()
    with transaction(conn):
        conn.executemany("INSERT INTO story_terms (term, df) VALUES (?, ?)", df.items())
    sums: dict[str, dict[str, float]] = {}
    spans: dict[str, tuple[int, int | None, int | None]] = {}
    postings: list[tuple[str, int | None, str]] = []
    for story, a in _stream(n, seed):  # pass 2: each vector into its story's sum, spans and postings
        h = text_hash(a.text)
        if h in seen:
            continue
        seen.add(h)
        vector = weighted_vector(article_terms(a, opt.stories.vectors), df, primaries + opt.prior_articles)
        accumulate(sums, spans, postings, f"s{story}", _ordinal(a.published), vector, opt)
        if len(sums) >= CHUNK:
            _write_index(conn, sums, spans, postings)
    _write_index(conn, sums, spans, postings)
    with transaction(conn):
        stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
        conn.executemany("INSERT INTO story_index_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
                         "SET value = excluded.value", [("articles", primaries), ("next_story", stories + 10**7)])
        conn.execute("INSERT OR IGNORE INTO stale_stories (story_id) SELECT id FROM stories")


def _write_index(conn, sums, spans, postings) -> None:  # type: ignore[no-untyped-def]
    with transaction(conn):
        conn.executemany(
            "INSERT INTO story_weights (story_id, term, weight) VALUES (?, ?, ?) ON CONFLICT (story_id, term) "
            "DO UPDATE SET weight = weight + excluded.weight",
            ((sid, t, w) for sid, total in sums.items() for t, w in total.items()))
        conn.executemany(
            "INSERT INTO story_spans (story_id, size, first_day, last_day) VALUES (?, ?, ?, ?) ON CONFLICT "
            "(story_id) DO UPDATE SET size = size + excluded.size, first_day = min(first_day, excluded.first_day), "
            "last_day = max(last_day, excluded.last_day)", ((sid, *span) for sid, span in spans.items()))
        conn.executemany("INSERT INTO story_postings (term, day, story_id) VALUES (?, ?, ?)", postings)
    sums.clear()
    spans.clear()
    postings.clear()


def fill_entities(corpus: Corpus) -> None:
    """The corpus-entity tables of a linked corpus, from the generated names (see the module docstring)."""
    conn = corpus.conn
    entity_of: dict[str, str] = {}
    made = [0]
    rows: list[tuple[str, str, str, str, str, str | None, str, int, int]] = []
    keys: list[tuple[str, str, str]] = []
    current: str | None = None
    local: dict[tuple[str, str], tuple[str, list[str]]] = {}

    def flush_story() -> None:
        for (name, type_), (lid, ks) in local.items():
            eid = next((entity_of[k] for k in ks if k in entity_of), None)
            if eid is None:
                made[0] += 1
                eid = f"E{made[0]}"
            for k in ks:
                entity_of.setdefault(k, eid)
            rows.append((current or "", lid, eid, name, type_, None, "[]", 1, 1))
            keys.extend((k, current or "", lid) for k in ks)
        local.clear()

    story: list[Analysis] = []

    def resolve() -> None:
        if story:
            entities, _, found = resolve_story_entities(story, current or "")
            for e in entities:
                local[(e.name, e.type)] = (e.id, found.get(e.id, []))
            story.clear()

    for sid, text, data in conn.execute(
            "SELECT s.story_id, a.text, a.analysis FROM story_articles s JOIN articles a ON a.id = s.article_id "
            "ORDER BY s.story_id, a.pk"):
        if sid != current:
            resolve()
            flush_story()
            current = sid
        story.append(Analysis.from_dict({**json.loads(data), "text": text}))
        if len(rows) >= 50 * CHUNK:
            _write_entities(conn, rows, keys, entity_of)
    resolve()
    flush_story()
    _write_entities(conn, rows, keys, entity_of)
    with transaction(conn):
        conn.execute("DELETE FROM stale_stories")
        conn.execute("INSERT INTO link_state (name, value) VALUES ('next_entity', ?)", (made[0] + 1,))


def _write_entities(conn, rows, keys, entity_of) -> None:  # type: ignore[no-untyped-def]
    with transaction(conn):
        conn.executemany("INSERT INTO story_entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO entity_keys (key, story_id, local_id) VALUES (?, ?, ?)", keys)
        conn.executemany("INSERT OR REPLACE INTO key_entity (key, entity_id) VALUES (?, ?)",
                         [(k, entity_of[k]) for k, _, _ in keys])
    rows.clear()
    keys.clear()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(n: int, add: int, watch_n: int, seed: int, relink: bool, real_links: bool) -> dict[str, object]:
    tail = list(iter_analyses(n + add + watch_n, seed))[n:] if n < 200_000 else _tail(n, add + watch_n, seed)
    added, watch = [a for _, a in tail[:add]], [a for _, a in tail[add:]]
    out: dict[str, object] = {"stored": n}
    with tempfile.TemporaryDirectory(dir=".") as tmp:
        corpus = Corpus(Path(tmp) / "scale.db")
        t0 = time.perf_counter()
        build(corpus, n, seed)
        out["build_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if real_links:
            corpus.link()
        else:
            fill_entities(corpus)
        out["base_links_s"] = time.perf_counter() - t0
        out["base_links"] = "linked" if real_links else "filled"
        stem_weight("said")  # the word frequencies, read once per process
        out["rss_before_mb"] = _rss_mb()
        tracemalloc.start()
        c0, t0 = time.process_time(), time.perf_counter()
        report = ingest.ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"b:{a.id}") for a in added],
                                     batch_size=32)
        c1 = time.process_time()
        touched = corpus.link()
        c2, t2 = time.process_time(), time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        k = max(report.added, 1)
        out.update(add_store_ms=1000 * (c1 - c0) / k, add_link_ms=1000 * (c2 - c1) / k, add_wall_s=t2 - t0,
                   add_peak_mb=peak / 2**20, rss_after_mb=_rss_mb(), touched=len(touched))
        c0, t0 = time.process_time(), time.perf_counter()
        ingest.ingest_items(corpus.conn, corpus.path, (), analyzed=[(a, f"b:{a.id}") for a in watch], batch_size=32)
        round_stories = corpus.link()
        take_snapshot(corpus.compare(round_stories))
        out.update(round_cpu_s=time.process_time() - c0, round_wall_s=time.perf_counter() - t0)
        if relink:
            t0 = time.perf_counter()
            corpus.relink()
            out["relink_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            corpus.relink(engine=DaskEngine(workers=2))
            out["relink_dask_s"] = time.perf_counter() - t0
        out["db_mb"] = (Path(tmp) / "scale.db").stat().st_size / 2**20
        corpus.close()
    return out


def _tail(n: int, k: int, seed: int) -> list[tuple[int, Analysis]]:
    out = []
    for i, item in enumerate(iter_analyses(n + k, seed)):
        if i >= n:
            out.append(item)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--round", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--relink-up-to", type=int, default=100_000)
    ap.add_argument("--real-links-up-to", type=int, default=100_000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.add, a.round, a.seed, a.one <= a.relink_up_to,
                                 a.one <= a.real_links_up_to)))
        return
    rows = []
    for n in a.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--add", str(a.add), "--round", str(a.round),
                              "--seed", str(a.seed), "--relink-up-to", str(a.relink_up_to),
                              "--real-links-up-to", str(a.real_links_up_to)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print(f"\n{'stored':>10} {'base':>7} {'store ms/art':>13} {'link ms/art':>12} {'add wall s':>11} "
          f"{'peak MB':>8} {'RSS MB':>7} {'round s':>8} {'relink s':>9} {'dask s':>7}")
    for r in rows:
        print(f"{r['stored']:>10,} {r['base_links']:>7} {r['add_store_ms']:>13.2f} {r['add_link_ms']:>12.2f} "
              f"{r['add_wall_s']:>11.1f} {r['add_peak_mb']:>8.1f} {r['rss_after_mb']:>7.0f} {r['round_wall_s']:>8.2f} "
              f"{r.get('relink_s', float('nan')):>9.1f} {r.get('relink_dask_s', float('nan')):>7.1f}")
    first = rows[0]
    for r in rows[1:]:
        per = (r["add_store_ms"] + r["add_link_ms"]) / (first["add_store_ms"] + first["add_link_ms"])
        print(f"adding {a.add:,} articles, {r['stored']:,} stored vs {first['stored']:,}: x{per:.2f} per article "
              f"(within 1.5x: about the same); watch round x{r['round_cpu_s'] / first['round_cpu_s']:.2f}")


if __name__ == "__main__":
    main()
