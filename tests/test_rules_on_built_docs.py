"""Rule tests on hand-built ``Doc``s (issue 18, Tests): the parse is written out token by token, so each test
checks the rule and not what the trained model happens to parse. Where the small model parses a phrase
awkwardly (a prepositional phrase hung on the verb, a "that" clause hung on a noun as a relative clause), the
awkward parse is built, since that is the parse the rule has to read.

A table row is ``word POS TAG dep head lemma [ENT]``: ``head`` is the absolute index of the head token (a root
heads itself), ``ENT`` an IOB tag ("B-GPE"; "O" when left out). A word ending in ``~`` has no space after it
("12~ -~ year" is "12-year"); no space is put before "." or ",". No trained model is loaded here.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Token

from newstrace.extract import claim_model as cm
from newstrace.extract import cues
from newstrace.extract.figures import hyphen_head
from newstrace.extract.syntax import tense

_VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = frozenset({".", ",", "'s"})


def build(table: str) -> Doc:
    """A parsed ``Doc`` from a table of ``word POS TAG dep head lemma [ENT]`` rows."""
    rows = [line.split() for line in table.strip().splitlines()]
    assert all(len(r) in (6, 7) for r in rows), rows
    words = [r[0].removesuffix("~") if len(r[0]) > 1 else r[0] for r in rows]
    spaces = [not r[0].endswith("~") or len(r[0]) == 1 for r in rows]
    for k in range(len(rows) - 1):
        if words[k + 1] in _NO_SPACE_BEFORE:
            spaces[k] = False
    spaces[-1] = False
    heads = [int(r[4]) for r in rows]
    assert all(0 <= h < len(rows) for h in heads), heads
    assert [r[3] for i, r in enumerate(rows) if heads[i] == i] == ["ROOT"] * sum(h == i for i, h in enumerate(heads))
    return Doc(_VOCAB, words=words, spaces=spaces, pos=[r[1] for r in rows], tags=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=heads, lemmas=[r[5] for r in rows],
               ents=[r[6] if len(r) == 7 else "O" for r in rows])


def test_build_makes_the_parse_it_is_given() -> None:
    doc = build("""
        The     DET   DT   det    1  the
        toll    NOUN  NN   nsubj  2  toll
        rose    VERB  VBD  ROOT   2  rise
        in      ADP   IN   prep   2  in
        Velda~  PROPN NNP  pobj   3  Velda  B-GPE
        .       PUNCT .    punct  2  .
    """)
    assert doc.text == "The toll rose in Velda."
    assert [t.head.i for t in doc] == [1, 2, 2, 2, 3, 2]
    assert doc[2].lemma_ == "rise" and doc[1].dep_ == "nsubj" and doc[2].tag_ == "VBD"
    assert [(e.text, e.label_) for e in doc.ents] == [("Velda", "GPE")]
    assert len(list(doc.sents)) == 1


def tok(table: str, i: int) -> Token:
    return build(table)[i]


# --- syntax.tense: the tense of the clause a token belongs to -------------------------------------------------

WILL_CUT = """
    The    DET   DT   det    1  the
    bank   NOUN  NN   nsubj  3  bank
    will   AUX   MD   aux    3  will
    cut    VERB  VB   ROOT   3  cut
    rates  NOUN  NNS  dobj   3  rate
"""
HAS_RISEN_TO = """
    The    DET   DT   det    1  the
    toll   NOUN  NN   nsubj  3  toll
    has    AUX   VBZ  aux    3  have
    risen  VERB  VBN  ROOT   3  rise
    to     ADP   IN   prep   3  to
    410    NUM   CD   pobj   4  410
"""
IS_MEETING_ON = """
    The      DET   DT   det    1  the
    council  NOUN  NN   nsubj  3  council
    is       AUX   VBZ  aux    3  be
    meeting  VERB  VBG  ROOT   3  meet
    on       ADP   IN   prep   3  on
    Friday   PROPN NNP  pobj   4  Friday  B-DATE
"""
MAY_HAVE_LEFT = """
    Some    DET   DT   det    1  some
    people  NOUN  NNS  nsubj  4  people
    may     AUX   MD   aux    4  may
    have    AUX   VB   aux    4  have
    left    VERB  VBN  ROOT   4  leave
"""
COULD_RISE = """
    Prices  NOUN  NNS  nsubj  2  price
    could   AUX   MD   aux    2  could
    rise    VERB  VB   ROOT   2  rise
"""
WOULD_RISE = """
    Prices  NOUN  NNS  nsubj  2  price
    would   AUX   MD   aux    2  would
    rise    VERB  VB   ROOT   2  rise
