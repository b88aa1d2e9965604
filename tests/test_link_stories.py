"""Stories: articles about one event grouped, other events apart, copies with their original."""

from __future__ import annotations

import json
import random
from pathlib import Path

from newstrace.link.near_duplicates import originals
from newstrace.link.stories import StoryOptions, group_stories
from newstrace.records import Analysis, Entity

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(*names: str) -> list[Analysis]:
    out = []
    for name in names:
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(Analysis.from_dict(json.loads(line)))
    return out


def test_each_event_is_one_story() -> None:
    arts = load("harbor.jsonl", "figures.jsonl", "wire.jsonl", "people.jsonl")
    groups = group_stories(arts, originals((a.id, a.text) for a in arts))
    assert groups == [
        ["harbor-01", "harbor-02", "harbor-03", "harbor-04", "harbor-05"],
        ["flood-a", "flood-b", "flood-c"],
        ["alps-wire", "alps-reprint"],
        ["talks-a", "talks-b", "talks-c"],
    ]


def test_a_copy_joins_its_originals_story_without_sharing_names() -> None:
    a = Analysis(id="a", text="Storm hits Oslo. Mayor Kari Berg said roads were closed.", published="2026-01-02")
    b = Analysis(id="b", text="Unrelated words entirely.", published="2026-01-02")
    assert group_stories([a, b], {"b": "a"}) == [["a", "b"]]


def test_articles_far_apart_in_time_are_different_stories() -> None:
    text = "Mayor Kari Berg of Oslo opened the Nordlys Bridge with engineer Ola Dahl of Fjord Build."
    a = Analysis(id="a", text=text, published="2026-01-02")
    b = Analysis(id="b", text=text.replace("opened", "closed"), published="2026-09-02")
    c = Analysis(id="c", text=text.replace("opened", "inspected"), published="2026-01-05")
    assert group_stories([a, b, c]) == [["a", "c"], ["b"]]


def _synthetic(n_stories: int, per_story: int, seed: int = 3) -> list[Analysis]:
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "pe", "do", "ga"]

    def name() -> str:
        return "".join(rng.choice(syll) for _ in range(3)).capitalize()

    out = []
    for s in range(n_stories):
        cast = [f"{name()} {name()}" for _ in range(5)]
        for k in range(per_story):
            people = rng.sample(cast, 4)
            text = f"In Oslo, {people[0]} met {people[1]} and {people[2]}. {people[3]} said talks went well."
            ents = [Entity(f"e{i}", p, "PERSON", mentions=[(text.index(p), text.index(p) + len(p))])
                    for i, p in enumerate(people, 1)]
            out.append(Analysis(id=f"s{s}-{k}", text=text, entities=ents, published="2026-01-01"))
    rng.shuffle(out)
    return out


def test_many_stories_are_told_apart() -> None:
    arts = _synthetic(60, 4)
    groups = group_stories(arts, options=StoryOptions(min_docs_for_df=100, all_pairs_below=0))  # by LSH
    assert sorted(sorted(g) for g in groups) == sorted(
        sorted(f"s{s}-{k}" for k in range(4)) for s in range(60)
    )
