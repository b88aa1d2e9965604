"""Issue 15: speech acts reported by their verb, on sentences written for these tests, each with negatives.

"said sorry" (the apology's "to"/"for" phrase is its content, or the quote that follows a bare one), "blamed X for
Y" (speaker the subject, content the act) and "asked X to …" (a request: speaker the subject, whoever it is,
content the request). "sorry" in a quote, "Asked about …, she said", an agentless passive and a bare "asked to
leave" are none of these.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from test_quotes import quotes_of

Act = tuple[str, str, str, str]  # (a piece of the content, the speaker, the kind, the cue)


def acts_of(nlp: Language, text: str) -> list[tuple[str, str | None, str, str | None]]:
    return [(q.text, q.speaker, q.kind, q.cue) for q in quotes_of(nlp, text)]


def found(got: list[tuple[str, str | None, str, str | None]], act: Act) -> bool:
    piece, speaker, kind, cue = act
    return any(piece in t and s is not None and speaker in s and k == kind and c == cue for t, s, k, c in got)


APOLOGIES: list[tuple[str, Act]] = [
    (
        "Transport minister Lea Brandt said sorry to passengers stranded at Tarvik station overnight.",
        ("said sorry to passengers stranded at Tarvik station", "Lea Brandt", "indirect", "say sorry"),
    ),
    (
        "The ferry operator Nordlink said sorry on Monday for the cancellations.",
        ("said sorry on Monday for the cancellations", "Nordlink", "indirect", "say sorry"),
    ),
    (  # the phrase hung on the verb, and both the addressee and the cause
        "Coach Piet Ravn said sorry to the fans for the performance in Brest.",
        ("said sorry to the fans for the performance", "Piet Ravn", "indirect", "say sorry"),
    ),
    (  # a bare apology: its content is the quote that follows
        'Mayor Ines Kahl said sorry on Tuesday. "We let the residents of Ostend down."',
        ("We let the residents of Ostend down", "Ines Kahl", "direct", "say sorry"),
    ),
    (
        'Mayor Ines Kahl said sorry.\n\n"We should have opened the shelters sooner."',
        ("We should have opened the shelters sooner", "Ines Kahl", "direct", "say sorry"),
    ),
    (  # after a colon
        'Dahl said sorry: "People slept on the floor of the terminal."',
        ("People slept on the floor of the terminal", "Dahl", "direct", "say sorry"),
    ),
    (  # an apology to someone says nothing of what it was for: the quote does
        'Nordlink apologised to passengers. "We let them down badly."',
        ("We let them down badly", "Nordlink", "direct", "apologise"),
    ),
    (
        'The chief executive, Bo Lindahl, apologised on Friday. "Our customers deserved better."',
        ("Our customers deserved better", "Bo Lindahl", "direct", "apologise"),
    ),
]


@pytest.mark.parametrize(("text", "act"), APOLOGIES)
def test_said_sorry(nlp: Language, text: str, act: Act) -> None:
    got = acts_of(nlp, text)
    assert found(got, act), got


@pytest.mark.parametrize(
    "text",
    [
        '"We are sorry for the delays," said Jo Lund.',  # "sorry" inside a quote is the quote's word
        '"I am not sorry," the striker told reporters.',
        "The council did not say sorry to the residents.",  # negated
        "Critics want the company to say sorry to the families.",  # wanted, not said
        "A sorry state of affairs, the judge called it.",  # no verb of saying before it
    ],
)
def test_sorry_that_is_no_apology_act(nlp: Language, text: str) -> None:
    got = acts_of(nlp, text)
    assert not any(cue == "say sorry" or (kind == "indirect" and "sorry" in t) for t, _, kind, cue in got), got


def test_the_quote_after_a_bare_apology_is_not_taken_across_another_sentence(nlp: Language) -> None:
    text = 'Mayor Ines Kahl said sorry. Council workers cleared the roads overnight.\n\n"It was hard work."'
    assert not any(cue == "say sorry" for _, _, _, cue in acts_of(nlp, text)), acts_of(nlp, text)


BLAME: list[tuple[str, Act]] = [
    (
        "The airline blamed a third-party booking system for the outage.",
        ("blamed a third-party booking system for the outage", "airline", "indirect", "blame"),
    ),
    (
        "Harbour master Olga Steen blamed the storm for the damage to the pier.",
        ("blamed the storm for the damage to the pier", "Olga Steen", "indirect", "blame"),
    ),
    (  # two acts of one subject
        "Vestbane blamed a signal fault for the delays and said sorry to commuters.",
        ("blamed a signal fault for the delays", "Vestbane", "indirect", "blame"),
    ),
]


@pytest.mark.parametrize(("text", "act"), BLAME)
def test_blamed_x_for_y(nlp: Language, text: str, act: Act) -> None:
    got = acts_of(nlp, text)
    assert found(got, act), got


@pytest.mark.parametrize(
    "text",
    [
        "The fire was blamed on faulty wiring.",  # a passive without its agent names no speaker
        "The delays were blamed on the storm.",
        "Rovers manager Tomás Quintero refused to blame the referee.",  # a refusal is no act
        "Nobody blamed the driver for the crash.",  # "nobody" did nothing
    ],
)
def test_blame_without_a_speaker(nlp: Language, text: str) -> None:
    assert not any(cue == "blame" for _, _, _, cue in acts_of(nlp, text)), acts_of(nlp, text)


REQUESTS: list[tuple[str, Act]] = [
    (  # whoever the subject: a letter speaks for the residents who wrote it
        "A letter from residents asked the council to reject the scheme outright.",
        ("asked the council to reject the scheme outright", "residents", "indirect", "ask"),
    ),
    (
        "Health minister Anu Saar asked parents to keep sick children at home.",
        ("asked parents to keep sick children at home", "Anu Saar", "indirect", "ask"),
    ),
    (  # the infinitive hung on the relative clause of the addressee
        "Police asked anyone who saw the collision to contact them.",
        ("asked anyone who saw the collision to contact them", "Police", "indirect", "ask"),
    ),
]


@pytest.mark.parametrize(("text", "act"), REQUESTS)
def test_asked_x_to(nlp: Language, text: str, act: Act) -> None:
    got = acts_of(nlp, text)
    assert found(got, act), got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a question put to someone: what she said is the statement, not the question
        ("Asked about the delay, Mayor Ana Ruiz said the trains would run by May.",
         [("the trains would run by May", "say")]),
        ("Asked whether the mine would close, Lara Holm said no decision had been made.",
         [("no decision had been made", "say")]),
        ("He asked to leave early.", []),  # nobody asked to do anything
        ("The minister asked why the trains were late.", []),  # a question
        ("Reporters asked the minister about the delays.", []),
        ("Could the council pay for it, she asked.", []),
        ("One MP, who asked not to be named, said the plan had landed badly.", [("the plan had landed badly", "say")]),
        ("The mayor was asked to resign.", []),  # a passive request names no one who asks
        ("Officers spoke to a man who tried to help.", []),
        ("Officers asked a woman who had come to help.", []),  # the infinitive is the relative clause's own
    ],
)
def test_no_request(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    got = acts_of(nlp, text)
    assert not any(cue == "ask" for _, _, _, cue in got), got
    assert all(any(piece in t and c == cue for t, _, _, c in got) for piece, cue in expected), got
