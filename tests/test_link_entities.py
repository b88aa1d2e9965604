"""Cross-article entities: one person under all their spellings, different people kept apart, places by ISO."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.link.compare import compare
from newstrace.link.entities import resolve_entities
from newstrace.link.names import name_similarity, parse_name
from newstrace.link.results import Comparison, CrossEntity
from newstrace.records import Analysis, Entity

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(name: str) -> list[Analysis]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


def holding(c: Comparison, name: str) -> list[CrossEntity]:
    """Cross-article entities that have ``name`` as their name or an alias."""
    return [e for e in c.entities if name == e.name or name in e.aliases]


def one(c: Comparison, name: str) -> CrossEntity:
    found = holding(c, name)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


@pytest.fixture(scope="module")
def people() -> Comparison:
    return compare(load("people.jsonl"))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskiy", True),
        ("V. Zelensky", "Volodymyr Zelensky", True),
        ("Marta Kowalczyk", "Marta Kowalczik", True),
        ("Wang Guanjun", "Wang Guangjun", True),
        ("Pieter de Vries", "Anna de Vries", False),
        ("Lin Jian", "Wu Jian", False),
        ("Lin Jian", "Lin Jiang", False),  # short name words must match exactly
        ("Anna de Vries", "Anna Vries", False),
        ("John Smith", "Jane Smith", False),
    ],
)
def test_name_similarity(a: str, b: str, same: bool) -> None:
    pa, pb = parse_name(a), parse_name(b)
    assert pa is not None and pb is not None
    assert (name_similarity(pa, pb) > 0) is same


def test_transliterations_join_with_all_aliases(people: Comparison) -> None:
    z = one(people, "Volodymyr Zelensky")
    assert {"Volodymyr Zelenskyy", "Zelenskiy", "Zelensky"} <= {z.name, *z.aliases}
    assert z.articles == ["talks-a", "talks-b", "talks-c"]  # the bare "Zelenskiy" of talks-c too
    assert one(people, "Wang Guanjun") is one(people, "Wang Guangjun")
    assert one(people, "Marta Kowalczyk") is one(people, "Marta Kowalczik")


def test_same_name_in_two_articles_is_one_entity(people: Comparison) -> None:
    lin = one(people, "Lin Jian")
    assert lin.articles == ["talks-a", "talks-b"]
    assert "Chinese Foreign Ministry spokesperson" in lin.roles


def test_people_sharing_a_family_name_stay_apart(people: Comparison) -> None:
    assert one(people, "Anna de Vries") is not one(people, "Pieter de Vries")
    assert one(people, "Lin Jian") is not one(people, "Wu Jian")


def test_a_bare_name_that_fits_two_people_joins_neither(people: Comparison) -> None:
    jian = one(people, "Jian")
    assert jian.articles == ["talks-c"]
    assert "Jian" not in one(people, "Lin Jian").aliases and "Jian" not in one(people, "Wu Jian").aliases


def test_people_named_side_by_side_in_one_article_stay_apart() -> None:
    c = compare(load("harbor.jsonl"))
    anna, pieter = one(c, "Anna de Vries"), one(c, "Pieter de Vries")
    assert anna is not pieter
    assert "harbor-03" in anna.articles and "harbor-03" in pieter.articles
    kow = one(c, "Marta Kowalczyk")
    assert "Marta Kowalczik" in kow.aliases and len(kow.articles) == 5
    assert one(c, "Baltica Tankers") is one(c, "Baltica Tankers of Gdańsk")


def _article(id: str, *entities: Entity) -> Analysis:
    text = " ".join(e.name for e in entities) + "."
    return Analysis(id=id, text=text, entities=list(entities))


def test_places_join_by_iso_code_and_cities_by_name() -> None:
    a = _article("a", Entity("e1", "Kiev", "GPE", iso="UA-30", mentions=[(0, 4)]),
                 Entity("e2", "Ukraine", "GPE", iso="UA", mentions=[(5, 12)]))
    b = _article("b", Entity("e1", "Kyiv", "GPE", iso="UA-30", mentions=[(0, 4)]),
                 Entity("e2", "Luhansk", "GPE", iso="UA", mentions=[(5, 12)]),
                 Entity("e3", "Ukraine", "GPE", iso="UA", mentions=[(13, 20)]))
    _, ref = resolve_entities([a, b], {"a": "s1", "b": "s1"})
    assert ref[("a", "e1")] == ref[("b", "e1")]  # Kiev / Kyiv: one ISO 3166-2 code
    assert ref[("a", "e2")] == ref[("b", "e3")]  # Ukraine
    assert ref[("b", "e2")] != ref[("b", "e3")]  # a city carries its country's code, but is not the country


def test_an_org_that_is_a_title_and_a_name_is_that_person() -> None:
    a = _article("a", Entity("e1", "Fire Chief Pieter de Vries", "ORG", mentions=[(0, 26)]))
    b = _article("b", Entity("e1", "Pieter de Vries", "PERSON", mentions=[(0, 15)]))
    ents, ref = resolve_entities([a, b], {"a": "s1", "b": "s1"})
    assert ref[("a", "e1")] == ref[("b", "e1")]
    assert [e.type for e in ents] == ["PERSON"]


def test_spelling_variants_in_unrelated_stories_need_the_same_given_name() -> None:
    a = _article("a", Entity("e1", "Marta Kowalczyk", "PERSON", mentions=[(0, 15)]))
    b = _article("b", Entity("e1", "Marta Kowalczik", "PERSON", mentions=[(0, 15)]))
    c = _article("c", Entity("e1", "Maria Kowalczik", "PERSON", mentions=[(0, 15)]))
    _, ref = resolve_entities([a, b, c], {"a": "s1", "b": "s2", "c": "s3"})
    assert ref[("a", "e1")] == ref[("b", "e1")]
    assert ref[("c", "e1")] != ref[("b", "e1")]


def test_every_article_entity_belongs_to_exactly_one_cross_entity(people: Comparison) -> None:
    refs = [(m.article, m.entity) for e in people.entities for m in e.mentions]
    assert len(refs) == len(set(refs)) == sum(len(a.entities) for a in people.analyses.values())
