"""Cost of finding near-duplicates at ingest, by corpus size: the band table in the store against the old
in-memory index rebuilt from every stored signature when an ingest starts (issue 21).

    python benchmarks/near_duplicates_store.py [--sizes 10000 100000] [--add 1000] [--seed 7]

For each size N, a store with N stored signatures is built (synthetic: texts of 60 to 160 words drawn from a
Zipf-weighted list of made-up words, a tenth of them edited copies of earlier ones; the rows are inserted
directly, without their text, which finding copies never reads, in a store at schema version 4; opening it
migrates it, and the version 5 migration fills the band table from the signatures (backfill, timed). Then,
each in a fresh process and on a fresh copy of the store:

- new: ``add`` more articles (a fifth of them edited copies of stored ones) stored the way an ingest stores
  them: in transactions of 32, ``DuplicateFinder.find`` (signature, band lookup, similarity of the
  candidates) then ``insert_article`` (the row, its full-text index and its band keys);
- old: the old ``DuplicateFinder`` start: every stored signature read and put in a datasketch ``MinHashLSH``
  (what each ingest run and ``watch`` round paid before any article), and then the same articles looked up
  and added in memory.

Memory: the Python heap's peak over the step (tracemalloc, measured in a second run of the step, since
tracing slows the code) and the growth of the process's peak resident memory over the step (which also counts
SQLite's page cache). Time is CPU time. Prints a table per way, the ratio of the largest size to the smallest
(about 1 when the cost per article does not grow with the corpus) and how many copies each way found (the
same, unless two candidates are so close to a tie that the order of a set decided the old way).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasketch import LeanMinHash, MinHashLSH

from newstrace.corpus.duplicates import DuplicateFinder
from newstrace.link.near_duplicates import NUM_PERM, THRESHOLD, signature, signature_bytes, signature_from_bytes
from newstrace.records import Analysis
from newstrace.store import open_db
from newstrace.store.rows import insert_article, text_hash
from newstrace.store.schema import MIGRATIONS
from newstrace.store.transactions import transaction

BATCH = 32
_ONSETS = ("b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "st", "tr", "ch")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ea")


def word_list(size: int = 8000, seed: int = 0) -> tuple[list[str], list[float]]:
    """Made-up words and Zipf weights (1/rank), a stand-in for a language's word frequencies."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, [1 / rank for rank in range(1, size + 1)]


WORDS, WEIGHTS = word_list()


def fresh_text(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, WEIGHTS, k=rng.randint(60, 160)))


def copy_of(rng: random.Random, text: str) -> str:
    """A wire copy: a few words changed, sometimes a credit line added."""
    words = text.split()
    for i in rng.sample(range(len(words)), rng.randint(0, 3)):
        words[i] = rng.choice(WORDS)
    tail = rng.choice(["", "", " Reporting by Example Wire.", " Editing by the desk."])
    return " ".join(words) + tail


def base_texts(n: int, seed: int) -> list[tuple[str, str, int | None]]:
    """``(id, text, index of the article it copies)`` for the stored articles."""
    rng = random.Random(seed)
    out: list[tuple[str, str, int | None]] = []
    for i in range(n):
        if out and rng.random() < 0.1:
            source = rng.randrange(len(out))
            out.append((f"b{i}", copy_of(rng, out[source][1]), source))
        else:
            out.append((f"b{i}", fresh_text(rng), None))
    return out


def added_texts(base: list[tuple[str, str, int | None]], add: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed + 1)
    return [(f"n{i}", copy_of(rng, rng.choice(base)[1]) if rng.random() < 0.2 else fresh_text(rng))
            for i in range(add)]


