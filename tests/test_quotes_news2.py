"""Quote constructions of issue 15, second round, on sentences written for these tests: speech acts whose
content is a complement ("apologised for …", "accused X of …", "described X as …", a court's order), a belief
reported inside the same speaker's statement, "it" for a document the sentence before brought in, a name down a
chain of appositives after a fronted phrase, and `"…," the post read`. Each positive case lists every quote the
text must give; each negative case says what must not come out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from test_quotes import Expected, check, quotes_of

POSITIVE: list[tuple[str, Expected]] = [
    # speech acts with their content in a complement, reported with the verb
    (
        "The water company apologised on Tuesday for the loss of supply in three villages.",
        [("apologised on Tuesday for the loss of supply", "water company", "indirect")],
    ),
    (
        "The fire chief praised the volunteers for their work through the night.",
        [("praised the volunteers for their work", "fire chief", "indirect")],
    ),
    (
        "The opposition leader accused the minister of hiding the cost of the bridge.",
        [("accused the minister of hiding the cost", "opposition leader", "indirect")],
    ),
    (
        "The inspector described the kitchen as the dirtiest she had seen in a decade.",
        [("described the kitchen as the dirtiest", "inspector", "indirect")],
    ),
    (
        "Detectives appealed for witnesses to the robbery at the post office.",
        [("appealed for witnesses to the robbery", "Detectives", "indirect")],
    ),
    (
        "A court in Lyon ordered the landlord to repair the heating within a month.",
        [("ordered the landlord to repair the heating", "court in Lyon", "indirect")],
    ),
    # a belief reported inside the statement of the same speaker belongs to it
    (
        "Dock workers said they feared their contracts would not be renewed.",
        [("they feared their contracts would not be renewed", "Dock workers", "indirect")],
    ),
    # "it" for the statement the sentence before brought in speaks for whoever read it
    (
        'After the hearing, the club\'s secretary, Tomasz Wolny, read a statement. "We accept the fine," it said.',
        [("We accept the fine", "Tomasz Wolny", "direct")],
    ),
    (
        "The harbour board released a report on Friday. It said the pier was unsafe.",
        [("the pier was unsafe", "harbour board", "indirect")],
    ),
    # a fronted phrase the parser took for the subject, the name two appositives down
    (
        "Outside the courthouse, the family's lawyer, Ines Varga, said the verdict would be appealed.",
        [("the verdict would be appealed", "Ines Varga", "indirect")],
    ),
    # "read" parsed as a noun after "the post": the post's issuer speaks
    (
        'The regiment\'s post said two drones had been shot down. "The sky was full of them," the post read.',
        [("two drones had been shot down", "regiment", "indirect"), ("The sky was full of them", "regiment", "direct")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_news_constructions_second_round(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


NEGATIVE: list[tuple[str, str]] = [
    # acts without their complement report nothing
    ("The mayor thanked him.", "thanked"),
    ("She described the scene.", "described"),
    ("They accused him.", "accused"),
    ("The council apologised.", "apologised"),
    # an order is a ruling only from a court or a judge
    ("The general ordered his troops to advance on the town.", "advance"),
    ("The aviation agency ordered airlines to inspect the engines.", "inspect"),
    # quoted words after "as" are the quote, not an act
    ('She described the film only as "a comedy, sort of".', "described"),
]


@pytest.mark.parametrize(("text", "absent"), NEGATIVE)
def test_not_statements_second_round(nlp: Language, text: str, absent: str) -> None:
    quotes = quotes_of(nlp, text)
    assert not [q for q in quotes if absent in q.text], [(q.text, q.speaker) for q in quotes]


def test_a_belief_of_another_speaker_is_kept(nlp: Language) -> None:
    quotes = quotes_of(nlp, "The union said the minister believed the plan would fail.")
    assert any(q.text == "the plan would fail" and q.speaker == "minister" for q in quotes), [
        (q.text, q.speaker) for q in quotes
    ]
