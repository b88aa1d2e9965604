"""Scaling of the analysis over engines: the local engine with 1 process, the Dask engine with 1 and 2 workers.

    python benchmarks/scale.py [--articles 600] [--dask-workers 1 2] [--rounds 1]

One synthetic corpus (``corpus.make_articles``, written to a temporary JSON Lines file so that the Dask
workers read their partitions themselves) is analyzed by each configuration in the same run. Timed: from the
first partition submitted (or record read) to the last result received by the driver. Not timed: starting
the cluster and loading the spaCy pipeline (the workers load it when they join; a short warm-up run goes
first). Prints articles/s for each, their ratios to the local engine and to one Dask worker, and the peak
resident memory of each Dask worker process: psutil RSS sampled on the workers (``client.run``) every 0.5 s
during the timed run, and the process's own high-water mark (``ru_maxrss``). On a shared machine other
processes take CPU from the workers; the CPU share each analyzing process had and the articles per CPU-second
are printed too, so that a disturbed run shows as one.

With ``--rounds N`` every configuration runs N times, interleaved, and the best rate of each is kept: on a
shared machine the best of a few rounds is the least disturbed estimate.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
from distributed import Client

from corpus import make_articles
from newstrace.engines import LocalEngine, Progress
from newstrace.engines.dask import DaskEngine, dask_client
from newstrace.nlp.model import load_pipeline


def worker_rss() -> int:
    return int(psutil.Process(os.getpid()).memory_info().rss)


def cpu_seconds() -> float:
    t = psutil.Process(os.getpid()).cpu_times()
    return float(t.user + t.system)


def worker_maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class RssSampler:
    """Samples every worker's RSS on the cluster in a background thread; keeps the peak per worker."""

    def __init__(self, client: Client, interval: float = 0.5) -> None:
        self.client, self.interval = client, interval
        self.peak: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for addr, rss in self.client.run(worker_rss).items():
                self.peak[addr] = max(self.peak.get(addr, 0), rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(run: Callable[[], int]) -> tuple[int, float]:
    t0 = time.perf_counter()
    n = run()
    return n, time.perf_counter() - t0


def local_rate(corpus: Path, warm: Path) -> tuple[float, int, float]:
    """articles/s, results, and the share of a CPU the process had while timed."""
    load_pipeline()  # loaded once per process (cached): not timed
    engine = LocalEngine(workers=1)
    sum(1 for _ in engine.run_paths([warm]))
    cpu = cpu_seconds()
    n, seconds = timed(lambda: sum(1 for _ in engine.run_paths([corpus])))
    return n / seconds, n, (cpu_seconds() - cpu) / seconds


def dask_rate(corpus: Path, warm: Path, workers: int) -> tuple[float, int, float, dict[str, int], int]:
    """articles/s, results, the mean share of a CPU each worker had, peak worker memory and partitions of one
    timed run on a new local cluster."""
    with dask_client(workers=workers, dashboard_address=None) as client:
        # the first run registers the model plugin: every worker loads spaCy
        sum(1 for _ in DaskEngine(client=client).run_paths([warm], ordered=False))
        plan: list[Progress] = []
        cpu = client.run(cpu_seconds)
        engine = DaskEngine(client=client, on_progress=plan.append)
        with RssSampler(client) as sampler:
            n, seconds = timed(lambda: sum(1 for _ in engine.run_paths([corpus], ordered=False)))
        used = sum(client.run(cpu_seconds).values()) - sum(cpu.values())
        memory = {"sampled": max(sampler.peak.values()), "maxrss": max(client.run(worker_maxrss).values())}
        return n / seconds, n, used / seconds / workers, memory, plan[-1].partitions_total or 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--dask-workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=1)
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus, warm = Path(tmp) / "corpus.jsonl", Path(tmp) / "warm.jsonl"
        records = make_articles(a.articles)
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        warm.write_text("".join(json.dumps(r) + "\n" for r in make_articles(8, seed=1)), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in records) / len(records)
        print(
            f"{a.articles} articles of {words:.0f} words ({corpus.stat().st_size / 2**20:.1f} MiB), "
            f"{psutil.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        runs: dict[str, list[tuple[float, float]]] = {}  # configuration: (articles/s, CPU share) per round
        memory: dict[int, dict[str, int]] = {}
        partitions: dict[int, int] = {}
        for r in range(a.rounds):  # interleaved, so that a noisy minute spreads over all configurations
            rate, n, share = local_rate(corpus, warm)
            runs.setdefault("local, 1 proc", []).append((rate, share))
            print(f"round {r + 1}: local 1 {rate:.1f}/s (CPU {share:.0%})", end="", flush=True)
            for w in a.dask_workers:
                rate, n_dask, share, mem, partitions[w] = dask_rate(corpus, warm, w)
                assert n_dask == n, f"the Dask engine gave {n_dask} results for {n} records"
                runs.setdefault(f"dask, {w} worker" + "s" * (w > 1), []).append((rate, share))
                memory[w] = {k: max(v, memory.get(w, {}).get(k, 0)) for k, v in mem.items()}
                print(f"; dask {w} {rate:.1f}/s (CPU {share:.0%}/worker)", end="", flush=True)
            print(f"; load average {os.getloadavg()[0]:.1f}", flush=True)

    best = {name: max(rounds) for name, rounds in runs.items()}
    base = best["local, 1 proc"][0]
    one = best["dask, 1 worker"][0] if "dask, 1 worker" in best else None
    print(
        f"\nbest of {a.rounds} round(s). CPU: the share of a core each analyzing process had (under 100 %: the "
        f"machine is shared); per core-s: articles per CPU-second of those processes, which sharing disturbs less"
        f"\n{'engine':<16} {'articles/s':>10} {'vs local 1':>10} {'vs dask 1':>10} {'CPU':>5} {'per core-s':>10} "
        f"{'partitions':>10}  peak RSS per worker (sampled; maxrss)"
    )
    for name, (rate, share) in best.items():
        w = int(name.split()[1]) if name.startswith("dask") else 0
        vs_one = f"{rate / one:>10.2f}" if one and w else f"{'':>10}"
        tail = ""
        if w:
            mem = memory[w]
            tail = f"{partitions[w]:>10}  {mem['sampled'] / 2**20:.0f} MiB; {mem['maxrss'] / 2**20:.0f} MiB"
        per_core = rate / (share * max(w, 1))
        print(f"{name:<16} {rate:>10.1f} {rate / base:>10.2f} {vs_one} {share:>5.0%} {per_core:>10.1f} {tail}")


if __name__ == "__main__":
    sys.exit(main())
