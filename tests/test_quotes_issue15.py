"""Issue 15, third round: attributions on sentences written for these tests, each construction with negatives.

Fronted indirect content; quote paragraphs that go on from a known speaker or belong to the person the narrative
turned to; quotes inside quotes; passive speech acts with their agent ("criticised as '…' by X", "was blamed on Y
by X"); "was quoted as saying"; documents that speak for their issuer ("in its report" … "according to the
report"); "the company" never a place or a dateline's agency.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from test_quotes import quotes_of

Found = list[tuple[str, str]]  # (a piece of the quote's text, the speaker it must have)


def attributions(nlp: Language, text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in quotes_of(nlp, text)]


def has(got: list[tuple[str, str | None]], piece: str, speaker: str) -> bool:
    return any(piece in text and who is not None and speaker in who for text, who in got)


FRONTED: list[tuple[str, Found]] = [
    (
        "The Dunmore bakery will shut in April, its owner, Carl Brandt, told customers on Friday.",
        [("The Dunmore bakery will shut in April", "Carl Brandt")],
    ),
    pytest.param(
        "Negotiations stalled overnight, three diplomats familiar with the talks said.",
        [("Negotiations stalled", "diplomats")],
        marks=pytest.mark.xfail(strict=True, reason="the parse makes 'said' a relative clause on 'talks': no frame"),
    ),
    (
        "Rents in the city will rise again next year, according to the housing agency Domus.",
        [("Rents in the city will rise again", "Domus")],
    ),
    (
        "The river will peak on Sunday, its forecaster, Hydroval, said on its website.",
        [("The river will peak on Sunday", "Hydroval")],
    ),
]


@pytest.mark.parametrize(("text", "found"), FRONTED)
def test_content_fronted_before_its_speaker(nlp: Language, text: str, found: Found) -> None:
    got = attributions(nlp, text)
    assert all(has(got, piece, who) for piece, who in found), got


CONTINUED: list[tuple[str, Found]] = [
    (  # a quote paragraph left open: the next paragraph goes on with it
        '"We trained all winter for this," coach Irma Falk said. "Nobody believed in us.\n\n"Now they will."',
        [("Nobody believed in us", "Irma Falk"), ("Now they will", "Irma Falk")],
    ),
    (  # a quote paragraph with no cue after a known speaker
        'Union leader Tomasz Wrobel said the offer was an insult.\n\n"We will not sign anything this week."',
        [("We will not sign anything", "Tomasz Wrobel")],
    ),
    (  # a person in the frame of the first quote is no new speaker
        '"We were lucky," goalkeeper Ana Sousa told reporters after the draw with Rita Dias. '
        '"They hit the post twice."',
        [("They hit the post twice", "Ana Sousa")],
    ),
]


@pytest.mark.parametrize(("text", "found"), CONTINUED)
def test_quote_paragraphs_that_continue(nlp: Language, text: str, found: Found) -> None:
    got = attributions(nlp, text)
    assert all(has(got, piece, who) for piece, who in found), got


ANOTHER_PERSON: list[tuple[str, str, str]] = [
    (  # a paragraph that introduces someone, then a quote paragraph: hers, not the mayor's
        "Mayor Piet Claes said two bridges were closed.\n\nGreta Moll, 71, has lived beside the canal since 1980.\n\n"
        '"I have never seen the water this high."',
        "never seen the water this high",
        "Greta Moll",
    ),
    (  # a sentence about another person in the same paragraph
        '"We deserved it," Hugo Lenz said. Lenz\'s opponent, Marek Olsen, was less impressed. Olsen shrugged. '
        '"He got lucky at the end."',
        "He got lucky at the end",
        "Marek Olsen",
    ),
]


@pytest.mark.parametrize(("text", "piece", "speaker"), ANOTHER_PERSON)
def test_a_quote_paragraph_after_the_narrative_turns_to_another_person(
    nlp: Language, text: str, piece: str, speaker: str
) -> None:
    got = attributions(nlp, text)
    assert has(got, piece, speaker), got


INNER: list[tuple[str, str, str, str]] = [
    # (text, inner piece, inner speaker, outer speaker)
    (
        "Rosa Imhof met the mayor, Jan Vlek, on Monday. "
        "\"When I asked him, he told me 'we will rebuild the school',\" said Imhof.",
        "we will rebuild the school",
        "Jan Vlek",
        "Rosa Imhof",
    ),
    (
        "\"When I told my brother, he said, 'You should have left years ago.' Maybe he was right,\" said Lena Roth.",
        "You should have left years ago",
        "brother",
        "Lena Roth",
    ),
    (
        "\"My neighbour said to me, 'They are coming tonight,' and we ran,\" said Omar Haddad.",
        "They are coming tonight",
        "neighbour",
        "Omar Haddad",
    ),
]


@pytest.mark.parametrize(("text", "inner", "inner_speaker", "outer_speaker"), INNER)
def test_a_quote_inside_a_quote_is_the_inner_speakers(
    nlp: Language, text: str, inner: str, inner_speaker: str, outer_speaker: str
) -> None:
    quotes = quotes_of(nlp, text)
    exact = [q for q in quotes if q.text.rstrip(".,") == inner.rstrip(".,")]
    assert exact and exact[0].speaker is not None and inner_speaker in exact[0].speaker, quotes
    outer = [q for q in quotes if inner in q.text and q.text.rstrip(".,") != inner.rstrip(".,")]
    assert outer and all(q.speaker == outer_speaker for q in outer), quotes


@pytest.mark.parametrize(
    "text",
    [
        "\"I told them, 'Not today,' and I meant it,\" said Vera Pohl.",  # the outer speaker's own words
        "\"The sign said 'Closed' all week,\" said Vera Pohl.",  # a sign is no speaker, a word is no quote
    ],
)
def test_no_inner_speaker_for_the_outer_speakers_words_or_a_sign(nlp: Language, text: str) -> None:
    quotes = quotes_of(nlp, text)
    assert all(q.speaker == "Vera Pohl" for q in quotes), quotes


PASSIVE: list[tuple[str, str, str]] = [
    (
        'The new stadium was criticised as "a white elephant" by city auditor Nina Brandt.',
        "a white elephant",
        "Nina Brandt",
    ),
    (
        "The flooding was blamed on blocked drains by Councillor Ivo Markovic.",
        "blamed on blocked drains",
        "Ivo Markovic",
    ),
    (
        "The crash was blamed on driver fatigue by the Road Safety Board.",
        "blamed on driver fatigue",
        "Road Safety Board",
    ),
    (
        "The airline blamed the cancellations on a strike by baggage handlers.",
        "a strike by baggage handlers",
        "airline",
    ),
    (
        'Former coach Peter Lund was quoted as saying in a magazine that the team was "running on empty".',
        "running on empty",
        "Peter Lund",
    ),
]


@pytest.mark.parametrize(("text", "piece", "speaker"), PASSIVE)
def test_passive_speech_acts_and_quoted_as_saying(nlp: Language, text: str, piece: str, speaker: str) -> None:
    got = attributions(nlp, text)
    assert has(got, piece, speaker), got


@pytest.mark.parametrize(
    "text",
    [
        "The delay was blamed on the weather.",  # no one named
        "The bridge was described as unsafe in 2019.",  # no agent
    ],
)
def test_no_speaker_for_a_passive_without_its_agent(nlp: Language, text: str) -> None:
    assert attributions(nlp, text) == []


DOCUMENTS: list[tuple[str, str, str]] = [
    (
        "The Statistics Office said in its annual report that exports fell by 4%. "
        "Imports rose by 2%, according to the report.",
        "Imports rose by 2",
        "Statistics Office",
    ),
    (
        'Harlow Foods apologised in a post on X for the recall. "We let our customers down," the post said.',
        "We let our customers down",
        "Harlow Foods",
    ),
]


@pytest.mark.parametrize(("text", "piece", "speaker"), DOCUMENTS)
def test_a_document_speaks_for_its_issuer(nlp: Language, text: str, piece: str, speaker: str) -> None:
    got = attributions(nlp, text)
    assert has(got, piece, speaker), got
    assert not any(who in ("report", "post") for _, who in got), got


@pytest.mark.parametrize(
    "text",
    [  # "the company" is never the place where something happened, nor the agency a dateline credits
        "A crane fell at a building site at Redcar Central. The company said no one was hurt.",
        "OSLO, May 2 (NTBX) - A ferry ran aground near Bergen. The company said all passengers were safe.",
    ],
)
def test_the_company_is_no_place_and_no_credited_agency(nlp: Language, text: str) -> None:
    got = attributions(nlp, text)
    assert got and all(who is not None and who not in ("Redcar Central", "NTBX") for _, who in got), got


def test_the_company_for_a_firm_the_model_typed_as_a_person(nlp: Language) -> None:
    text = (
        "Norwegian ship maker Fjordvik Marine apologised on Tuesday for the delays. "
        "The company said the first ferry would sail in June."
    )
    got = attributions(nlp, text)
    assert has(got, "the first ferry would sail in June", "Fjordvik Marine"), got
