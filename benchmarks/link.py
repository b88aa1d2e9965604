"""Time and peak memory of linking (``newstrace.link.compare.compare``) on synthetic analyses.

    python benchmarks/link.py [--sizes 1000 10000 100000] [--seed 7]

Each size runs in a fresh process, so one size's memory does not count for the next. The corpus is made of
analysis records written here (no spaCy): stories of 3 to 12 articles from a pool of outlets, each naming its
own cast (people, with some transliterated spellings, an organisation, places), reporting figures (some
agreeing, some not, with qualifiers), quoting its people and citing other outlets; one article in twenty is
a wire copy of another. Prints seconds, articles/s and the peak memory added by ``compare`` for each size, the
CPU seconds per step, and the growth of CPU time and memory from one size to the next (10x the articles giving
about 10x the time is linear). Wall seconds depend on what else the machine runs; CPU seconds less so.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import psutil

from newstrace.link.compare import compare
from newstrace.records import Analysis, Entity, Quantity, Quote, TimeExpr

SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "us", "is"]
COUNTRIES = [("Poland", "PL"), ("Chile", "CL"), ("Kenya", "KE"), ("Norway", "NO"), ("Japan", "JP"),
             ("Brazil", "BR"), ("Ukraine", "UA"), ("Canada", "CA"), ("India", "IN"), ("Egypt", "EG")]
COUNTED = [("people", "were injured"), ("crew members", "were hurt"), ("families", "were evacuated"),
           ("homes", "were destroyed"), ("soldiers", "were captured"), ("ships", "were waiting"),
           ("workers", "were missing"), ("miners", "were trapped")]
QUALIFIERS = [("exact", ""), ("at_least", "at least "), ("approx", "about "), ("more_than", "more than ")]
STATEMENTS = ["the situation is under control and help is on the way",
              "we will publish everything we find in the investigation",
              "nobody should call this a small incident for the region",
              "the response was slow and the equipment arrived late"]


def _name(rng: random.Random, syllables: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def _variant(name: str, rng: random.Random) -> str:
    """A transliteration-like spelling of a family name (y/i, doubled last letter)."""
    return name + name[-1] if rng.random() < 0.5 else name[:-1] + ("y" if name[-1] != "y" else "i")


@dataclass
class _Writer:
    """Builds an article text piece by piece, keeping the offsets of the facts in it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


def make_analyses(n: int, seed: int = 7) -> list[Analysis]:
    """``n`` synthetic analyses, reproducible for a seed."""
    return [a for _, a in iter_analyses(n, seed)]


def iter_analyses(n: int, seed: int = 7) -> Iterator[tuple[int, Analysis]]:
    """``(story number, analysis)`` of :func:`make_analyses`, made one story at a time (for corpora that do not
    fit in memory)."""
    rng = random.Random(seed)
    outlets = [f"{_name(rng, 2)} {rng.choice(['Times', 'Post', 'Wire', 'Herald', 'Daily'])}" for _ in range(1000)]
    made = 0
    story = 0
    while made < n:
        out: list[Analysis] = []
        story += 1
        cast = [(_name(rng, 2), _name(rng)) for _ in range(rng.randint(3, 6))]
        org = f"{_name(rng)} {rng.choice(['Holdings', 'Authority', 'Council', 'Union'])}"
        places = [_name(rng, rng.randint(2, 4)) for _ in range(rng.randint(2, 5))]
        country, iso = rng.choice(COUNTRIES)
        day = 1 + rng.randrange(28)
        month = 1 + rng.randrange(12)
        figures = [(rng.choice(COUNTED), rng.randint(5, 5000)) for _ in range(rng.randint(2, 4))]
        size = min(rng.randint(3, 12), n - made)
        for k in range(size):
            if k and rng.random() < 0.05:  # a wire copy of an earlier article of the story
                original = out[rng.randrange(0, len(out))]
                copy = Analysis.from_dict({**original.to_dict(), "id": f"a{made + len(out)}",
                                           "source": rng.choice(outlets)})
                out.append(copy)
                continue
            out.append(_article(rng, f"a{made + len(out)}", rng.choice(outlets), cast, org, places, country, iso,
                                f"2026-{month:02d}-{day:02d}", figures, outlets))
        made += len(out)
        yield from ((story, a) for a in out)


