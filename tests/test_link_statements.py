"""Statement renderings: how a rendering relates to the fullest one, what it changed; citation cue forms."""

from __future__ import annotations

import pytest

from newstrace.link.citations import find_citations
from newstrace.link.common import fold
from newstrace.link.statements import (
    _acts,
    _is_act,
    _occasions,
    _resolve,
    _Said,
    _speak_for,
    _voice,
    change_of,
    join_acts,
    numbers,
    own_part,
    rendering_match,
)
from newstrace.records import Analysis, Quote


@pytest.mark.parametrize(
    ("member", "fullest", "expected"),
    [
        ("We will reopen the bridge in May.", "we will reopen the bridge in May", "verbatim"),
        ("reopen the bridge in May", "We will reopen the bridge in May, and not before.", "contained"),
        ("the bridge would open again in spring", "We will reopen the bridge in May.", "paraphrase"),
        ("We will reopen the tunnel", "We will reopen the bridge in May.", "paraphrase"),  # not a part
    ],
)
def test_rendering_match(member: str, fullest: str, expected: str) -> None:
    assert rendering_match(member, fullest) == expected


@pytest.mark.parametrize(
    ("member", "fullest", "part"),
    [
        ("The dam will hold", "The dam may hold", "hedge removed: may"),
        ("Twelve houses were flooded", "Eleven houses were flooded", "number changed: 11 → 12"),
        ("the mayor blamed the council", "The mayor blamed the council and the weather", "dropped: weather"),
    ],
)
def test_change_says_what_changed(member: str, fullest: str, part: str) -> None:
    assert part in (change_of(member, fullest) or "")


@pytest.mark.parametrize("same", ["We regret it.", "we regret it"])
def test_no_change_for_verbatim(same: str) -> None:
    assert change_of(same, "We regret it.") is None


def test_spelled_numbers_are_numbers() -> None:
    assert numbers("five trains and 30 buses") == {"5", "30"}


def _cited(text: str, source: str = "Valley Post") -> set[tuple[str, str]]:
    a = Analysis(id="x", text=text, source=source)
    return {(c.cited, c.cue) for c in find_citations(a, {"lakeside gazette": ["y"]})}


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("The mayor spoke to Channel 9 on Monday.", "Channel 9"),
        ("The Ridge One news channel reported long queues.", "Ridge One"),
        ("Prices fell, the Borsa news agency reported. Sales rose, as the agency reported.", "Borsa"),
        ("Floods hit the north. (AFP)\n\nNext item", "AFP"),
        ("Read more: Why the dam failed - Lakeside Gazette", "Lakeside Gazette"),
        ("Read more: Lakeside Gazette - Why the dam failed", "Lakeside Gazette"),
    ],
)
def test_citation_cues(text: str, cited: str) -> None:
    assert fold(cited) in {fold(c) for c, _ in _cited(text)}  # "The Ridge One" and "Ridge One" are one name


@pytest.mark.parametrize(
    "text",
    [
        "The ministry wrote on its website that prices fell.",
        "Minister Ivo Tamm wrote on X that the dam held.",
        "The mayor told the Post on Monday.",  # the article's own outlet
        "Valley Post\nRead more\nOther news",
        "Floods hit the north. (VPA)",  # an unknown tag is no credit
        "According to the union, talks failed.",
    ],
)
def test_not_citations(text: str) -> None:
    assert _cited(text) == set()


def _said(text: str, part: str, key: str, day: str | None = None, kind: str = "direct") -> _Said:
    start = text.index(part)
    end = start + len(part)
    cut = text.rfind(".", 0, start - 2)
    stop = text.find(".", end + 1)
    sentence = (cut + 1 if cut >= 0 else 0, stop + 1 if stop >= 0 else len(text))
    quote = Quote(text=part, start=start, end=end, kind=kind, speaker=key)  # type: ignore[arg-type]
    return _Said("a1", (0, start), quote, sentence, key, ("name", "s", key), False, day)