"""
PLANS_TO_MEET = """
    The     DET   DT   det    1  the
    board   NOUN  NN   nsubj  2  board
    plans   VERB  VBZ  ROOT   2  plan
    to      PART  TO   aux    4  to
    meet    VERB  VB   xcomp  2  meet
    on      ADP   IN   prep   4  on
    Friday  PROPN NNP  pobj   5  Friday  B-DATE
"""
# "will close and reopen on Monday": "reopen" has no auxiliary of its own and takes the tense of "close"
WILL_CLOSE_AND_REOPEN = """
    Schools  NOUN  NNS  nsubj  2  school
    will     AUX   MD   aux    2  will
    close    VERB  VB   ROOT   2  close
    and      CCONJ CC   cc     2  and
    reopen   VERB  VB   conj   2  reopen
    on       ADP   IN   prep   4  on
    Monday   PROPN NNP  pobj   5  Monday  B-DATE
"""
# the same bare "reopen" as the root of its own clause: nothing to take a tense from
REOPEN_ALONE = """
    Schools  NOUN  NNS  nsubj  1  school
    reopen   VERB  VB   ROOT   1  reopen
    on       ADP   IN   prep   1  on
    Monday   PROPN NNP  pobj   2  Monday  B-DATE
"""
KILLED = """
    The     DET   DT   det      1  the
    storm   NOUN  NN   nsubj    2  storm
    killed  VERB  VBD  ROOT     2  kill
    37      NUM   CD   nummod   4  37
    people  NOUN  NNS  dobj     2  people
"""
STANDS_AT = """
    The     DET   DT   det    1  the
    toll    NOUN  NN   nsubj  2  toll
    stands  VERB  VBZ  ROOT   2  stand
    at      ADP   IN   prep   2  at
    410     NUM   CD   pobj   3  410
"""
VERBLESS = """
    Rain    NOUN  NN   ROOT   0  rain
    on      ADP   IN   prep   0  on
    Monday  PROPN NNP  pobj   1  Monday  B-DATE
"""


@pytest.mark.parametrize(("table", "i", "expected"), [
    (WILL_CUT, 4, "future"),
    (HAS_RISEN_TO, 5, "past"),  # present perfect reports the past; read from the number up through "to"
    (IS_MEETING_ON, 5, "present"),
    (MAY_HAVE_LEFT, 4, "past"),  # a modal perfect
    (COULD_RISE, 2, "future"),  # a modal that points ahead
    (WOULD_RISE, 2, None),  # "would" also reports past plans: no tense
    (PLANS_TO_MEET, 6, "future"),  # a to-infinitive
    (WILL_CLOSE_AND_REOPEN, 6, "future"),
    (REOPEN_ALONE, 3, None),
    (KILLED, 3, "past"),
    (STANDS_AT, 4, "present"),
    (VERBLESS, 2, None),
])
def test_tense(table: str, i: int, expected: str | None) -> None:
    assert tense(tok(table, i)) == expected


# --- figures.hyphen_head: the noun a hyphenated measure modifies ----------------------------------------------

TWELVE_YEAR_SENTENCE = """
    a         DET   DT   det       4  a
    12~       NUM   CD   nummod    3  12
    -~        PUNCT HYPH punct     3  -
    year      NOUN  NN   compound  4  year
    sentence  NOUN  NN   ROOT      4  sentence
"""
TEN_YEAR_OLD_BOY = """
    a     DET   DT   det       6  a
    10~   NUM   CD   nummod    3  10
    -~    PUNCT HYPH punct     3  -
    year~ NOUN  NN   npadvmod  5  year
    -~    PUNCT HYPH punct     5  -
    old   ADJ   JJ   amod      6  old
    boy   NOUN  NN   ROOT      6  boy
"""
CONTRACT_EXTENSION = """
    a          DET   DT   det       5  a
    two~       NUM   CD   nummod    3  two
    -~         PUNCT HYPH punct     3  -
    year       NOUN  NN   compound  5  year
    contract   NOUN  NN   compound  5  contract
    extension  NOUN  NN   ROOT      5  extension
"""
OLD_SIGNED = """
    the     DET   DT   det       5  the
    32~     NUM   CD   nummod    3  32
    -~      PUNCT HYPH punct     3  -
    year~   NOUN  NN   npadvmod  5  year
    -~      PUNCT HYPH punct     5  -
    old     NOUN  NN   nsubj     6  old
    signed  VERB  VBD  ROOT      6  sign
"""
STRONG_FORCE = """
    the     DET   DT   det     4  the
    2,000~  NUM   CD   npadvmod 3  2,000
    -~      PUNCT HYPH punct   3  -
    strong  ADJ   JJ   amod    4  strong
    force   NOUN  NN   ROOT    4  force
