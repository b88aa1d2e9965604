"""Time and peak memory of one analysis against article length, for ordinary and pathological texts (issue 20).

Each (pattern, length) runs in a fresh process (``newstrace.analyze`` on one text), so the peak RSS is that
article's alone (the pipeline's load included; the ``baseline`` row is an empty analysis with the pipeline
loaded). Prints, per pattern, the seconds and the peak RSS at each length, and the growth ratio between
successive lengths against the ratio of the lengths: a ratio of time near the ratio of lengths is linear
growth, near its square quadratic.

    python benchmarks/hostile.py                        # 2k, 4k, 8k characters (a few minutes)
    python benchmarks/hostile.py --lengths 10000 100000 # the issue's sizes: ask for a machine with room
    python benchmarks/hostile.py --patterns quotes2 numbers
    python benchmarks/hostile.py --patterns prose abc --lengths 10000 100000 1000000 --max-mb 8000

Each run's address space is limited (``--max-mb``, RLIMIT_AS), so that a runaway analysis fails with a
MemoryError (reported as ``over``) instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

PATTERNS = {
    "prose": "The mayor said 40 homes were flooded in Valencia on Monday, officials said. ",
    "abc": "a b c ",
    "quotes2": "''",
    "curly": "\u201c",
    "numbers": None,  # random numbers, space separated
    "titles": "President Minister ",
}

_CHILD = r"""
import json, resource, sys, time
import newstrace
from newstrace.nlp.model import load_pipeline
load_pipeline(None)
text = sys.stdin.read()
start = time.perf_counter()
if text:
    newstrace.analyze(text)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make(pattern: str, length: int) -> str:
    if pattern == "numbers":
        rnd = random.Random(length)
        out, size = [], 0
        while size < length:
            piece = str(rnd.randint(0, 10**6)) + " "
            out.append(piece)
            size += len(piece)
        return "".join(out)[:length]
    unit = PATTERNS[pattern]
    assert unit is not None
    return (unit * (length // len(unit) + 1))[:length]


def measure(text: str, timeout: float, max_mb: int = 8000) -> dict[str, float]:
    started = time.perf_counter()
    limit = max_mb * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True,
                              timeout=timeout, preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return {"seconds": float("inf"), "peak_mb": float("nan"), "wall": time.perf_counter() - started}
    if done.returncode != 0:  # a MemoryError at the address-space limit, most likely
        error = (done.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  failed: {error[:160]}", file=sys.stderr)
        return {"seconds": float("nan"), "peak_mb": float("inf"), "wall": time.perf_counter() - started}
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--patterns", nargs="+", default=list(PATTERNS), choices=list(PATTERNS))
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--max-mb", type=int, default=8000, help="address-space limit per run (MB)")
    args = parser.parse_args()
    base = measure("", args.timeout, args.max_mb)
    print(f"baseline (pipeline loaded, nothing analyzed): peak {base['peak_mb']:.0f} MB")
    print(f"{'pattern':<9} {'length':>8} {'seconds':>9} {'peak MB':>8} {'x time':>7} {'x length':>8}")
    for pattern in args.patterns:
        previous: tuple[int, float] | None = None
        for length in args.lengths:
            r = measure(make(pattern, length), args.timeout, args.max_mb)
            growth = ""
            if previous is not None and previous[1] > 0:
                growth = f"{r['seconds'] / previous[1]:>7.1f} {length / previous[0]:>8.1f}"
            print(f"{pattern:<9} {length:>8,} {r['seconds']:>9.2f} {r['peak_mb']:>8.0f} {growth}", flush=True)
            previous = (length, r["seconds"])


if __name__ == "__main__":
    main()
