"""Word tables kept as data: one loader for the documented JSON files in ``newstrace/data/``.

Each file has a ``_doc`` string saying what its lists are and where they are used. Lists of words are read
as folded (lower-case) frozensets, so a rule asks ``word in words("people", "nouns")``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def wordset(text: str) -> frozenset[str]:
    """The white-space separated words of ``text``: the short word sets kept in code are written as one string."""
    return frozenset(text.split())


@cache
def table(name: str) -> dict[str, Any]:
    """The whole table ``data/<name>.json``."""
    data: dict[str, Any] = json.loads(resources.files("newstrace.data").joinpath(f"{name}.json").read_text("utf-8"))
    return data


@cache
def words(name: str, key: str) -> frozenset[str]:
    """The list ``key`` of table ``name``, lower-cased, as a set."""
    return frozenset(str(w).lower() for w in table(name)[key])
