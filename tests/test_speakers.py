"""Speaker resolution: pronouns, role nouns, organisations and unnamed speakers, in text order."""

from __future__ import annotations

import pytest
from spacy.language import Language

from newstrace.extract.entities import extract_entities
from newstrace.extract.quotes import extract_quotes


def speakers(nlp: Language, text: str) -> list[tuple[str | None, str]]:
    """(speaker, the mention it rests on) for every quote of ``text``."""
    doc = nlp(text)
    out = []
    for q in extract_quotes(doc, extract_entities(doc)):
        assert q.speaker_span is not None
        out.append((q.speaker, text[q.speaker_span[0] : q.speaker_span[1]]))
    return out


CASES: list[tuple[str, list[tuple[str | None, str]]]] = [
    # a role noun goes to the person named before it, never to one named later
    ('Foreign Ministry spokesperson Wu Qian said the sanctions were illegal. "We will respond," the diplomat said. '
     'Later, the bloc\'s top diplomat, Anne Holm, called the sanctions "overdue."',
     [("Wu Qian", "Wu Qian"), ("Wu Qian", "diplomat"), ("Anne Holm", "Anne Holm")]),
    # of two people with the same title, the most recent one
    ("Interior Minister Jan Kowal said the border would stay open. Finance Minister Eva Nowak said the budget was "
     'balanced. "We have no deficit," the minister said.',
     [("Jan Kowal", "Jan Kowal"), ("Eva Nowak", "Eva Nowak"), ("Eva Nowak", "minister")]),
    # a description that says a different kind of secretary is not the secretary named before
    ("Nurses' union general secretary Pat Cullen said nurses were exhausted. Labour's shadow health secretary "
     "said the plan was a drop in the ocean.",
     [("Pat Cullen", "Pat Cullen"), ("Labour's shadow health secretary", "Labour's shadow health secretary")]),
    # gender from honorifics rules out the nearer person
    ('Ms. Chen thanked the volunteers. Mr. Park, her deputy, left early. "They made this possible," she said.',
     [("Chen", "she")]),
    # a person introduced as a subject after the last speaker takes the pronoun
    ("Union leader Mark Tully said the strike would go ahead. Fire Chief Ana Silva disagreed with the union. "
     '"Nobody will be left unprotected," she said.',
     [("Mark Tully", "Mark Tully"), ("Ana Silva", "she")]),
    # the speaker of the last quote keeps the pronoun over a person only mentioned
    ('Governor Ray Dunn met Senator Lisa Hart on Monday. Hart said the meeting was productive. '
     '"We agreed on a lot," she said.',
     [("Lisa Hart", "Hart"), ("Lisa Hart", "she")]),
    # a surname the model missed still finds the person named before
    ('Detective Sam Ortiz spoke to the press. "We have a suspect," Ortiz said.', [("Sam Ortiz", "Ortiz")]),
    # places, governments and companies speak too
    ("Berlin has said it will send more troops. The Chinese government has denied any role in the attack.",
     [("Berlin", "Berlin"), ("Chinese government", "Chinese government")]),
    ("The company reported a loss on Tuesday. It said demand had collapsed in Asia.", [("company", "It")]),
    # an organisation is "it", not "he": the pronoun finds no one rather than the company
    ('The company said sales had doubled. "We are delighted," he said.', [("company", "company")]),
    ('A witness said the car was speeding. "It came out of nowhere," she said.',
     [("witness", "witness"), ("witness", "she")]),
    ("Local officials said the road would reopen on Friday. They added that repairs would cost $2 million.",
     [("Local officials", "Local officials"), ("Local officials", "They")]),
    # "X said he …": the pronoun subject of the reported clause is X (here past a party tag in parentheses)
    ('Treasury Secretary Amy Ross said the plan was sound. Sen. Paul Ito (R., Ohio) said he expected it to fail '
     '"by a wide margin."',
     [("Amy Ross", "Amy Ross"), ("Paul Ito", "he")]),
    # a person named inside what someone said is not the one "he" turns to next
    ('Coach Hal Dorn told reporters that his striker, Leo Park, had asked to leave. "We will miss him," he said.',
     [("Hal Dorn", "Hal Dorn"), ("Hal Dorn", "he")]),
    # nor is the speaker of a statement reported inside another one
    ('Witness Tom Grady told police he saw the van before the driver admitted he had been drinking. '
     '"I will never forget it," he said.',
     [("Tom Grady", "Tom Grady"), ("driver", "driver"), ("Tom Grady", "he")]),
    # a person noun with a name in apposition is that person, whatever label the model gave the name
    ('One fan, Greta Voss, told the BBC she had queued since dawn. "It was worth it," she said.',
     [("Greta Voss", "Greta Voss"), ("Greta Voss", "she")]),
    # ... also when the parser hangs the name on the noun's complement
    ("A farmer from Sindh, Ghulam Rasool, said the water rose within minutes.", [("Ghulam Rasool", "Ghulam Rasool")]),
    # a signature line does not lend its name to the sentence below it
    ('"We ran for our lives."\n— Omar Haddad, a shop owner\nFire Chief Lena Ortiz urged people to stay away. '
     '"The smoke is toxic," she said.',
     [("Omar Haddad", "Omar Haddad"), ("Lena Ortiz", "Lena Ortiz"), ("Lena Ortiz", "she")]),
    # "the airline", "the union", "the agency": the organisation named before, of the right kind
    ("Northwind Airways cancelled 80 flights on Monday. The airline said a software fault was to blame.",
     [("Northwind Airways", "airline")]),
    ("The Bakers Union met on Monday. The union said its members had voted to strike.",
     [("Bakers Union", "union")]),
    ("Under a ruling by the Federal Trade Commission, the company said, it must sell two stores.",
     [("company", "company")]),
    # a description is cut before its relative clause
    ("A spokesman for the airline, who declined to be named, said flights would resume on Friday.",
     [("spokesman for the airline", "spokesman for the airline")]),
    # the shadow minister is not the minister
    ("The Home Secretary, Priya Shah, defended the plan. The shadow home secretary said it would fail.",
     [("shadow home secretary", "shadow home secretary")]),
    # unnamed and several speakers stay descriptive
    ("A spokesperson for the mayor's office said that 120 businesses had received grants.",
     [("spokesperson for the mayor's office", "spokesperson for the mayor's office")]),
    ("Tim Ford and Ola Berg have expressed their wish to be released.",
     [("Tim Ford and Ola Berg", "Tim Ford and Ola Berg")]),
    # a relative clause speaks for the noun it hangs on
    ("Analyst Rosa Lind, who said that the plan was flawed, left the meeting early.", [("Rosa Lind", "Rosa Lind")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_speakers(nlp: Language, text: str, expected: list[tuple[str | None, str]]) -> None:
    assert speakers(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # no antecedent at all: no quote rather than a guess
        '"It\'s over," he said.',
        # "some" does not say who
        'Shop owners met on Monday, and some called the grants "too little, too late."',
        # first person outside quotes is the writer, not a source
        "We said last week that the vote would be close.",
    ],
)
def test_unresolvable_speakers_give_no_quote(nlp: Language, text: str) -> None:
    assert speakers(nlp, text) == []


def test_pronoun_resolution_respects_text_order(nlp: Language) -> None:
    text = (
        'Coach Lena Berg said the team was ready. "We trained all week," she said.\n'
        'Captain Ivan Petrov disagreed. "We are tired," he said.'
    )
    assert speakers(nlp, text) == [("Lena Berg", "Lena Berg"), ("Lena Berg", "she"), ("Ivan Petrov", "he")]


def test_speaker_id_and_role_come_from_the_entity(nlp: Language) -> None:
    text = 'Kremlin spokesperson Oleg Rudin said talks were over. "There is nothing to discuss," the spokesperson said.'
    doc = nlp(text)
    entities = extract_entities(doc)
    quotes = extract_quotes(doc, entities)
    (rudin,) = [e for e in entities if e.name == "Oleg Rudin"]
    assert [(q.speaker_id, q.role) for q in quotes] == [(rudin.id, "Kremlin spokesperson")] * 2