"""
AGED_AT_END = """
    aged    VERB  VBN  ROOT      0  age
    32~     NUM   CD   npadvmod  0  32
    .       PUNCT .    punct     0  .
"""


@pytest.mark.parametrize(("table", "i", "expected"), [
    (TWELVE_YEAR_SENTENCE, 1, "sentence"),
    (TEN_YEAR_OLD_BOY, 1, "boy"),
    (CONTRACT_EXTENSION, 1, "contract extension"),  # up the compounds to the head noun
    (STRONG_FORCE, 1, "force"),
    (OLD_SIGNED, 1, None),  # "the 32-year-old signed": no noun follows
    (AGED_AT_END, 1, None),  # punctuation follows
])
def test_hyphen_head(table: str, i: int, expected: str | None) -> None:
    assert hyphen_head(tok(table, i)) == expected


# --- claim_model._noun_holder and _holder: whose ban, fine or seats ------------------------------------------

# "The board imposed one-year bans on the three other directors": the "on" phrase on the noun
BANS_ON_NOUN = """
    The        DET   DT   det       1  the
    board      NOUN  NN   nsubj     2  board
    imposed    VERB  VBD  ROOT      2  impose
    one~       NUM   CD   nummod    5  one
    -~         PUNCT HYPH punct     5  -
    year       NOUN  NN   compound  6  year
    bans       NOUN  NNS  dobj      2  ban
    on         ADP   IN   prep      6  on
    the        DET   DT   det       11 the
    three      NUM   CD   nummod    11 three
    other      ADJ   JJ   amod      11 other
    directors  NOUN  NNS  pobj      7  director
"""
# the same with the "on" phrase hung on the verb, as the small model parses it
BANS_ON_VERB = """
    The       DET   DT   det       1  the
    board     NOUN  NN   nsubj     2  board
    imposed   VERB  VBD  ROOT      2  impose
    one~      NUM   CD   nummod    5  one
    -~        PUNCT HYPH punct     5  -
    year      NOUN  NN   compound  6  year
    bans      NOUN  NNS  dobj      2  ban
    on        ADP   IN   prep      2  on
    four      NUM   CD   nummod    9  four
    trustees  NOUN  NNS  pobj      7  trustee
"""
# two penalties in the clause: the "on" phrase on the verb may be either's, so it is not read
TWO_BANS_ON_VERB = """
    The       DET   DT   det       1  the
    board     NOUN  NN   nsubj     2  board
    imposed   VERB  VBD  ROOT      2  impose
    one~      NUM   CD   nummod    5  one
    -~        PUNCT HYPH punct     5  -
    year      NOUN  NN   compound  6  year
    bans      NOUN  NNS  dobj      2  ban
    on        ADP   IN   prep      2  on
    four      NUM   CD   nummod    9  four
    trustees  NOUN  NNS  pobj      7  trustee
    and       CCONJ CC   cc        6  and
    a         DET   DT   det       12 a
    ban       NOUN  NN   conj      6  ban
    on        ADP   IN   prep      12 on
    Smith     PROPN NNP  pobj      13 Smith  B-PERSON
"""
# "one-year bans on Smith": one person, no group
BAN_ON_PERSON = """
    The      DET   DT   det       1  the
    board    NOUN  NN   nsubj     2  board
    imposed  VERB  VBD  ROOT      2  impose
    one~     NUM   CD   nummod    5  one
    -~       PUNCT HYPH punct     5  -
    year     NOUN  NN   compound  6  year
    bans     NOUN  NNS  dobj      2  ban
    on       ADP   IN   prep      6  on
    Smith    PROPN NNP  pobj      7  Smith  B-PERSON
"""
# "Three other directors were banned for five years": the passive subject is whose ban
DIRECTORS_BANNED = """
    Three      NUM   CD   nummod     2  three
    other      ADJ   JJ   amod       2  other
    directors  NOUN  NNS  nsubjpass  4  director
    were       AUX   VBD  auxpass    4  be
    banned     VERB  VBN  ROOT       4  ban
    for        ADP   IN   prep       4  for
    five       NUM   CD   nummod     7  five
    years      NOUN  NNS  pobj       5  year
"""
SMITH_BANNED = """
    Smith   PROPN NNP  nsubjpass  2  Smith  B-PERSON
    was     AUX   VBD  auxpass    2  be
    banned  VERB  VBN  ROOT       2  ban
    for     ADP   IN   prep       2  for
    five    NUM   CD   nummod     5  five
    years   NOUN  NNS  pobj       3  year