def build(path: Path, n: int, seed: int) -> dict[str, Any]:
    """A store with ``n`` signatures, each base copy linked to its root as an ingest would have linked it: made
    at schema version 4 (signatures, no band table), then opened, which migrates it and fills the band table."""
    t0 = time.perf_counter()
    base = base_texts(n, seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for version, step in enumerate(MIGRATIONS[:4]):
        step(conn)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    with transaction(conn):
        roots: dict[int, str] = {}
        for pk, (aid, text, source) in enumerate(base, 1):
            duplicate_of = None if source is None else roots.get(source + 1, base[source][0])
            if duplicate_of is not None:
                roots[pk] = duplicate_of
            conn.execute(
                "INSERT INTO articles (pk, id, hash, text, minhash, duplicate_of, extractors, analysis, ingested_at, "
                "analyzed_at) VALUES (?, ?, ?, '', ?, ?, '{}', '{}', 'x', 'x')",
                (pk, aid, f"hash-{aid}", signature_bytes(signature(text)), duplicate_of),
            )
    conn.close()
    built = time.perf_counter() - t0
    c = time.process_time()
    open_db(path).close()  # the version 5 migration fills the band table
    migrated = time.process_time() - c
    return {"build_s": built, "backfill_s": migrated, "db_mb": path.stat().st_size / 2**20}


def _status_kb(field: str) -> int | None:
    """A memory figure of this process from /proc/self/status (Linux), in kB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def start_peak() -> int:
    """The resident memory now, with the peak reset to it where Linux allows (so that what came before, such as
    generating the texts, is not counted); else the peak so far."""
    gc.collect()
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_growth_mb(before_kb: int) -> float:
    peak = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(0, peak - before_kb) / 1024


def measure_new(path: Path, items: list[tuple[str, str]]) -> dict[str, Any]:
    conn = open_db(path)
    spent = {"start": 0.0, "find": 0.0, "signature": 0.0, "write": 0.0}
    copies = 0

    def timed(name: str, fn: Callable[[], Any]) -> Any:
        c = time.process_time()
        try:
            return fn()
        finally:
            spent[name] += time.process_time() - c

    finder = timed("start", lambda: DuplicateFinder(conn))
    for start in range(0, len(items), BATCH):
        with transaction(conn):
            for aid, text in items[start : start + BATCH]:
                minhash, original = timed("find", lambda text=text: finder.find(text))
                timed("signature", lambda text=text: signature(text))
                a = Analysis(id=aid, text=text)
                timed("write", lambda a=a, minhash=minhash, original=original: insert_article(
                    conn, a, hash=text_hash(a.text), minhash=minhash, duplicate_of=original, location=None))
                copies += original is not None
    conn.close()
    k = len(items)
    return {"start_s": spent["start"], "copies": copies, **{f"{name}_ms": 1000 * spent[name] / k
                                                            for name in ("find", "signature", "write")}}


class OldIndex:
    """The in-memory index as it was before issue 21: datasketch's MinHashLSH and every signature."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, LeanMinHash] = {}

    def add(self, key: str, sig: LeanMinHash) -> str | None:
        best: tuple[float, str] | None = None
        for other in self.lsh.query(sig):
            sim = sig.jaccard(self.signatures[other])
            if sim >= THRESHOLD and (best is None or sim > best[0]):
                best = (sim, other)
        if key not in self.signatures:
            self.lsh.insert(key, sig)
            self.signatures[key] = sig
        return best[1] if best else None


def measure_old(path: Path, items: list[tuple[str, str]]) -> dict[str, Any]:
    conn = open_db(path)
    c = time.process_time()
    index, roots = OldIndex(), {}
    for row in conn.execute("SELECT id, minhash, duplicate_of FROM articles WHERE minhash IS NOT NULL ORDER BY pk"):
        index.add(row["id"], signature_from_bytes(row["minhash"]))
        if row["duplicate_of"]:
            roots[row["id"]] = row["duplicate_of"]
    start = time.process_time() - c
    c = time.process_time()
    copies = 0
    for aid, text in items:
        similar = index.add(aid, signature(text))
        if similar is not None:
            roots[aid] = roots.get(similar, similar)
            copies += 1
    conn.close()
    return {"start_s": start, "find_ms": 1000 * (time.process_time() - c) / len(items), "copies": copies}


def run_one(way: str, db: Path, n: int, add: int, seed: int, trace: bool) -> dict[str, Any]:
    items = added_texts(base_texts(n, seed), add, seed)
    before = start_peak()
    if trace:
        tracemalloc.start()
    out = (measure_new if way == "new" else measure_old)(db, items)
    if trace:
        out = {"heap_mb": tracemalloc.get_traced_memory()[1] / 2**20}
        tracemalloc.stop()
    else:
        out["rss_mb"] = peak_growth_mb(before)
    return out


def subprocess_json(*args: str) -> dict[str, Any]:
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(res.stderr)
    return dict(json.loads(res.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--add", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--way", choices=["new", "old"], help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.build:
        print(json.dumps(build(a.build, a.n, a.seed)))
        return
    if a.way:
        print(json.dumps(run_one(a.way, a.db, a.n, a.add, a.seed, a.trace)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            built = Path(tmp) / f"base-{n}.db"
            row: dict[str, Any] = {"stored": n, **subprocess_json("--build", str(built), "--n", str(n),
                                                                  "--seed", str(a.seed))}
            for way in ("new", "old"):
                for trace in (False, True):
                    db = Path(tmp) / "work.db"
                    shutil.copyfile(built, db)
                    args = ["--way", way, "--db", str(db), "--n", str(n), "--add", str(a.add), "--seed", str(a.seed)]
                    got = subprocess_json(*args, *(["--trace"] if trace else []))
                    row.update({f"{way}_{k}": v for k, v in got.items()})
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    report(rows, a.add)


def report(rows: list[dict[str, Any]], add: int) -> None:
    print(f"Adding {add:,} articles (a fifth of them copies) to a store of N signatures; CPU time.\n")
    print("new: the band table in the store")
    print(f"{'N stored':>9} {'store MB':>9} {'backfill s':>11} {'start s':>8} {'find ms/art':>12} {'(signature)':>12} "
          f"{'write ms/art':>13} {'heap MB':>8} {'RSS MB':>7} {'copies':>7}")
    for r in rows:
        print(f"{r['stored']:>9,} {r['db_mb']:>9.1f} {r['backfill_s']:>11.2f} {r['new_start_s']:>8.3f} "
              f"{r['new_find_ms']:>12.3f} {r['new_signature_ms']:>12.3f} {r['new_write_ms']:>13.3f} "
              f"{r['new_heap_mb']:>8.1f} {r['new_rss_mb']:>7.1f} {r['new_copies']:>7}")
    print("\nold: every stored signature loaded into datasketch's MinHashLSH at each ingest start")
    print(f"{'N stored':>9} {'start s':>8} {'heap MB':>8} {'RSS MB':>7} {'find ms/art':>12} {'copies':>7}")
    for r in rows:
        print(f"{r['stored']:>9,} {r['old_start_s']:>8.2f} {r['old_heap_mb']:>8.1f} {r['old_rss_mb']:>7.1f} "
              f"{r['old_find_ms']:>12.3f} {r['old_copies']:>7}")
    if len(rows) < 2:
        return
    first, last = rows[0], rows[-1]

    def ratio(key: str) -> str:
        return f"x{last[key] / first[key]:.2f}" if first[key] else "n/a"

    lookup = [r["new_find_ms"] - r["new_signature_ms"] for r in (first, last)]
    print(f"\n{last['stored']:,} stored vs {first['stored']:,} (x{last['stored'] / first['stored']:g}):")
    print(f"  new, per article: find {ratio('new_find_ms')} (the lookup alone {lookup[1]:.3f} ms vs {lookup[0]:.3f}), "
          f"write {ratio('new_write_ms')}, heap peak {ratio('new_heap_mb')}")
    scale = 1e6 / last["stored"]
    print(f"  old, at each ingest start: time {ratio('old_start_s')}, heap {ratio('old_heap_mb')} "
          f"({last['old_start_s']:.2f} s and {last['old_heap_mb']:.0f} MB at {last['stored']:,}: about "
          f"{last['old_start_s'] * scale:.0f} s and {last['old_heap_mb'] * scale / 1024:.1f} GB at a million)")


if __name__ == "__main__":
    main()