def _article(rng: random.Random, aid: str, outlet: str, cast: list[tuple[str, str]], org: str, places: list[str],
             country: str, iso: str, date: str, figures: list[tuple[tuple[str, str], int]],
             outlets: list[str]) -> Analysis:
    w = _Writer()
    entities: list[Entity] = []
    quotes: list[Quote] = []
    quantities: list[Quantity] = []
    times: list[TimeExpr] = []

    def person(given: str, family: str) -> tuple[str, str]:
        if rng.random() < 0.15:
            family = _variant(family, rng)
        name = f"{given} {family}"
        for e in entities:
            if e.name == name:
                return e.id, name
        eid = f"e{len(entities) + 1}"
        entities.append(Entity(eid, name, "PERSON", role="official"))
        return eid, name

    def mention(eid: str, span: tuple[int, int]) -> None:
        next(e for e in entities if e.id == eid).mentions.append(span)

    w.add("In ")
    entities.append(Entity("e0", country, "GPE", iso=iso, mentions=[w.add(country)]))
    w.add(", ")
    times.append(TimeExpr("on Monday", *w.add("on Monday"), value=date))
    w.add(", officials of the ")
    entities.append(Entity("o1", org, "ORG", mentions=[w.add(org)]))
    w.add(" met")
    for place in rng.sample(places, max(1, len(places) - 1)):
        w.add(" near ")
        entities.append(Entity(f"p{len(entities)}", place, "LOC", mentions=[w.add(place)]))
    w.add(f". The visit of {_name(rng)} {_name(rng)} was noted. ")  # a name from outside the story
    for (counted, verb), value in figures:
        if rng.random() < 0.3:
            continue
        qualifier, words = rng.choice(QUALIFIERS)
        v = value if rng.random() < 0.7 else value + rng.randint(1, 9)
        text = f"{words}{v:,}"
        start, end = w.add(text[0].upper() + text[1:])
        quantities.append(Quantity(text=w.text[start:end], start=start, end=end, value=v,
                                   qualifier=qualifier, counted=counted))  # type: ignore[arg-type]
        w.add(f" {counted} {verb}, ")
        eid, name = person(*rng.choice(cast))
        mention(eid, w.add(name))
        w.add(" said. ")
    for given, family in rng.sample(cast, min(len(cast), 3)):
        eid, name = person(given, family)
        statement = rng.choice(STATEMENTS)
        if rng.random() < 0.3:
            statement = statement.replace("the ", "").replace(" and", ", and")
        w.add('"')
        start, end = w.add(statement[0].upper() + statement[1:])
        w.add('," ')
        mention(eid, w.add(name))
        w.add(" said. ")
        quotes.append(Quote(text=w.text[start:end], start=start, end=end, kind="direct", speaker=name,
                            speaker_id=eid, cue="say"))
    if rng.random() < 0.4:
        w.add(f"The figures were first reported by the {rng.choice(outlets)}. ")
    if rng.random() < 0.3:
        w.add(f"An official told {rng.choice(outlets)} that the talks would go on. ")
    return Analysis(id=aid, text=w.text, published=date, source=outlet, entities=entities, quotes=quotes,
                    quantities=quantities, times=times)


def _peak_rss(stop: threading.Event, peak: list[int]) -> None:
    proc = psutil.Process()
    while not stop.is_set():
        peak[0] = max(peak[0], proc.memory_info().rss)
        time.sleep(0.02)


def run_one(n: int, seed: int) -> dict[str, object]:
    """Link ``n`` synthetic articles in this process: seconds, peak memory added, seconds per step."""
    analyses = make_analyses(n, seed)
    base = psutil.Process().memory_info().rss
    peak = [base]
    stop = threading.Event()
    watcher = threading.Thread(target=_peak_rss, args=(stop, peak), daemon=True)
    watcher.start()
    timings: dict[str, float] = {}
    t0, c0 = time.perf_counter(), time.process_time()
    result = compare(analyses, timings=timings)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    stop.set()
    watcher.join()
    return {
        "articles": n, "seconds": seconds, "cpu": cpu,
        "peak_mb": (max(peak[0], psutil.Process().memory_info().rss) - base) / 2**20,
        "stories": len(result.stories), "entities": len(result.entities), "claims": len(result.claims),
        "citations": len(result.citations), "steps": timings,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # run one size here, print JSON
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, a.seed)))
        return
    rows = []
    for n in a.sizes:
        res = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(a.seed)],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(res.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9} {'seconds':>9} {'CPU s':>8} {'art/s':>8} {'peak MB':>8} {'stories':>8} {'entities':>9} "
          f"{'claims':>8}")
    for r in rows:
        print(f"{r['articles']:>9,} {r['seconds']:>9.2f} {r['cpu']:>8.2f} {r['articles'] / r['seconds']:>8.0f} "
              f"{r['peak_mb']:>8.0f} {r['stories']:>8,} {r['entities']:>9,} {r['claims']:>8,}")
    print("\nCPU seconds per step:")
    steps = list(rows[0]["steps"])
    print(f"{'':>9} " + " ".join(f"{s[:11]:>11}" for s in steps))
    for r in rows:
        print(f"{r['articles']:>9,} " + " ".join(f"{r['steps'].get(s, 0):>11.2f}" for s in steps))
    if len(rows) > 1:
        print("\ngrowth from one size to the next (linear: time ratio = size ratio):")
        for prev, r in itertools.pairwise(rows):
            size = r["articles"] / prev["articles"]
            slower = r["cpu"] / prev["cpu"]
            print(f"  {prev['articles']:,} -> {r['articles']:,}: size x{size:.1f}, CPU time x{slower:.1f}, "
                  f"memory x{r['peak_mb'] / max(prev['peak_mb'], 1e-9):.1f}")


if __name__ == "__main__":
    main()