"""
CIVIC_UNION_TOOK = """
    Civic  PROPN NNP  compound  1  Civic  B-ORG
    Union  PROPN NNP  nsubj     2  Union  I-ORG
    took   VERB  VBD  ROOT      2  take
    19     NUM   CD   nummod    4  19
    seats  NOUN  NNS  dobj      2  seat
"""
THEY_TOOK = """
    They   PRON  PRP  nsubj   1  they
    took   VERB  VBD  ROOT    1  take
    19     NUM   CD   nummod  3  19
    seats  NOUN  NNS  dobj    1  seat
"""
ACRONYM_TOOK = """
    The    DET   DT   det     1  the
    CU     PROPN NNP  nsubj   2  CU  B-ORG
    took   VERB  VBD  ROOT    2  take
    19     NUM   CD   nummod  4  19
    seats  NOUN  NNS  dobj    2  seat
"""


@pytest.mark.parametrize(("table", "num", "expected"), [
    (BANS_ON_NOUN, 3, "other director"),
    (BANS_ON_VERB, 3, None),  # the "on" phrase is not the noun's
    (BAN_ON_PERSON, 3, None),  # a proper noun: one person
    (DIRECTORS_BANNED, 6, None),  # "five years" modifies no noun of its own
])
def test_noun_holder(table: str, num: int, expected: str | None) -> None:
    assert cm._noun_holder(tok(table, num)) == expected


@pytest.mark.parametrize(("table", "figure", "attach", "verb", "measure", "expected"), [
    (BANS_ON_VERB, (3, 6), 6, 2, "ban", "trustee"),  # the "on" phrase hung on the verb is the holder's
    (TWO_BANS_ON_VERB, (3, 6), 6, 2, "ban", None),
    (DIRECTORS_BANNED, (6, 8), 7, 4, "ban", "other director"),
    (SMITH_BANNED, (4, 6), 5, 2, "ban", None),  # one person
    (CIVIC_UNION_TOOK, (3, 4), 4, 2, "seats", "Civic Union"),
    (THEY_TOOK, (2, 3), 3, 1, "seats", None),  # a pronoun names no holder
    (ACRONYM_TOOK, (3, 4), 4, 2, "seats", None),  # nor does an all-capitals word (a credit, an acronym)
])
def test_holder(table: str, figure: tuple[int, int], attach: int, verb: int, measure: str,
                expected: str | None) -> None:
    doc = build(table)
    assert cm._holder(doc[attach], doc[verb], doc[figure[0]:figure[1]], measure) == expected


# --- claim_model._place_key: the place a figure is "in" -------------------------------------------------------

PLACES = """
    Floods    NOUN  NNS  nsubj     1  flood
    hit       VERB  VBD  ROOT      1  hit
    Dervan    PROPN NNP  compound  3  Dervan  B-GPE
    province  NOUN  NN   dobj      1  province
    ,         PUNCT ,    punct     1  ,
    France    PROPN NNP  npadvmod  1  France  B-GPE
    ,         PUNCT ,    punct     1  ,
    Lyon      PROPN NNP  npadvmod  1  Lyon    B-GPE
    ,         PUNCT ,    punct     1  ,
    Eslavia   PROPN NNP  poss      12 Eslavia B-ORG
    's        PART  POS  case      9  's      I-ORG
    National  PROPN NNP  compound  12 National I-ORG
    Assembly  PROPN NNP  npadvmod  1  Assembly I-ORG
    ,         PUNCT ,    punct     1  ,
    the       DET   DT   det       15 the
    collision NOUN  NN   npadvmod  1  collision
    ,         PUNCT ,    punct     1  ,
    the       DET   DT   det       18 the
    city      NOUN  NN   npadvmod  1  city
    ,         PUNCT ,    punct     1  ,
    the       DET   DT   det       21 the
    country   NOUN  NN   npadvmod  1  country
    ,         PUNCT ,    punct     1  ,
    Velda     PROPN NNP  compound  24 Velda
    district  NOUN  NN   npadvmod  1  district
    near      ADP   IN   prep      24 near
    Oro       PROPN NNP  pobj      25 Oro
"""
CITY_AFTER_COUNTRY = """
    Dervan  PROPN NNP  ROOT   0  Dervan  B-GPE
    ,       PUNCT ,    punct  0  ,
    France  PROPN NNP  appos  0  France  B-GPE
    :       PUNCT :    punct  0  :
    floods  NOUN  NNS  appos  0  flood
    in      ADP   IN   prep   4  in
    the     DET   DT   det    7  the
    city    NOUN  NN   pobj   5  city
