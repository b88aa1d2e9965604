"""The import graph flows one way: no module imports from a layer above its own.

Layers, lowest first (a module may import from its own layer and the ones below):

    0 about, config, errors, facts, records   the typed records and the registry;
      dates, lexicon, lsh                      shared helpers (dates, word tables, MinHash LSH banding)
    1 ingest                                   reading records
    2 nlp                                      the spaCy pipeline and the gazetteer
    3 extract                                  facts per article
    4 components, pipeline                     the extractors as spaCy components; parse + extractors
    5 store                                    the SQLite store: schema, rows, queries, export, kept stories
    6 engines                                  where analysis runs
    7 link                                     across articles
    8 corpus                                   the store filled by the analysis: Corpus, ingest, story index
    9 outputs                                  files, reports, progress displays
   10 watch, web, cli, the package API         what users run

``KNOWN_BENDS`` would list imports that go up (none today); the test fails on any new one, and on a listed
one that is gone (so the list only shrinks). The store is storage only: it imports none of the analysis
(ingest, pipeline, engines, link); :mod:`newstrace.corpus` runs the analysis and writes the store.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newstrace"
LAYERS = {
    "about": 0, "config": 0, "dates": 0, "errors": 0, "facts": 0, "records": 0, "data": 0, "lexicon": 0, "lsh": 0,
    "ingest": 1, "nlp": 2, "extract": 3, "components": 4, "pipeline": 4, "store": 5, "engines": 6, "link": 7,
    "corpus": 8, "outputs": 9,
    "watch": 10, "web": 10, "cli": 10, "__init__": 10, "__main__": 10,
}
#: (importing module, imported top-level part) pairs that go up today.
KNOWN_BENDS: set[tuple[str, str]] = set()


def _part(module: str) -> str:
    return module.split(".")[0]


def imports() -> set[tuple[str, str]]:
    """``(module, imported top-level part)`` for every import of the package's own modules."""
    out = set()
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "newstrace":
                    out.update((module, alias.name) for alias in node.names)
                elif node.module.startswith("newstrace."):
                    out.add((module, _part(node.module.removeprefix("newstrace."))))
            elif isinstance(node, ast.Import):
                out.update((module, _part(a.name.removeprefix("newstrace."))) for a in node.names
                           if a.name.startswith("newstrace."))
    return out


def _layer(name: str) -> int:
    return LAYERS[_part(name)]


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {_part(".".join(p.relative_to(PACKAGE).with_suffix("").parts)) for p in PACKAGE.rglob("*.py")}
    assert parts <= set(LAYERS), parts - set(LAYERS)


def test_no_import_goes_up_a_layer() -> None:
    upward = {(m, t) for m, t in imports() if _layer(t) > _layer(m)}
    new = upward - KNOWN_BENDS
    assert not new, f"imports from a higher layer: {sorted(new)}"
    fixed = KNOWN_BENDS - upward
    assert not fixed, f"straightened: remove from KNOWN_BENDS: {sorted(fixed)}"


def test_the_store_does_not_run_the_analysis() -> None:
    analysis = {"ingest", "nlp", "components", "pipeline", "engines", "link", "corpus"}
    reaching = sorted((m, t) for m, t in imports() if _part(m) == "store" and t in analysis)
    assert not reaching, f"the store imports the analysis: {reaching}"
