"""Model load plus gazetteer load: time and memory (peak RSS), cold (index built) or warm (index cached).

    python benchmarks/gazetteer_load.py [--cold]

Prints the seconds and MiB that loading the spaCy pipeline adds, then those that the gazetteer adds on top
(``newstrace.nlp.places.gazetteer``: built from GeoNames at first use, then read from the user cache).
"""

from __future__ import annotations

import argparse
import resource
import time


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cold", action="store_true", help="remove the cached index first")
    args = ap.parse_args()
    from newstrace.nlp import places

    if args.cold and hasattr(places, "_cache_path"):
        places._cache_path().unlink(missing_ok=True)
    m0, t0 = rss_mib(), time.perf_counter()
    from newstrace.nlp.model import load_pipeline

    nlp = load_pipeline()
    m1, t1 = rss_mib(), time.perf_counter()
    if hasattr(places, "gazetteer"):
        places.gazetteer()
    nlp("Shelling hit Kharkiv and the village of Ocheretyne.")  # the ruler's names and first lookups
    m2, t2 = rss_mib(), time.perf_counter()
    print(f"model load      {t1 - t0:6.2f} s  {m1 - m0:7.1f} MiB")
    print(f"gazetteer load  {t2 - t1:6.2f} s  {m2 - m1:7.1f} MiB")
    print(f"total           {t2 - t0:6.2f} s  {m2 - m0:7.1f} MiB")


if __name__ == "__main__":
    main()