"""
CITY_FIRST = """
    Floods  NOUN  NNS  nsubj  1  flood
    hit     VERB  VBD  ROOT   1  hit
    the     DET   DT   det    3  the
    city    NOUN  NN   dobj   1  city
"""


@pytest.mark.parametrize(("table", "i", "expected"), [
    (PLACES, 3, "Dervan"),  # the generic word dropped
    (PLACES, 5, None),  # a country: a national figure has no scope
    (PLACES, 7, "Lyon"),  # a city is a place
    (PLACES, 12, None),  # an institution (ORG), not a place
    (PLACES, 15, None),  # a common noun that is no kind of place: an event
    (PLACES, 18, "Lyon"),  # "the city": the place named last before
    (CITY_AFTER_COUNTRY, 7, "Dervan"),  # ... that is not a country
    (CITY_FIRST, 3, "city"),  # ... else the common noun
    (PLACES, 21, None),  # "the country" is national
    (PLACES, 24, "Velda"),  # a name inside a "near" phrase below the head is another place
])
def test_place_key(table: str, i: int, expected: str | None) -> None:
    assert cm._place_key(tok(table, i)) == expected


# --- claim_model._names_people --------------------------------------------------------------------------------

@pytest.mark.parametrize(("lemma", "expected"), [
    ("people", True),  # generic
    ("activist", True),  # the people table
    ("minister", True),  # a title
    ("detainee", True),  # by its ending
    ("fireman", True),
    ("building", False),
    ("dam", False),
])
def test_names_people(lemma: str, expected: bool) -> None:
    assert cm._names_people(tok(f"{lemma} NOUN NN ROOT 0 {lemma}", 0)) is expected


def test_names_people_without_a_noun() -> None:
    assert cm._names_people(None) is False


# --- claim_model._superlative and _is_change ------------------------------------------------------------------

# "the strongest of more than 40 aftershocks measured 5.8"
STRONGEST_OF = """
    the          DET   DT   det       1  the
    strongest    ADJ   JJS  nsubj     7  strong
    of           ADP   IN   prep      1  of
    more         ADJ   JJR  amod      5  more
    than         ADP   IN   quantmod  5  than
    40           NUM   CD   nummod    6  40
    aftershocks  NOUN  NNS  pobj      2  aftershock
    measured     VERB  VBD  ROOT      7  measure
    5.8          NUM   CD   dobj      7  5.8
"""
# "40 aftershocks, the strongest of magnitude 5.8"
STRONGEST_APPOS = """
    40           NUM   CD   nummod  1  40
    aftershocks  NOUN  NNS  ROOT    1  aftershock
    ,            PUNCT ,    punct   1  ,
    the          DET   DT   det     4  the
    strongest    ADJ   JJS  appos   1  strong
    of           ADP   IN   prep    4  of
    magnitude    NOUN  NN   pobj    5  magnitude
    5.8          NUM   CD   nummod  6  5.8
"""


@pytest.mark.parametrize(("table", "num", "verb", "expected"), [
    (STRONGEST_OF, 8, 7, "strongest aftershock"),
    (STRONGEST_OF, 5, 7, None),  # "40" is the count of the aftershocks, not the one picked out
    (STRONGEST_APPOS, 7, None, "strongest aftershock"),
    (STRONGEST_APPOS, 0, None, None),
    (KILLED, 3, 2, None),
])
def test_superlative(table: str, num: int, verb: int | None, expected: str | None) -> None:
    doc = build(table)
    assert cm._superlative(doc[num], doc[verb] if verb is not None else None) == expected


LOST_SEATS = """
    The    DET   DT   det     1  the
    party  NOUN  NN   nsubj   2  party
    lost   VERB  VBD  ROOT    2  lose
    30     NUM   CD   nummod  4  30
    seats  NOUN  NNS  dobj    2  seat
"""
ROSE_BY = """
    Turnout  NOUN  NN   nsubj   1  turnout
    rose     VERB  VBD  ROOT    1  rise
    by       ADP   IN   prep    1  by
    2        NUM   CD   nummod  4  2
    points   NOUN  NNS  pobj    2  point
"""
ROSE_TO = """
    The   DET   DT   det    1  the
    toll  NOUN  NN   nsubj  2  toll
    rose  VERB  VBD  ROOT   2  rise
    to    ADP   IN   prep   2  to
    410   NUM   CD   pobj   3  410
"""
FELL_POINTS = """
    The     DET   DT   det       1  the
    index   NOUN  NN   nsubj     2  index
    fell    VERB  VBD  ROOT      2  fall
    190     NUM   CD   nummod    4  190
    points  NOUN  NNS  npadvmod  2  point
