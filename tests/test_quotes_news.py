"""Quote constructions of real news that the first extractor missed (issue 15), on sentences written for these
tests: transcripts, verbless colon frames, subjects the parser found inside the marks, "the official" after a
named official, content conjoined without a comma, figures an agency disclosed, warnings "against …", and
paragraph breaks that no cue or speaker crosses. Each positive case lists every quote the text must give;
each negative case says what must not come out.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from test_quotes import Expected, check, quotes_of

POSITIVE: list[tuple[str, Expected]] = [
    # Q&A transcript: answers are the interviewee's, questions nobody's
    (
        "Marta Quinlan, 51, runs the ferry service on Loch Arden. We spoke to her on the pier.\n\n"
        "Q: How busy is the summer?\nA: Busier than ever. We turn people away most days.\n\n"
        "Q: What would help?\nA: A second boat, and crews to sail it.",
        [("Busier than ever", "Marta Quinlan", "direct"), ("A second boat", "Marta Quinlan", "direct")],
    ),
    # press-conference transcript with NAME: labels
    (
        "Kofi Mensah won the final in straight sets. Extracts from his press conference follow.\n\n"
        "Q. How do you feel?\n\nKOFI MENSAH: Tired, but happy. The serve worked all week.\n\n"
        "Q. What next?\n\nKOFI MENSAH: A holiday, I hope.",
        [("The serve worked all week", "Kofi Mensah", "direct"), ("A holiday", "Kofi Mensah", "direct")],
    ),
    # a name and a medium before a colon
    (
        'The council leader, Bryony Marsh, replied within minutes. Marsh, on Facebook: "The figures are wrong. '
        'We will publish ours tomorrow."',
        [("The figures are wrong", "Bryony Marsh", "direct")],
    ),
    # someone's statement noun before a colon
    (
        'Mayor Tobias Keel opened the old library in May. The mayor\'s answer: "We will build it next year."',
        [("We will build it next year", "Tobias Keel", "direct")],
    ),
    # an inverted "wrote" whose subject the parser took from the quote
    (
        '"Three buses cancelled before nine in the morning," wrote one passenger, Lena Fischer, in a reply.',
        [("Three buses cancelled", "Lena Fischer", "direct")],
    ),
    # "the official" after the text named a deputy director
    (
        "Omar Haddad, a deputy director at the port authority, confirmed an inquiry had been opened. "
        "The official said divers had searched the harbour overnight.",
        [
            ("an inquiry had been opened", "Omar Haddad", "indirect"),
            ("divers had searched the harbour", "Omar Haddad", "indirect"),
        ],
    ),
    # content going on after "and" without a comma
    (
        "The coast guard said 31 people had been rescued and four were still missing.",
        [("31 people had been rescued and four were still missing", "coast guard", "indirect")],
    ),
    # figures an agency disclosed or reported
    (
        "The Central Statistics Office disclosed a rise of 4 per cent in rents in the second quarter.",
        [("a rise of 4 per cent in rents", "Central Statistics Office", "indirect")],
    ),
    (
        "The education ministry reported a steep drop in school absences last term.",
        [("a steep drop in school absences", "education ministry", "indirect")],
    ),
    # a warning against something
    (
        "The central bank's chief economist, Ilse Brandt, cautioned against cutting rates too quickly.",
        [("against cutting rates too quickly", "Ilse Brandt", "indirect")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_news_constructions(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


NEGATIVE: list[tuple[str, str]] = [
    # a comma before "and" ends what was said: the rest is the story's own narration
    ("The mayor said the bridge was closed, and drivers complained about the detour.", "drivers complained"),
    # a reported figure with nothing it is of or in is a figure, not a statement
    ("The retailer reported quarterly profits that beat forecasts on Tuesday.", "quarterly profits"),
    ("Spain reported the most cases.", "the most cases"),
    # a colon after a full sentence with a verb is no speaker frame
    ('The museum lists its rules at the door: "No flash. No food."', "No flash"),
    # a one-question text is no transcript
    ("Q: Is it open?\nA: Yes, from nine.", "from nine"),
    # a frame of many words before the colon is a sentence, not a speaker
    (
        'Among the exhibits at the small museum beside the old harbour wall is one sign: "Mind the step."',
        "Mind the step",
    ),
]


@pytest.mark.parametrize(("text", "absent"), NEGATIVE)
def test_not_statements(nlp: Language, text: str, absent: str) -> None:
    quotes = quotes_of(nlp, text)
    assert not [q for q in quotes if absent in q.text], [(q.text, q.speaker) for q in quotes]


@pytest.mark.parametrize(
    "text",
    [
        # the quote's words hang on "said" in the next paragraph: that cue reports its own clause
        "\"We dug all night,\" said Ali Kaya, a volunteer. \"Her first words were 'Is it over?'\"\n\n"
        "Health Minister Sara Lind said hospitals were coping.",
    ],
)
def test_no_cue_across_a_paragraph_break(nlp: Language, text: str) -> None:
    quotes = quotes_of(nlp, text)
    lind = [q for q in quotes if "hospitals were coping" in q.text]
    assert lind and lind[0].speaker == "Sara Lind", [(q.text, q.speaker) for q in quotes]
    assert not [q for q in quotes if "first words" in q.text and q.speaker == "Sara Lind"]


def test_no_speaker_across_a_paragraph_break(nlp: Language) -> None:
    quotes = quotes_of(nlp, "10:40 BST\nThe fire service said 200 homes had been evacuated.")
    assert quotes and all("\n" not in (q.speaker or "") for q in quotes), [(q.text, q.speaker) for q in quotes]


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        # a post speaks for whoever issued it, named at its first mention
        (
            'A post by the Red Cross on Facebook shows volunteers handing out blankets. "Every family gets one," '
            "the post reads.",
            "Red Cross",
        ),
        ('"Prices will not rise," according to the retailer\'s annual report.', "retailer"),
    ],
)
def test_documents_speak_for_their_issuer(nlp: Language, text: str, issuer: str) -> None:
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1 and issuer in (quotes[0].speaker or ""), [(q.text, q.speaker) for q in quotes]
    assert "post" not in (quotes[0].speaker or "") and "report" not in (quotes[0].speaker or "")
