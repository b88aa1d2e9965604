"""The word tables in ``newstrace/data/``: each documented under one key, each used, all read by one loader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newstrace.lexicon import DOC, load, mapping, table, words

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newstrace"
DATA = sorted((PACKAGE / "data").glob("*.json"))


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_every_table_says_what_it_holds_under_one_key(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data.get(DOC), str) and len(data[DOC]) > 40
    assert not {"about", "_about", "doc"} & set(data), "the description goes under '_doc'"
    assert load(path.stem) == data


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.stem)
def test_every_table_is_read_through_the_loader(path: Path) -> None:
    """A data file is read by name through newstrace.lexicon, never opened by a module itself."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "admin1_build.py")
    assert re.search(rf"\((?:\"|'){path.stem}(?:\"|')", sources), f"no module reads data/{path.name}"
    assert f'joinpath("{path.name}")' not in sources


def test_a_table_without_its_description_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import newstrace.lexicon as lexicon

    class Files:
        def joinpath(self, name: str) -> Files:
            return self

        def read_text(self, encoding: str) -> str:
            return '{"about": "old key", "words": ["a"]}'

    monkeypatch.setattr(lexicon.resources, "files", lambda package: Files())
    with pytest.raises(ValueError, match="'_doc'"):
        load("anything")


def test_mapping_folds_keys_and_word_lists() -> None:
    assert mapping("count_words", "head_predicates")["casualty"] == frozenset({"killed", "injured"})
    assert mapping("count_words", "unit_synonyms")["$"] == "USD"  # values that are not lists stay as written
    assert "troop" in table("count_words")["head_classes"]["soldier"]  # a table as written: class → its words
    assert words("role_words", "diplomatic") >= {"embassy", "state department"}