"""
REACHED = """
    The      DET   DT   det    1  the
    toll     NOUN  NN   nsubj  2  toll
    reached  VERB  VBD  ROOT   2  reach
    410      NUM   CD   dobj   2  410
"""


@pytest.mark.parametrize(("table", "figure", "attach", "verb", "expected"), [
    (LOST_SEATS, (3, 4), 4, 2, True),  # the object of a verb of change
    (ROSE_BY, (3, 4), 4, 1, True),  # "by" the amount
    (ROSE_TO, (4, 5), 4, 2, False),  # "to" the level reached
    (FELL_POINTS, (3, 4), 4, 2, True),
    (REACHED, (3, 4), 3, 2, False),  # no verb of change
])
def test_is_change(table: str, figure: tuple[int, int], attach: int, verb: int, expected: bool) -> None:
    doc = build(table)
    assert cm._is_change(doc[attach], doc[verb], doc[figure[0]:figure[1]]) is expected


# --- cues: the clause a cue verb reports, its subject, negation -----------------------------------------------

SAID_CCOMP = """
    Smith  PROPN NNP  nsubj  1  Smith  B-PERSON
    said   VERB  VBD  ROOT   1  say
    the    DET   DT   det    3  the
    toll   NOUN  NN   nsubj  5  toll
    had    AUX   VBD  aux    5  have
    risen  VERB  VBN  ccomp  1  rise
"""
# "said in a statement that prices would fall", with the clause hung on "statement" as a relative clause
SAID_IN_STATEMENT_THAT = """
    The        DET   DT   det    1  the
    ministry   NOUN  NN   nsubj  2  ministry
    said       VERB  VBD  ROOT   2  say
    in         ADP   IN   prep   2  in
    a          DET   DT   det    5  a
    statement  NOUN  NN   pobj   3  statement
    that       SCONJ IN   mark   9  that
    prices     NOUN  NNS  nsubj  9  price
    would      AUX   MD   aux    9  would
    fall       VERB  VB   relcl  5  fall
"""
# "said in a statement that was posted online": a true relative clause, no reported clause
SAID_IN_STATEMENT_RELATIVE = """
    The        DET   DT   det        1  the
    ministry   NOUN  NN   nsubj      2  ministry
    said       VERB  VBD  ROOT       2  say
    in         ADP   IN   prep       2  in
    a          DET   DT   det        5  a
    statement  NOUN  NN   pobj       3  statement
    that       PRON  WDT  nsubjpass  8  that
    was        AUX   VBD  auxpass    8  be
    posted     VERB  VBN  relcl      5  post
    online     ADV   RB   advmod     8  online
"""
SAID_NOTHING = """
    Smith    PROPN NNP  nsubj  1  Smith  B-PERSON
    said     VERB  VBD  ROOT   1  say
    nothing  PRON  NN   dobj   1  nothing
"""


@pytest.mark.parametrize(("table", "verb", "expected"), [
    (SAID_CCOMP, 1, (5, 2)),
    (SAID_IN_STATEMENT_THAT, 2, (9, 7)),  # the clause starts after the "that"
    (SAID_IN_STATEMENT_RELATIVE, 2, None),
    (SAID_NOTHING, 1, None),
])
def test_complement(table: str, verb: int, expected: tuple[int, int] | None) -> None:
    found = cues._complement(tok(table, verb))
    assert (None if found is None else (found[0].i, found[1])) == expected


# "Prices will rise, said the minister": the small model reads the subject after the verb as its object
SAID_THE_MINISTER = """
    Prices    NOUN  NNS  nsubj  2  price
    will      AUX   MD   aux    2  will
    rise      VERB  VB   ccomp  4  rise
    ,         PUNCT ,    punct  4  ,
    said      VERB  VBD  ROOT   4  say
    the       DET   DT   det    6  the
    minister  NOUN  NN   dobj   4  minister
"""
WHO_SAID = """
    the       DET   DT   det    1  the
    minister  NOUN  NN   ROOT   1  minister
    ,         PUNCT ,    punct  1  ,
    who       PRON  WP   nsubj  4  who
    said      VERB  VBD  relcl  1  say
    so        ADV   RB   advmod 4  so
"""
IT_WAS_SAID = """
    It    PRON  PRP  nsubjpass  2  it
    was   AUX   VBD  auxpass    2  be
    said  VERB  VBN  ROOT       2  say
"""
ARRIVED_AND_SAID = """
    Smith    PROPN NNP  nsubj  1  Smith  B-PERSON
    arrived  VERB  VBD  ROOT   1  arrive
    and      CCONJ CC   cc     1  and
    said     VERB  VBD  conj   1  say
    so       ADV   RB   advmod 3  so
