"""The one dev-set gate: every dev set's floors in ``fixtures/dev_floors.json``, with the sha256 of its files.

Each gate test measures its dev set and calls :func:`check`, which fails when

- the set's files are not the ones its floors were set on (their sha256 differs): a dev set is written and
  labelled before the code is run on it, and changing it afterwards must be a visible step;
- a score is under its floor;
- a score is more than ``max_slack`` over its floor: a floor far below the measured figure guards nothing, so
  floors follow the scores up, and lowering one shows as a failure until it is set again explicitly.

Floors and hashes are changed with this script, which refuses to lower a floor without ``--lower``::

    python tests/dev_gate.py set claims grouping_pairwise_f1 0.93
    python tests/dev_gate.py set claims grouping_pairwise_f1 0.90 --lower   # say why in the commit
    python tests/dev_gate.py rehash claims                                  # after an edit of the set
    python tests/dev_gate.py add claims fixtures/claims_dev/articles.jsonl fixtures/claims_dev/gold.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FLOORS = HERE / "fixtures" / "dev_floors.json"


def load() -> dict[str, Any]:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


def save(data: dict[str, Any]) -> None:
    FLOORS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def digest(files: list[str]) -> str:
    """sha256 over the set's files (paths relative to ``tests/``), in order."""
    h = hashlib.sha256()
    for name in files:
        h.update(name.encode("utf-8") + b"\0")
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


def check(name: str, scores: dict[str, float], detail: str = "") -> None:
    """Assert the dev set ``name`` is unchanged and its scores sit at or just above their floors (``detail``,
    e.g. the errors of the run, is added to the message of a score under its floor)."""
    data = load()
    entry = data["sets"][name]
    found = digest(entry["files"])
    assert found == entry["sha256"], (
        f"dev set {name!r} changed since its floors were set (sha256 {found[:12]}…, recorded "
        f"{entry['sha256'][:12]}…): score it, then `python tests/dev_gate.py rehash {name}`"
    )
    missing = sorted(set(entry["floors"]) - set(scores))
    assert not missing, f"dev set {name!r}: no score measured for {missing}"
    below = {m: (round(scores[m], 4), f) for m, f in entry["floors"].items() if scores[m] < f}
    assert not below, f"dev set {name!r} under its floors (measured, floor): {below}\n{detail}"
    slack = data["max_slack"]
    loose = {m: (round(scores[m], 4), f) for m, f in entry["floors"].items() if scores[m] - f > slack}
    assert not loose, (
        f"dev set {name!r}: raise these floors (measured, floor), e.g. "
        f"`python tests/dev_gate.py set {name} METRIC VALUE`: {loose}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p_set = sub.add_parser("set", help="set a floor")
    p_set.add_argument("name")
    p_set.add_argument("metric")
    p_set.add_argument("value", type=float)
    p_set.add_argument("--lower", action="store_true", help="allow lowering the floor (say why in the commit)")
    p_hash = sub.add_parser("rehash", help="record the sha256 of a dev set's files as they are now")
    p_hash.add_argument("name")
    p_add = sub.add_parser("add", help="declare a new dev set and its files (relative to tests/)")
    p_add.add_argument("name")
    p_add.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    data = load()
    sets = data["sets"]
    if args.command == "add":
        sets[args.name] = {"files": args.files, "sha256": digest(args.files), "floors": {}}
    elif args.name not in sets:
        print(f"no dev set {args.name!r}; known: {', '.join(sets)}", file=sys.stderr)
        return 2
    elif args.command == "rehash":
        sets[args.name]["sha256"] = digest(sets[args.name]["files"])
    else:
        floors = sets[args.name]["floors"]
        old = floors.get(args.metric)
        if old is not None and args.value < old and not args.lower:
            print(f"{args.name}.{args.metric}: {args.value} is under the floor {old}; pass --lower", file=sys.stderr)
            return 2
        floors[args.metric] = args.value
    save(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
