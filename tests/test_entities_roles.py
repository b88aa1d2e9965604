"""Roles of people in entities: titles, role nouns that refer back to a person, names inside titled spans."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.entities import extract_entities
from newstrace.extract.roles import role_nouns


@pytest.mark.parametrize(
    ("role", "noun", "expected"),
    [
        ("Chinese Foreign Ministry spokesperson", "spokesperson", True),
        ("Chinese Foreign Ministry spokesperson", "diplomat", True),
        ("Chinese Foreign Ministry spokesperson", "official", True),
        ("Kremlin spokesperson", "diplomat", False),
        ("Senator", "lawmaker", True),
        ("Prime Minister", "premier", True),
        ("EU's chief diplomat", "diplomat", True),
        ("Fire Chief", "chief", True),
        ("marine engineer", "diplomat", False),
        (None, "spokesperson", False),
    ],
)
def test_role_nouns(role: str | None, noun: str, expected: bool) -> None:
    assert (noun in role_nouns(role)) is expected


def people(nlp: Language, text: str) -> dict[str, tuple[str | None, list[str]]]:
    """name → (role, every mention's text) for the people of ``text``."""
    return {
        e.name: (e.role, [text[s:end] for s, end in e.mentions])
        for e in extract_entities(nlp(text))
        if e.type == "PERSON"
    }


def test_role_noun_joins_the_person_named_before_it(nlp: Language) -> None:
    text = (
        "Foreign Ministry spokesperson Wu Qian spoke on Monday. The diplomat rejected the report. "
        "Later, the bloc's top diplomat, Anne Holm, arrived."
    )
    found = people(nlp, text)
    assert "diplomat" in " ".join(found["Wu Qian"][1]).lower()
    assert found["Anne Holm"][0] == "bloc's top diplomat"
    assert all("The diplomat" not in m and m != "diplomat" for m in found["Anne Holm"][1])


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # the model labels this span ORG; the title word before a name makes it a person
        ('"We were lucky," said Fire Chief Pieter de Vries, whose teams fought the blaze.', "Pieter de Vries",
         "Fire Chief"),
        ("Councilwoman Rita Gomez voted no.", "Rita Gomez", "Councilwoman"),
        ("Ms. Dana Chen thanked the volunteers.", "Dana Chen", None),
        ("Helen Marsh, an economist at Northfield Bank, spoke first.", "Helen Marsh", "economist"),
    ],
)
def test_titles_are_roles_not_names(nlp: Language, text: str, name: str, role: str | None) -> None:
    found = people(nlp, text)
    assert name in found
    assert found[name][0] == role


@pytest.mark.parametrize("text", ["General Electric raised its forecast.", "The Foreign Ministry issued a statement."])
def test_organisations_with_title_words_stay_organisations(nlp: Language, text: str) -> None:
    assert people(nlp, text) == {}


def test_forms_of_address_join_the_full_name(nlp: Language) -> None:
    text = "Health Secretary Wes Streeting visited the hospital. Mr Streeting said the unit would stay open."
    assert people(nlp, text) == {"Wes Streeting": ("Health Secretary", ["Wes Streeting", "Streeting"])}


@pytest.mark.parametrize(
    ("text", "name", "joined"),
    [
        # a capitalised title in apposition is a role, and the bare title refers back to its holder
        ("The Chancellor, Rachel Reeves, defended the budget. Critics said the Chancellor had broken a promise.",
         "Rachel Reeves", True),
        # ... but not to a shadow, vice, deputy or former holder of that title
        ("The shadow chancellor, Mel Stride, attacked the plan. Later the Chancellor replied.", "Mel Stride", False),
        ("Vice President Kamala Harris met the president. The president said the talks were useful.",
         "Kamala Harris", False),
    ],
)  # fmt: skip
def test_a_bare_title_refers_back_only_to_the_same_office(nlp: Language, text: str, name: str, joined: bool) -> None:
    role, mentions = people(nlp, text)[name]
    assert role is not None
    assert any(m.lower() in ("chancellor", "president") for m in mentions) is joined
