"""The import graph flows one way: no module imports from a layer above its own.

Layers, lowest first (a module may import from its own layer and the ones below):

    0 about, config, errors, facts, records   the typed records and the registry
    1 ingest                                   reading records
    2 nlp                                      the spaCy pipeline and the gazetteer
    3 extract                                  facts per article
    4 components, pipeline                     the extractors as spaCy components; parse + extractors
    5 engines                                  where analysis runs
    6 link                                     across articles
    7 store                                    the SQLite corpus, its export (and, for now, the ingest that fills it)
    8 outputs                                  files, reports, progress displays
    9 watch, web, cli, the package API         what users run

``KNOWN_BENDS`` would list imports that go up (none today); the test fails on any new one, and on a listed
one that is gone (so the list only shrinks). Still to straighten (issue 18), though not upward in this
order: the store runs the pipeline and the engines to ingest.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newstrace"
LAYERS = {
    "about": 0, "config": 0, "dates": 0, "errors": 0, "facts": 0, "records": 0, "data": 0, "lexicon": 0,
    "ingest": 1, "nlp": 2, "extract": 3, "components": 4, "pipeline": 4, "engines": 5, "link": 6, "store": 7,
    "outputs": 8,
    "watch": 9, "web": 9, "cli": 9, "__init__": 9, "__main__": 9,
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
