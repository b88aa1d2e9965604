"""Claim groups: figures that measure one thing, grouped across and within articles, with a status that takes
qualifiers and wire copies into account; statements of one speaker grouped by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.link.claims import consistent
from newstrace.link.common import Sentences
from newstrace.link.compare import compare
from newstrace.link.measures import compatible, measure_of
from newstrace.link.results import Claim, Comparison
from newstrace.link.statements import relation
from newstrace.records import Analysis, Quantity

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(name: str) -> list[Analysis]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def flood() -> Comparison:
    return compare(load("figures.jsonl"))


@pytest.fixture(scope="module")
def harbor() -> Comparison:
    return compare(load("harbor.jsonl"))


def group(c: Comparison, article: str, value: float, text: str | None = None) -> Claim:
    """The figure group holding ``article``'s figure ``value`` (and ``text``), as score.py finds it."""
    for claim in c.claims:
        for m in claim.members:
            if m.article == article and m.value == value and (text is None or m.text == text):
                return claim
    raise AssertionError(f"no group holds {article} {value}")


def values(claim: Claim) -> list[tuple[str, float | int | None]]:
    return [(m.article, m.value) for m in claim.members]


def q(value: float, qualifier: str = "exact", high: float | None = None) -> Quantity:
    return Quantity(text=str(value), start=0, end=1, value=value, qualifier=qualifier, high=high)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("figures", "ok"),
    [
        ([q(155), q(155, "at_least")], True),
        ([q(155), q(163, "at_least")], False),
        ([q(155), q(163, "at_least"), q(155, "at_least")], False),
        ([q(14, "approx"), q(14)], True),
        ([q(14, "approx"), q(12)], False),
        ([q(30, "approx"), q(35, "approx")], False),
        ([q(11), q(14)], False),
        ([q(50, "more_than"), q(50)], False),
        ([q(40, "range", high=60), q(50, "more_than")], True),
        ([q(20, "at_most"), q(25, "less_than"), q(18)], True),
    ],
)
def test_consistency_takes_qualifiers_into_account(figures: list[Quantity], ok: bool) -> None:
    assert consistent(figures) is ok


def test_agreeing_and_qualifier_consistent_figures_are_corroborated(flood: Comparison) -> None:
    families = group(flood, "flood-a", 155, "At least 155")
    assert values(families) == [("flood-a", 155), ("flood-b", 155), ("flood-c", 155)]
    assert families.status == "corroborated" and families.sources == 3
    homes = group(flood, "flood-b", 40)
    assert values(homes) == [("flood-a", 40), ("flood-b", 40)] and homes.status == "corroborated"


def test_differing_figures_are_one_group_that_differs(flood: Comparison, harbor: Comparison) -> None:
    deaths = group(flood, "flood-c", 14)
    assert values(deaths) == [("flood-c", 14), ("flood-c", 11)] and deaths.status == "differs"
    injured = group(harbor, "harbor-01", 14)
    assert sorted(values(injured)) == [
        ("harbor-01", 14), ("harbor-02", 12), ("harbor-03", 11), ("harbor-04", 14), ("harbor-05", 12)]
    assert injured.status == "differs" and injured.sources == 4


def test_figures_of_one_article_that_contradict_each_other_differ(flood: Comparison) -> None:
    missing = group(flood, "flood-a", 26)
    assert ("flood-a", 20) in values(missing) and ("flood-b", 20) in values(missing)
    assert missing.status == "differs"


def test_same_value_of_a_different_measure_is_another_group(flood: Comparison) -> None:
    assert group(flood, "flood-a", 155, "155 kilometres") is not group(flood, "flood-a", 155, "At least 155")
    assert group(flood, "flood-a", 20) is not group(flood, "flood-c", 14)  # missing, not dead


def test_a_wire_copy_does_not_corroborate_its_original() -> None:
    c = compare(load("wire.jsonl"))
    climbers = group(c, "alps-wire", 30)
    assert values(climbers) == [("alps-wire", 30), ("alps-reprint", 30)]
    assert climbers.status == "single_source" and climbers.sources == 1
    assert {m.origin for m in climbers.members} == {"outlet:alpine wire"}
    statement = next(x for x in c.claims if x.kind == "statement")
    assert statement.status == "single_source" and len(statement.members) == 2


def test_independent_sources_corroborate_even_with_a_copy_among_them(harbor: Comparison) -> None:
    fuel = group(harbor, "harbor-01", 3000)
    assert len(fuel.members) == 5 and fuel.sources == 4 and fuel.status == "corroborated"


def test_a_figure_in_the_same_sentence_as_another_is_not_the_same_measure(harbor: Comparison) -> None:
    assert group(harbor, "harbor-02", 3) is not group(harbor, "harbor-02", 12)  # "12 people, including three"


def test_each_figure_is_in_exactly_one_group(harbor: Comparison) -> None:
    members = [(m.article, m.start) for c in harbor.claims if c.kind == "quantity" for m in c.members]
    assert len(members) == len(set(members)) == sum(len(a.quantities) for a in harbor.analyses.values())