"""
SAID_NO_COMMA = """
    Prices    NOUN  NNS  nsubj  1  price
    said      VERB  VBD  ROOT   1  say
    the       DET   DT   det    3  the
    minister  NOUN  NN   dobj   1  minister
"""


@pytest.mark.parametrize(("table", "verb", "expected"), [
    (SAID_CCOMP, 1, 0),
    (SAID_THE_MINISTER, 4, 6),  # the object after ", said" is the inverted subject
    (WHO_SAID, 4, 1),  # a relative pronoun stands for its noun
    (IT_WAS_SAID, 2, None),  # passive: nobody
    (ARRIVED_AND_SAID, 3, 0),  # a conjoined verb shares its head's subject
])
def test_subject_of(table: str, verb: int, expected: int | None) -> None:
    found = cues.subject_of(tok(table, verb))
    assert (None if found is None else found.i) == expected


def test_inverted_subject_needs_the_comma() -> None:
    assert cues._inverted_subject(tok(SAID_NO_COMMA, 1)) is None


DID_NOT_SAY = """
    He   PRON  PRP  nsubj  3  he
    did  AUX   VBD  aux    3  do
    not  PART  RB   neg    3  not
    say  VERB  VB   ROOT   3  say
"""
DECLINED_TO_SAY = """
    He        PRON  PRP  nsubj  1  he
    declined  VERB  VBD  ROOT   1  decline
    to        PART  TO   aux    3  to
    say       VERB  VB   xcomp  1  say
"""
WENT_ON_TO_SAY = """
    He    PRON  PRP  nsubj  1  he
    went  VERB  VBD  ROOT   1  go
    on    ADP   RP   prt    1  on
    to    PART  TO   aux    4  to
    say   VERB  VB   xcomp  1  say
"""
DID_NOT_GO_ON_TO_SAY = """
    He    PRON  PRP  nsubj  3  he
    did   AUX   VBD  aux    3  do
    not   PART  RB   neg    3  not
    go    VERB  VB   ROOT   3  go
    on    ADP   RP   prt    3  on
    to    PART  TO   aux    6  to
    say   VERB  VB   xcomp  3  say
"""


@pytest.mark.parametrize(("table", "verb", "expected"), [
    (DID_NOT_SAY, 3, True),
    (DECLINED_TO_SAY, 3, True),  # a head that undoes the speech
    (WENT_ON_TO_SAY, 4, False),
    (DID_NOT_GO_ON_TO_SAY, 6, True),  # a negated head
    (SAID_CCOMP, 1, False),
])
def test_is_negated(table: str, verb: int, expected: bool) -> None:
    assert cues.is_negated(tok(table, verb)) is expected


# --- cues: speech acts reported by their verb ("said sorry", "blamed X for Y", "asked X to …"), issue 15 --------

SAID_SORRY_TO = """
    Lund       PROPN NNP  nsubj  1  Lund  B-PERSON
    said       VERB  VBD  ROOT   1  say
    sorry      ADJ   JJ   acomp  1  sorry
    to         ADP   IN   prep   2  to
    commuters  NOUN  NNS  pobj   3  commuter
    .          PUNCT .    punct  1  .
"""
SAID_SORRY_ON_MONDAY_FOR = """
    Lund    PROPN NNP  nsubj  1  Lund  B-PERSON
    said    VERB  VBD  ROOT   1  say
    sorry   ADJ   JJ   acomp  1  sorry
    on      ADP   IN   prep   1  on
    Monday  PROPN NNP  pobj   3  Monday  B-DATE
    for     ADP   IN   prep   1  for
    the     DET   DT   det    7  the
    delays  NOUN  NNS  pobj   5  delay
    .       PUNCT .    punct  1  .
"""
SAID_SORRY = """
    Lund   PROPN NNP  nsubj  1  Lund  B-PERSON
    said   VERB  VBD  ROOT   1  say
    sorry  ADJ   JJ   ccomp  1  sorry
    .      PUNCT .    punct  1  .
"""
WILL_SAY_SORRY_TO = """
    Lund       PROPN NNP  nsubj  2  Lund  B-PERSON
    will       AUX   MD   aux    2  will
    say        VERB  VB   ROOT   2  say
    sorry      ADJ   JJ   acomp  2  sorry
    to         ADP   IN   prep   3  to
    commuters  NOUN  NNS  pobj   4  commuter