@pytest.mark.parametrize(
    ("text", "days", "joined"),
    [
        # a written statement: its points are one utterance
        ('Acme said in a statement: "We regret the delay." Acme said all trains would run by March.',
         (None, None), True),
        # a briefing: each subject is its own statement, left to the content
        ('Acme told a news briefing: "We regret the delay." Acme said all trains would run by March.',
         (None, None), False),
        # two days are two occasions
        ('Acme said in a statement: "We regret the delay." Acme said all trains would run by March.',
         ("2025-01-01", None), False),
    ],
)
def test_written_occasion_is_one_statement(text: str, days: tuple[str | None, str | None], joined: bool) -> None:
    said = [_said(text, "We regret the delay.", "acme", days[0]),
            _said(text, "all trains would run by March", "acme", days[1], "indirect")]
    assert bool(_occasions(said, {"a1": text})) is joined


def test_speaker_speaks_for_the_institution_in_its_role() -> None:
    text = 'Acme Rail said it regretted the delay. "We are sorry," said Jo Lund, Acme Rail chief executive.'
    firm = _said(text, "it regretted the delay", "Acme Rail", kind="indirect")
    boss = _said(text, "We are sorry,", "Jo Lund")
    boss.quote.role = "Acme Rail chief executive"
    firm.person = boss.person = True  # an institution typed as a person still is not one
    _speak_for([firm, boss], {})
    assert firm.key in boss.voices and not firm.person and boss.person


@pytest.mark.parametrize(
    ("text", "outer", "inner", "own"),
    [
        # a second reporting clause of the same speaker
        ("Oslo said it was not a party to the war and warned the bloc that it would retaliate.",
         "it was not a party to the war and warned the bloc that it would retaliate", "it would retaliate",
         "it was not a party to the war"),
        # another speaker's clause nested in the quote
        ("A group called on the operator to give holders free travel after the maker admitted its trains were late.",
         "to give holders free travel after the maker admitted its trains were late", "its trains were late",
         "to give holders free travel"),
    ],
)
def test_a_quote_ends_before_a_nested_reporting_clause(text: str, outer: str, inner: str, own: str) -> None:
    a, b = text.index(outer), text.index(inner)
    q = Quote(text=outer, start=a, end=a + len(outer), kind="indirect")
    nested = Quote(text=inner, start=b, end=b + len(inner), kind="indirect")
    part = own_part(q, [q, nested], text)
    assert part is not None and part.text == own and text[part.start : part.end] == own
    # a direct fragment of a mixed quote is part of it
    mixed = Quote(text=outer, start=a, end=a + len(outer), kind="mixed")
    assert own_part(mixed, [mixed, Quote(text=inner, start=b, end=b + len(inner), kind="direct")], text) is mixed


def _voiced(key: str, person: bool, countries: str = "", official: bool = False, place: bool = False) -> _Said:
    s = _said(f"{key} said it.", "it", key, kind="indirect")
    s.person, s.official, s.place = person, official, place
    s.countries = frozenset(countries.split())
    return s


def test_voices_by_country_and_role() -> None:
    beijing = _voiced("Beijing", False, "CN", place=True)
    spokesman = _voiced("Gao", True, "CN", official=True)
    moscow = _voiced("Moscow", False, "RU", place=True)
    ministry = _voiced("defence ministry", False, "RU")
    commuter = _voiced("Kim Lee", True)
    group = _voiced("passenger group", False)
    assert _voice(beijing, spokesman) is True  # a capital speaks through its country's officials
    assert _voice(moscow, ministry) is True
    assert _voice(spokesman, ministry) is None  # two countries
    assert _voice(commuter, group) is None  # a private person speaks for no body
    assert _voice(_voiced("Ann Berg", True, official=True), group) is False  # may be its spokesperson


def test_unnamed_speakers_resolve_to_the_one_they_refer_to() -> None:
    text = "Westmorland Police said it. The force said it. Police said it. The country's energy minister said it."
    body = _said(text, "it", "Westmorland Police", kind="indirect")
    force = _said(text, "it", "force", kind="indirect")
    police = _said(text, "it", "police", kind="indirect")
    role = _said(text, "it", "country's energy minister", kind="indirect")
    minister = _said(text, "it", "Ola Berg", kind="indirect")
    minister.person = True
    minister.quote.role = "energy minister"
    said = [body, force, police, role, minister]
    _resolve(said, {})
    assert force.key == police.key == body.key
    assert role.key == minister.key and role.person


# --- acts reported by their verb: they join the statement they were done in (issue 15) ----------------------------


