"""Quotes and their speakers on short texts written for these tests (US, UK and wire styles).

Each case lists every quote the text should give as (a piece of the quote text, speaker, kind); a case
fails on a missing quote, a wrong speaker or kind, and on any extra quote.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from newstrace.extract.entities import extract_entities
from newstrace.extract.quotes import extract_quotes
from newstrace.records import Quote

Expected = list[tuple[str, str, str]]


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    doc = nlp(text)
    quotes = extract_quotes(doc, extract_entities(doc))
    for q in quotes:
        assert text[q.start : q.end] == q.text, "offsets must point at the quote text"
    return quotes


def check(nlp: Language, text: str, expected: Expected) -> None:
    quotes = quotes_of(nlp, text)
    got = [(q.text, q.speaker, q.kind) for q in quotes]
    assert len(quotes) == len(expected), got
    for (piece, speaker, kind), q in zip(expected, quotes, strict=True):
        assert piece in q.text and q.speaker == speaker and q.kind == kind, (piece, speaker, kind, got)


DIRECT: list[tuple[str, Expected]] = [
    # cue after the quote, subject before or after the verb
    ('"We will rebuild the bridge," Mayor Ana Ruiz said.', [("We will rebuild the bridge", "Ana Ruiz", "direct")]),
    ('"We are not going anywhere," said Governor Tom Reed, standing outside the statehouse.',
     [("We are not going anywhere", "Tom Reed", "direct")]),
    ("“Prices will fall by summer,” said Helen Marsh, an economist at Northfield Bank.",
     [("Prices will fall by summer", "Helen Marsh", "direct")]),
    # cue before the quote, with a colon (British style, single marks)
    ("Health Secretary Priya Nair said: ‘The waiting lists are coming down.’",
     [("The waiting lists are coming down.", "Priya Nair", "direct")]),
    # cue inside the quote: both halves go to the speaker
    ('"We did everything we could," Captain Joe Brandt said, "and we would do it again."',
     [("We did everything we could", "Joe Brandt", "direct"), ("and we would do it again.", "Joe Brandt", "direct")]),
    # "— Name" attribution
    ('"I have never seen anything like it." — Dr. Amara Okafor, emergency physician',
     [("I have never seen anything like it.", "Amara Okafor", "direct")]),
    # a report speaks for its issuer (issue 15): the agency
    ('"There is no safe level of exposure," according to the agency\'s latest report.',
     [("There is no safe level of exposure", "agency", "direct")]),
    ('"We stand by our reporting," the letter read.', [("We stand by our reporting", "letter", "direct")]),
    # a signature line under a quoted paragraph, with a name the model may not know
    ("'The crowd was incredible. I've never heard anything like it.'\n– Manager Gary Holt after Saturday's win",
     [("The crowd was incredible.", "Gary Holt", "direct")]),
    # a question with its cue after it
    ('"Who pays for this?" asked Councilwoman Rita Gomez.', [("Who pays for this?", "Rita Gomez", "direct")]),
    # a quote inside the quote stays part of it and goes to the outer speaker
    ("Detective Sam Ortiz spoke to the press. \"When I asked him, he said, 'I was never there,'\" Ortiz recalled.",
     [("he said, 'I was never there,'", "Sam Ortiz", "direct")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), DIRECT)
def test_direct_quotes(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


CONTINUED: list[tuple[str, Expected]] = [
    # a second quoted sentence with no cue continues the quote before it
    ('Senator Maria Lopez criticized the bill on Tuesday. "This is a giveaway to insurers," she said. '
     '"Families will pay the price."',
     [("giveaway to insurers", "Maria Lopez", "direct"), ("Families will pay the price.", "Maria Lopez", "direct")]),
    # a multi-paragraph quote: the opening mark with no closing mark continues in the next paragraph
    ('Police Chief Dana Wells said the suspect had fled on foot. "He dropped the bag here," Wells told reporters. '
     '"We found it an hour later.\n"The search is continuing tonight."',
     [("the suspect had fled on foot", "Dana Wells", "indirect"), ("He dropped the bag here", "Dana Wells", "direct"),
      ("We found it an hour later.", "Dana Wells", "direct"),
      ("The search is continuing tonight.", "Dana Wells", "direct")]),
    # paragraphs separated by blank lines: the quote still continues from the paragraph before
    ('Union leader Sara Pike told members that the vote was close.\n\n"We lost by 40 votes. That hurts.\n\n'
     '"But we will be back next year."',
     [("the vote was close", "Sara Pike", "indirect"), ("We lost by 40 votes.", "Sara Pike", "direct"),
      ("But we will be back next year.", "Sara Pike", "direct")]),
    # a whole quoted paragraph after the speaker's paragraph
    ('"The water is rising fast," said Fire Marshal Omar Haddad.\n"We need everyone out by noon."',
     [("The water is rising fast", "Omar Haddad", "direct"),
      ("We need everyone out by noon.", "Omar Haddad", "direct")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CONTINUED)
def test_quotes_that_continue_without_a_cue(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


def test_no_continuation_after_another_person_is_named(nlp: Language) -> None:
    # the narrative turned to the judge: the quote with no cue is his (issue 15), never the lawyer's
    text = '"We will appeal," lawyer Nina Patel said.\nJudge Carl Moss adjourned the hearing.\n"Order in the court."'
    assert [(q.speaker, q.kind) for q in quotes_of(nlp, text)] == [("Nina Patel", "direct"), ("Carl Moss", "direct")]


MIXED: list[tuple[str, Expected]] = [
    ("Earlier, the bank's chief economist, Laura Kim, called the rate rise the “right medicine” for inflation.",
     [("right medicine", "Laura Kim", "mixed")]),
    ('Spokesperson Erik Lund told reporters that the talks would resume "within days, not weeks."',
     [("within days, not weeks.", "Erik Lund", "mixed")]),
    ('Senator Joan Avery described the plan as "dead on arrival" and urged colleagues to reject it.',
     [("dead on arrival", "Joan Avery", "mixed"), ("to reject it", "Joan Avery", "indirect")]),
    ('Minister Paolo Conti reiterated that "we are not a party to this dispute."',
     [("we are not a party to this dispute.", "Paolo Conti", "mixed")]),
    # present tense "calls" is a quote when a named person calls something so (and a term otherwise)
    ('Governor Ray Dunn calls the audit "a witch hunt."', [("a witch hunt.", "Ray Dunn", "mixed")]),
    ("Labour's shadow health secretary accused ministers of 'recycling old promises'.",
     [("recycling old promises", "Labour's shadow health secretary", "mixed")]),
    ('The ministry issued a statement calling the decision "deeply flawed."',
     [("deeply flawed.", "ministry", "mixed")]),
    ('Senator Lisa Hart wrote on social media that the ruling was "a victory for voters."',
     [("a victory for voters.", "Lisa Hart", "mixed")]),
    # what follows the closing mark belongs to another clause, not to a frame of this quote
    ('Critics called the opera "a triumph," while one reviewer wrote that it was too long.',
     [("a triumph", "Critics", "mixed"), ("it was too long", "one reviewer", "indirect")]),
    # the parse hangs the quote from no verb ("secretary" as the root): the cue before it still counts
    ("The shadow education secretary, Laura Trott, accused ministers of 'breaking promises to parents'.",
     [("breaking promises to parents", "Laura Trott", "mixed")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), MIXED)
def test_mixed_quotes(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


INDIRECT: list[tuple[str, Expected]] = [
    ("Finance Minister Karl Berg said that the deficit would narrow next year.",
     [("the deficit would narrow next year", "Karl Berg", "indirect")]),
    ("Inflation slowed to 3.1% in March, the Labor Department said on Wednesday.",
     [("Inflation slowed to 3.1% in March", "Labor Department", "indirect")]),
    ("The airline denied any wrongdoing by its pilots.",
     [("denied any wrongdoing by its pilots", "airline", "indirect")]),
    ("According to local officials, at least 12 people were killed in the flooding.",
     [("at least 12 people were killed in the flooding", "local officials", "indirect")]),
    ("Reuters reports that the talks have stalled.", [("the talks have stalled", "Reuters", "indirect")]),
    ("The company has promised to refund every customer.", [("to refund every customer", "company", "indirect")]),
    ("Coach Ben Hale told reporters that his team was ready.", [("his team was ready", "Ben Hale", "indirect")]),
    ("Several residents said they had heard explosions overnight.",
     [("they had heard explosions overnight", "Several residents", "indirect")]),
    ("One of the rescued miners claimed he had been trapped for three days.",
     [("he had been trapped for three days", "One of the rescued miners", "indirect")]),
    ("Senate leader Tom Brandt called for an independent review of the results.",
     [("for an independent review of the results", "Tom Brandt", "indirect")]),
    ("The talks had collapsed, according to a person familiar with the matter.",
     [("The talks had collapsed", "person familiar with the matter", "indirect")]),
    ("Sen. Ellen Park argued that the bill would hurt families. \"This is a giveaway,\" Park said in an interview.",
     [("the bill would hurt families", "Ellen Park", "indirect"), ("This is a giveaway", "Ellen Park", "direct")]),
    ("Analyst Mia Kerr pointed out that turnout had fallen in every district.",
     [("turnout had fallen in every district", "Mia Kerr", "indirect")]),
    ("Governor Ray Dunn's statement said the state would appeal the ruling.",
     [("the state would appeal the ruling", "Ray Dunn", "indirect")]),
    # a dateline is neither part of the statement nor its speaker
    ("WASHINGTON (AP) — House Speaker Nora Quinn said Tuesday that the bill would get a vote this week.",
     [("the bill would get a vote this week", "Nora Quinn", "indirect")]),
    ("LISBON — Two ferries collided off the coast on Monday, the coast guard said.",
     [("Two ferries collided off the coast on Monday", "coast guard", "indirect")]),
    # the cue closes a two-sentence paragraph: both sentences are the statement
    ("At least 40 homes were damaged. Repairs will take months, said Mayor Lena Voss.",
     [("At least 40 homes were damaged. Repairs will take months", "Lena Voss", "indirect")]),
    # a parenthetical frame whose statement goes on after it
    ("The mine reopened on Monday, the owners said, and output is expected to double.",
     [("The mine reopened on Monday, the owners said, and output is expected to double", "owners", "indirect")]),
    ("The club denied mistreating its players.", [("denied mistreating its players", "club", "indirect")]),
    # belief and ruling verbs with a clause, warnings with an infinitive, nouns of saying with a named source
    ("Many economists feel the rate cut came too late.",
     [("the rate cut came too late", "Many economists", "indirect")]),
    ("The appeals court ruled that the law was unconstitutional.",
     [("the law was unconstitutional", "appeals court", "indirect")]),
    ("Health officials warned residents to boil their water.",
     [("to boil their water", "Health officials", "indirect")]),
    ("Ms. Diaz's claim that the vote was rigged was rejected by the court.",
     [("the vote was rigged", "Diaz", "indirect")]),
    # a subject the parser hung elsewhere after a fronted phrase and an appositive
    ("In a speech to farmers in Iowa, Gov. Ella Marsh, a Democrat, said the drought had cost $2 billion.",
     [("the drought had cost $2 billion", "Ella Marsh", "indirect")]),
    # findings of research and records, with or without "that"
    ("Rents rose 8% last year, the survey found.", [("Rents rose 8% last year", "survey", "indirect")]),
    ("The audit found the agency had overspent by $4 million.",
     [("the agency had overspent by $4 million", "audit", "indirect")]),
    # a headline with no full stop runs into the first sentence: its words are not the subject
    ("Minister under fire over school closures\nThe Education Minister, Karen Doyle, has defended the plan, "
     "insisting that no pupil would lose out.", [("no pupil would lose out", "Karen Doyle", "indirect")]),
]  # fmt: skip


#: The exact text of the statement, where the parse hangs part of it on a noun of the frame or splits it.
EXACT: list[tuple[str, str, str]] = [
    ("The railway operator said in a letter to passengers that fares would rise in January.",
     "fares would rise in January", "railway operator"),
    ("Detective Inspector Mark Hale told a news conference that two men had been arrested.",
     "two men had been arrested", "Mark Hale"),
    ("Fleet Bank said on its website that it would close 40 branches, and that no jobs would be lost.",
     "it would close 40 branches, and that no jobs would be lost", "Fleet Bank"),
    ("The council said in a notice that was posted online that the library would reopen.",
     "the library would reopen", "council"),
    ("Senator Ruth Okoro said the deal was fair but warned that it could still collapse.",
     "the deal was fair", "Ruth Okoro"),
    ("Senator Ruth Okoro said the deal was fair but warned that it could still collapse.",
     "it could still collapse", "Ruth Okoro"),
    ("Chief Executive Anna Berg told investors in a call that margins had improved in every region.",
     "margins had improved in every region", "Anna Berg"),
    # a mixed quote spans the clause its cue reports, closing mark included
    ("Senator Amy Holt said the budget was 'a fantasy'.", "the budget was 'a fantasy'", "Amy Holt"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "quote", "speaker"), EXACT)
def test_statement_text_is_exactly_the_reported_clause(nlp: Language, text: str, quote: str, speaker: str) -> None:
    assert (quote, speaker) in [(q.text, q.speaker) for q in quotes_of(nlp, text)]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_indirect_speech(nlp: Language, text: str, expected: Expected) -> None:
    check(nlp, text, expected)


NOT_QUOTES: list[str] = [
    # terms, titles, nicknames and scare quotes
    'The company, which calls the process "recycling," declined to comment.',
    'The film "Northern Lights" won seven awards at the festival.',
    'Boxer Dwayne "The Hammer" Collins retired on Friday.',
    'Critics dubbed the tax "the window levy."',
    'The so-called "peace plan" was never published.',
    'Many fans call the stadium "the cauldron."',
    # speech verbs that report nothing here
    "The committee did not say whether it would meet again.",
    "Officials declined to say how many people were hurt.",
    "When asked about the delay, the driver shrugged.",
    "The report was released on Tuesday.",
    "The pointed remarks drew applause.",
    "Another document showed photos of the site.",
    "The organizers will announce the dates next month.",
    "I think the market is overvalued.",
    "The plan, which officials said would cost $2 billion, was approved.",
    "That is easier said than done.",
    "Needless to say, the deal collapsed.",
    "She told him to leave.",
    "The senator asked whether the deal would survive.",
    "If the president says yes, the deal goes ahead.",
    "The minister is expected to announce that taxes will rise.",
    "It is said that the castle is haunted.",
    'The report, titled "Broken Promises," was published on Monday.',
    # a title followed by a clause of its own, a nickname, a relative clause after a frame noun
    'The singer closed with "Blue Harbour," which fans later voted their favourite.',
    'The striker, whom fans have nicknamed "the Rocket," scored twice on Saturday.',
    "The agency said in a statement that was released late Friday.",
    "There is a claim that the vote was rigged.",
    "I feel that we can win.",
    # evidence that is no statement: a forecast of a finding, pictures, contributing to evidence
    "The census due in May could show the population falling.",
    "The photos show the bridge collapsing.",
    "The fossil adds to evidence that birds descended from dinosaurs.",
    # a quote with nobody to say it
    '"It\'s over," he said.',
    '"This is a stray quote. Then the paragraph ends.\nNothing here is quoted at all.',
]


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_quotes(nlp: Language, text: str) -> None:
    assert quotes_of(nlp, text) == []


def test_stray_mark_costs_only_its_quote(nlp: Language) -> None:
    text = (
        'Mayor Ana Ruiz spoke first. "This sentence never closes.\n'
        'The council met later. "We approved the budget," council president Dev Shah said.'
    )
    assert [(q.text, q.speaker) for q in quotes_of(nlp, text)] == [("We approved the budget", "Dev Shah")]


def test_quote_fields(nlp: Language) -> None:
    text = "Chinese Foreign Ministry spokesperson Wei Lan said the report was false."
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.cue, q.speaker, q.role) == ("indirect", "say", "Wei Lan", "Chinese Foreign Ministry spokesperson")
    assert q.speaker_span is not None and text[q.speaker_span[0] : q.speaker_span[1]] == "Wei Lan"
    assert q.speaker_id is not None and q.speaker_id.startswith("e")


_PIECES = [
    '"', "“", "”", "'", "‘", "’", " said ", " he said", "Mayor Ana Ruiz", " — ", "\n", ", ", ". ", "according to ",
    "the spokesperson", "We will win", " told reporters that ", "It", " denied ", "the claims", ":", "?",
    "WASHINGTON —", " calls ", "so-called ",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25))
def test_any_text_gives_exact_offsets_and_never_fails(nlp: Language, pieces: list[str]) -> None:
    text = "".join(pieces)
    for q in quotes_of(nlp, text):
        assert q.text and q.speaker and q.kind in ("direct", "indirect", "mixed")