def test_figures_that_share_only_a_unit_are_not_grouped() -> None:
    text_a = "In Rotterdam, Nordic Ember crews said boats were alongside within nine minutes of the alarm."
    text_b = "In Rotterdam, the Nordic Ember union says firefighters waited 40 minutes for foam."
    arts = []
    for aid, text, fig, value in (("a", text_a, "nine minutes", 9), ("b", text_b, "40 minutes", 40)):
        i = text.index(fig)
        arts.append(Analysis(id=aid, text=text, published="2026-03-04", source=aid.upper(), quantities=[
            Quantity(text=fig, start=i, end=i + len(fig), value=value, unit="minute")]))
    c = compare(arts)
    assert len(c.stories) == 1
    assert group(c, "a", 9) is not group(c, "b", 40)


def test_statements_carry_no_values(harbor: Comparison) -> None:
    assert all(m.value is None for c in harbor.claims if c.kind == "statement" for m in c.members)


def _measure(text: str, figure: str, counted: str | None) -> Quantity:
    i = text.index(figure)
    return Quantity(text=figure, start=i, end=i + len(figure), value=1, counted=counted)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Officials said 155 Chinese citizens were fighting for Russia.", "155", "Chinese citizens"),
         ("A document shows at least 163 Chinese nationals serving in the army.", "163", "Chinese nationals"), True),
        (("Kyiv captured two Chinese nationals in the east.", "two", "Chinese nationals"),
         ("He said 155 Chinese nationals are fighting in the army.", "155", "Chinese nationals"), False),
        (("Kyiv captured two Chinese nationals.", "two", "Chinese nationals"),
         ("Kyiv captured two North Korean soldiers.", "two", "North Korean soldiers"), False),
        (("At least 14 crew members were injured.", "14", "crew members"),
         ("The fire injured 12 people on Tuesday.", "12", "people"), True),
        (("At least 14 crew members were injured.", "14", "crew members"),
         ("The storm killed 12 people on Tuesday.", "12", "people"), False),
        (("There were 13 Chinese recruits in the list.", "13", "Chinese recruits"),
         ("He said 155 Chinese citizens were fighting.", "155", "Chinese citizens"), False),
        (("At least 155 Chinese are fighting in the army.", "155", None),
         ("He said 155 Chinese nationals were fighting for Russia.", "155", "Chinese nationals"), True),
        (("At least 155 Chinese are fighting in the army.", "155", None),
         ("Kyiv said 140 Ukrainians were fighting there.", "140", None), False),
        (("At least 20 servicemen were killed.", "20", "servicemen"),
         ("The attack killed 20 soldiers.", "20", "soldiers"), True),
        (("The tanker carried 3,000 tonnes of fuel.", "3,000 tonnes", None),
         ("It was loaded with 3,000 tonnes of fuel.", "3,000 tonnes", None), True),
        (("The tanker carried 3,000 tonnes of fuel.", "3,000 tonnes", None),
         ("Ten ships were waiting.", "Ten", "ships"), False),
    ],
)
def test_what_figures_measure(a: tuple[str, str, str | None], b: tuple[str, str, str | None], same: bool) -> None:
    ma = measure_of(_measure(*a), a[0], Sentences(a[0]))
    mb = measure_of(_measure(*b), b[0], Sentences(b[0]))
    assert compatible(ma, mb) is same


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("We are cooling the hull and the neighbouring tanks", "we are cooling the hull and the neighbouring tanks.",
         "verbatim"),
        ("cooling the hull and the neighbouring tanks", "We are cooling the hull and the neighbouring tanks",
         "verbatim"),
        ("The government asks its citizens to stay away from areas of armed conflict and avoid military operations",
         "Our government urged citizens to stay away from conflict zones and to avoid joining military operations",
         "paraphrase"),
        ("We are cooling the hull and the neighbouring tanks", "It will take time.", None),
        ("The port will reopen in stages", "People who live along the river deserve a straight answer", None),
    ],
)
def test_statement_relation(a: str, b: str, expected: str | None) -> None:
    assert relation(a, b) == expected


def test_one_statement_rendered_by_several_outlets_is_one_group(harbor: Comparison) -> None:
    jansen = [c for c in harbor.claims if c.kind == "statement" and c.subject == "Sanne Jansen"]
    assert len(jansen) == 1
    assert [m.article for m in jansen[0].members] == ["harbor-02", "harbor-03", "harbor-05"]
    assert jansen[0].status == "corroborated" and jansen[0].sources == 2  # harbor-05 copies harbor-02
    kowalczyk = [c for c in harbor.claims if c.kind == "statement" and c.subject == "Marta Kowalczyk"]
    assert len(kowalczyk) == 6  # six different statements, under one speaker in spite of the spellings
    assert len({c.speaker for c in kowalczyk}) == 1  # "Kowalczik" of harbor-03 included