def _act(text: str, part: str, key: str, cue: str, day: str | None = None) -> _Said:
    s = _said(text, part, key, day, "indirect")
    s.quote.cue = cue
    s.act = _is_act(s.quote)
    return s


@pytest.mark.parametrize(
    ("kind", "cue", "expected"),
    [("indirect", "say sorry", True), ("indirect", "blame", True), ("indirect", "ask", True),
     ("indirect", "say", False), ("direct", "apologise", False), ("mixed", "describe", False)],
)
def test_an_act_is_reported_by_its_verb(kind: str, cue: str, expected: bool) -> None:
    assert _is_act(Quote(text="x", start=0, end=1, kind=kind, cue=cue)) is expected  # type: ignore[arg-type]


def test_an_act_joins_the_words_that_follow_it_in_one_voice() -> None:
    text = 'The company has said sorry to commuters.\n\n"We regret the delay," its chief executive Ann Berg said.'
    act = _act(text, "said sorry to commuters", "company", "say sorry")
    boss = _said(text, "We regret the delay", "Ann Berg")
    boss.person = boss.official = True
    boss.voices = frozenset({("entity", "E1")})  # she speaks for a named body: "the company" may be it
    assert _acts([act, boss], {"a1": text}) == [(0, 1)]


@pytest.mark.parametrize(
    ("text", "act_key", "other_key"),
    [
        # two bodies neither of which speaks for the other
        ("Mr Hart's family described him as the kindest man. Police said the driver was not hurt.", "family", "police"),
        # one voice, but a paragraph between them
        ("Acme described him as the kindest man.\n\nTrains ran late.\n\nAcme said the driver was not hurt.",
         "Acme", "Acme"),
    ],
)
def test_an_act_does_not_join_the_words_of_another_voice_or_paragraph(text: str, act_key: str, other_key: str) -> None:
    act = _act(text, "described him as the kindest man", act_key, "describe")
    other = _said(text, "the driver was not hurt", other_key, kind="indirect")
    assert _acts([act, other], {"a1": text}) == []
    near = text.replace("\n\nTrains ran late.\n\n", " ")
    if act_key == other_key:  # without the paragraph between them, they are one
        act = _act(near, "described him as the kindest man", act_key, "describe")
        other = _said(near, "the driver was not hurt", other_key, kind="indirect")
        assert _acts([act, other], {"a1": near}) == [(0, 1)]


def test_an_act_left_alone_joins_the_one_statement_of_its_voice_in_the_article() -> None:
    text = "Acme said it regretted the delay. Kim Lee said she was late. Acme blamed a supplier for the hold-up."
    regret = _said(text, "it regretted the delay", "Acme", kind="indirect")
    commuter = _said(text, "she was late", "Kim Lee", kind="indirect")
    commuter.person = True
    blame = _act(text, "blamed a supplier for the hold-up", "Acme", "blame")
    said = [regret, commuter, blame]
    assert sorted(map(sorted, join_acts([[0], [1], [2]], said))) == [[0, 2], [1]]
    # the voice says two things in the article: which one the act was done in is not known
    other = _said(text + " Acme said fares would fall.", "fares would fall", "Acme", kind="indirect")
    assert sorted(map(sorted, join_acts([[0], [1], [2], [3]], [*said, other]))) == [[0], [1], [2], [3]]
    # nor on another day
    blame.day, regret.day = "2025-01-02", "2025-01-01"
    assert sorted(map(sorted, join_acts([[0], [1], [2]], said))) == [[0], [1], [2]]


def test_an_act_joins_a_written_text_only_where_it_is_named_around_the_act() -> None:
    text = 'Kyiv wrote on X: "Another attack on the grid overnight." Kyiv has asked its partners for more gas.'
    post = _said(text, "Another attack on the grid overnight.", "Kyiv")
    request = _act(text, "asked its partners for more gas", "Kyiv", "ask")
    assert _occasions([post, request], {"a1": text}) == []
    text = 'Acme wrote on X: "We regret the delay." In the statement, Acme blamed a supplier for it.'
    post = _said(text, "We regret the delay.", "Acme")
    blame = _act(text, "blamed a supplier for it", "Acme", "blame")
    assert _occasions([post, blame], {"a1": text}) == [(0, 1)]
