"""Word tables kept as data: one loader for the documented JSON files in ``newstrace/data/``.

Each file is a JSON object whose :data:`DOC` key (``_doc``) says what its lists and mappings are and where
they are used; every other key is a table. Lists of words are read as folded (lower-case) frozensets, so a
rule asks ``word in words("people", "nouns")``; mappings of words through :func:`mapping`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

#: The key of every data file's description.
DOC = "_doc"


def wordset(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``: the short word sets kept in code are written as one string."""
    return frozenset(text.split())


def load(name: str) -> dict[str, Any]:
    """The whole table ``data/<name>.json``, read now (for a large table read once, such as the gazetteer's
    sources; :func:`table` keeps what it reads)."""
    data: dict[str, Any] = json.loads(resources.files("newstrace.data").joinpath(f"{name}.json").read_text("utf-8"))
    if not isinstance(data.get(DOC), str):
        raise ValueError(f"data/{name}.json has no {DOC!r}: say what its tables are and which modules use them")
    return data


@cache
def table(name: str) -> dict[str, Any]:
    """The whole table ``data/<name>.json``, read once."""
    return load(name)


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The list ``key`` of table ``name``, lower-cased, as a set."""
    return frozenset(str(w).lower() for w in table(name)[key])


@cache
def mapping(name: str, key: str) -> dict[str, Any]:
    """The mapping ``key`` of table ``name``, its keys lower-cased; a value that is a list of words becomes a
    lower-cased frozenset (``{"casualty": ["killed", "injured"]}``), any other value stays as written."""
    return {
        str(k).lower(): frozenset(str(w).lower() for w in v) if isinstance(v, list) else v
        for k, v in table(name)[key].items()
    }