"""
BLAMED_X_FOR_Y = """
    The       DET   DT   det    1  the
    airline   NOUN  NN   nsubj  2  airline
    blamed    VERB  VBD  ROOT   2  blame
    a         DET   DT   det    4  a
    supplier  NOUN  NN   dobj   2  supplier
    for       ADP   IN   prep   2  for
    the       DET   DT   det    7  the
    outage    NOUN  NN   pobj   5  outage
    .         PUNCT .    punct  2  .
"""
ASKED_X_TO = """
    Residents  NOUN  NNS  nsubj  1  resident
    asked      VERB  VBD  ROOT   1  ask
    the        DET   DT   det    3  the
    council    NOUN  NN   dobj   1  council
    to         PART  TO   aux    5  to
    reject     VERB  VB   xcomp  1  reject
    the        DET   DT   det    7  the
    scheme     NOUN  NN   dobj   5  scheme
    .          PUNCT .    punct  1  .
"""
ASKED_TO_LEAVE = """
    He     PRON  PRP  nsubj  1  he
    asked  VERB  VBD  ROOT   1  ask
    to     PART  TO   aux    3  to
    leave  VERB  VB   xcomp  1  leave
    .      PUNCT .    punct  1  .
"""
ASKED_WHO_SAW_TO = """
    Police     NOUN  NNS  nsubj  1  police
    asked      VERB  VBD  ROOT   1  ask
    anyone     PRON  NN   dobj   1  anyone
    who        PRON  WP   nsubj  4  who
    saw        VERB  VBD  relcl  2  see
    the        DET   DT   det    6  the
    collision  NOUN  NN   dobj   4  collision
    to         PART  TO   aux    8  to
    call       VERB  VB   relcl  6  call
    .          PUNCT .    punct  1  .
"""
ASKED_WHO_HAD_COME_TO_HELP = """
    Police  NOUN  NNS  nsubj  1  police
    asked   VERB  VBD  ROOT   1  ask
    a       DET   DT   det    3  a
    woman   NOUN  NN   dobj   1  woman
    who     PRON  WP   nsubj  6  who
    had     AUX   VBD  aux    6  have
    come    VERB  VBN  relcl  3  come
    to      PART  TO   aux    8  to
    help    VERB  VB   advcl  6  help
    .       PUNCT .    punct  1  .
"""
ASKED_ABOUT = """
    Asked   VERB  VBN  advcl  5  ask
    about   ADP   IN   prep   0  about
    it~     PRON  PRP  pobj   1  it
    ,       PUNCT ,    punct  5  ,
    Lund    PROPN NNP  nsubj  5  Lund  B-PERSON
    said    VERB  VBD  ROOT   5  say
    no~     INTJ  UH   ccomp  5  no
    .       PUNCT .    punct  5  .
"""


def _act(table: str, verb: int) -> str | None:
    doc = build(table)
    found = cues._content(doc[verb], cues.subject_of(doc[verb]), lambda _: False, cues.Sentences(doc))
    return None if found is None else doc[found[0] : found[1]].text


@pytest.mark.parametrize(("table", "verb", "expected"), [
    (SAID_SORRY_TO, 1, "said sorry to commuters"),  # the phrase on the word of apology
    (SAID_SORRY_ON_MONDAY_FOR, 1, "said sorry on Monday for the delays"),  # on the verb
    (SAID_SORRY, 1, None),  # bare: its content is the quote that follows
    (BLAMED_X_FOR_Y, 2, "blamed a supplier for the outage"),
    (ASKED_X_TO, 1, "asked the council to reject the scheme"),
    (ASKED_TO_LEAVE, 1, None),  # no addressee: nobody is asked anything
    (ASKED_WHO_SAW_TO, 1, "asked anyone who saw the collision to call"),  # the infinitive hung on the clause
    (ASKED_WHO_HAD_COME_TO_HELP, 1, None),  # the relative clause's own infinitive
])
def test_speech_act_content(table: str, verb: int, expected: str | None) -> None:
    assert _act(table, verb) == expected


@pytest.mark.parametrize(("table", "verb", "cue", "bare"), [
    (SAID_SORRY_TO, 1, "say sorry", False),
    (SAID_SORRY, 1, "say sorry", True),
    (WILL_SAY_SORRY_TO, 2, "say", False),  # a promise of an apology is none
    (BLAMED_X_FOR_Y, 2, "blame", False),
])
def test_apology_cue_and_bare_apology(table: str, verb: int, cue: str, bare: bool) -> None:
    doc = build(table)
    assert cues.cue_name(doc[verb], lambda _: False) == cue
    assert cues.bare_apology(doc[verb], lambda _: False) is bare


def test_asked_about_is_no_request() -> None:
    doc = build(ASKED_ABOUT)
    assert [c.cue for c in cues.find_cues(doc, lambda _: False)] == []
