"""Story ids kept across recomputations: inherited by overlap, never reused, kept in the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.corpus import Corpus
from newstrace.link.compare import compare
from newstrace.link.story_ids import inherit_ids, next_number
from newstrace.records import Analysis, InputRecord

LINK = Path(__file__).parent / "fixtures" / "link"


@pytest.mark.parametrize(
    ("groups", "kept", "expected"),
    [
        # nothing kept: numbered in order
        ([["a"], ["b"]], {}, ["s1", "s2"]),
        # a story that grew keeps its id; a new one is numbered after the highest kept id
        ([["x"], ["a", "b", "c"]], {"s4": ["a", "b"]}, ["s5", "s4"]),
        # two stories merged: the merged one keeps the id of its larger part; the other id is not reused
        ([["a", "b", "c"], ["z"]], {"s1": ["a"], "s2": ["b", "c"]}, ["s2", "s3"]),
        # a story split: the larger part keeps the id, the other gets a new one
        ([["a"], ["b", "c"]], {"s1": ["a", "b", "c"]}, ["s2", "s1"]),
        # an equal split: the earlier group keeps it (deterministic)
        ([["a"], ["b"]], {"s1": ["a", "b"]}, ["s1", "s2"]),
        # an id whose story has no article left is not given again
        ([["q"]], {"s9": []}, ["s10"]),
    ],
)
def test_inherit_ids(groups: list[list[str]], kept: dict[str, list[str]], expected: list[str]) -> None:
    assert inherit_ids(groups, kept) == expected


def test_next_number_ignores_ids_of_another_form() -> None:
    assert next_number(["s2", "story-9", "s10"]) == 11 and next_number([]) == 1


def _analyses(name: str) -> list[Analysis]:
    lines = (LINK / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


def test_compare_gives_each_story_its_kept_id_whatever_the_input_order() -> None:
    harbor, people = _analyses("harbor.jsonl"), _analyses("people.jsonl")
    first = compare(harbor + people)
    kept = {s.id: s.articles for s in first.stories}
    again = compare(people + harbor, kept_stories=kept)
    assert {s.id: sorted(s.articles) for s in again.stories} == {k: sorted(v) for k, v in kept.items()}
    # an article that is not in any kept story's list joins by overlap: the story keeps its id
    fewer = {sid: arts[:-1] if len(arts) > 1 else arts for sid, arts in kept.items()}
    grown = compare(harbor + people, kept_stories=fewer)
    assert [s.id for s in grown.stories] == [s.id for s in first.stories]


def test_the_corpus_keeps_story_ids_across_ingests(analyzer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    samples = Path(__file__).parents[1] / "samples" / "articles.jsonl"
    rows = [json.loads(line) for line in samples.read_text(encoding="utf-8").splitlines() if line.strip()]
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest_records([InputRecord(**{k: r[k] for k in ("id", "text", "published", "source")})
                               for r in rows[1:]])
        at_ingest = {sid: set(arts) for sid, arts in corpus.kept_stories().items() if arts}  # joined at ingest
        counts = corpus.relink()
        before = {s.id: set(s.articles) for s in corpus.compare().stories}
        assert before == at_ingest and counts["new"] == 0 and counts["moved"] == 0
        # the first sample article arrives later: its story keeps the id it had
        first = rows[0]
        corpus.ingest_records([InputRecord(**{k: first[k] for k in ("id", "text", "published", "source")})])
        after = {s.id: set(s.articles) for s in corpus.compare().stories}
        joined = next(sid for sid, arts in after.items() if first["id"] in arts)
        assert joined in before and after[joined] == before[joined] | {first["id"]}  # it joined its wire story
        assert all(after[sid] >= arts for sid, arts in before.items())
        counts = corpus.relink()
        assert counts["moved"] == 0 and counts["gone"] == 0
    with Corpus(tmp_path / "c.db", readonly=True) as corpus:  # a reader (the web UI) sees the same ids
        assert {s.id: set(s.articles) for s in corpus.compare().stories} == after
