"""Cross-article entity resolution (issue 13): transliterations, honorifics, initials and generational
suffixes, acronyms and clippings, generic names qualified by their country, and types voted over mentions.

Every name here is invented for these tests; the dev set is scored in ``test_entities_dev.py``.
"""

from __future__ import annotations

import pytest

from newstrace.link.entities import resolve_entities
from newstrace.link.names import name_similarity, parse_name, skeleton
from newstrace.link.orgs import acronym_form, clipping_form, country_of, parse_org
from newstrace.records import Analysis, Entity


def article(id: str, *entities: tuple[str, str] | tuple[str, str, str]) -> Analysis:
    """An article whose text is its entity names one after another (``(name, type[, iso])`` each)."""
    text, ents = "", []
    for i, spec in enumerate(entities, 1):
        name, type_ = spec[0], spec[1]
        start = len(text)
        text += name + ". "
        ents.append(Entity(f"e{i}", name, type_, iso=spec[2] if len(spec) > 2 else None,
                           mentions=[(start, start + len(name))]))
    return Analysis(id=id, text=text, entities=ents)


def joined(analyses: list[Analysis], stories: dict[str, str], a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether entity ``a`` (article, name) and ``b`` resolve to one cross-article entity."""
    _, ref = resolve_entities(analyses, stories)
    ids = {(x.id, e.name): (x.id, e.id) for x in analyses for e in x.entities}
    return ref[ids[a]] == ref[ids[b]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tal-e Marvan", "Talmarvan"),  # Persian ezafe
        ("Chenar-ye Bala", "Chenar Bala"),
        ("Yevgenia Orlova", "Evgenia Orlova"),
        ("Al-Rashidiya", "Rashidiyah"),  # Arabic article, final -h
        ("Abd al-Karim Haddad", "Abdelkarim Haddad"),
        ("Kharkiv", "Kharkov"),
    ],
)
def test_transliterations_share_a_skeleton(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Yevgeny Tarasenkov", "Yevgeniy Tarasenkov", True),
        ("Abd al-Karim Haddad", "Abdelkarim Haddad", True),
        ("Abdulkarim Haddad", "Abdelkarim Haddad", True),
        ("Lee Min-jun", "Lee Min Jun", True),
        ("Sir Edmund Thorne", "Edmund Thorne", True),
        ("Dr. Ines Calloway", "Ines Calloway", True),
        ("K.L. Varga", "Katalin Varga", True),
        ("Katalin L. Varga", "Katalin Lenke Varga", True),
        ("K.L. Varga", "Zsofia Varga", False),
        ("Katalin L. Varga", "Katalin M. Varga", False),
        ("Harold Pemberton Jr.", "Harold Pemberton", False),  # a son is not his father
        ("Harold Pemberton III", "Harold Pemberton Jr.", False),
        ("Harold Pemberton Sr.", "Harold Pemberton", True),  # "Sr." is often left out
        ("Tom Bell", "Tim Bell", False),  # one skeleton, two people: short names must be spelled alike
    ],
)
def test_person_names(a: str, b: str, same: bool) -> None:
    pa, pb = parse_name(a), parse_name(b)
    assert pa is not None and pb is not None
    assert (name_similarity(pa, pb) > 0) is same


def test_nicknames_only_within_a_story() -> None:
    pa, pb = parse_name("Ted Lindqvist"), parse_name("Theodore Lindqvist")
    pc, pd = parse_name("Alex Duarte"), parse_name("Alexandra Duarte")
    assert pa is not None and pb is not None and pc is not None and pd is not None
    assert name_similarity(pa, pb, nicknames=True) == 0  # not a prefix
    assert name_similarity(pc, pd, nicknames=True) > 0
    assert name_similarity(pc, pd) == 0


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Allied Textile Workers", "atw"),
        ("Caspian Shipping Corporation", "csc"),
        ("US Bureau of Mines", "usbm"),
        ("Organisation for Fisheries Co-operation", "ofc"),
        ("Organisation for Fisheries Co-operation", "ofco"),
    ],
)
def test_acronyms_from_initials(name: str, acronym: str) -> None:
    assert acronym in parse_org(name).acronyms


def test_acronym_and_clipping_forms() -> None:
    assert acronym_form("ATW") == "atw"
    assert acronym_form("Allied") is None
    assert clipping_form("Cal") == "cal"
    assert clipping_form("Lima") is None  # a place, not a clipping


@pytest.mark.parametrize(
    ("name", "generic", "country"),
    [
        ("Interior Ministry", True, None),
        ("Peruvian Interior Ministry", True, "PE"),
        ("Ministry of Health of Chile", True, "CL"),
        ("Lisbon police", True, "PT"),
        ("Civil Aviation Authority", True, None),
        ("Caspian Shipping Corporation", False, None),
        ("Harrowgate Rail Trust", False, None),
    ],
)
def test_generic_names_and_their_country(name: str, generic: bool, country: str | None) -> None:
    org = parse_org(name)
    assert org.generic is generic
    assert org.country == country


def test_country_of_nationalities() -> None:
    assert country_of("Peruvian") == "PE"
    assert country_of("Iraqi") == "IQ"
    assert country_of("Maltese") == "MT"
    assert country_of("Harrowgate") is None


# ------------------------------------------------------------------------------------------- resolution


def test_acronym_joins_its_expansion_within_one_article() -> None:
    a = article("a", ("Allied Textile Workers", "ORG"), ("ATW", "ORG"))
    b = article("b", ("ATW", "ORG"))
    arts, stories = [a, b], {"a": "s1", "b": "s1"}
    assert joined(arts, stories, ("a", "Allied Textile Workers"), ("a", "ATW"))
    assert joined(arts, stories, ("a", "Allied Textile Workers"), ("b", "ATW"))


def test_clipping_joins_the_shortest_expansion_not_a_branch() -> None:
    a = article("a", ("Calder Reserve", "ORG"), ("Cal", "ORG"), ("Calder Reserve Bank of Tulsa", "ORG"))
    b = article("b", ("US Calder Reserve", "ORG"))
    arts, stories = [a, b], {"a": "s1", "b": "s2"}
    assert joined(arts, stories, ("a", "Cal"), ("a", "Calder Reserve"))
    assert not joined(arts, stories, ("a", "Cal"), ("a", "Calder Reserve Bank of Tulsa"))
    # a name without its country joins the one organisation of that name that has one
    assert joined(arts, stories, ("a", "Calder Reserve"), ("b", "US Calder Reserve"))


def test_two_countries_ministries_stay_apart() -> None:
    pe = article("pe", ("Peru", "GPE", "PE"), ("Interior Ministry", "ORG"), ("Lima", "GPE", "PE"))
    cl = article("cl", ("Chile", "GPE", "CL"), ("Interior Ministry", "ORG"), ("Santiago", "GPE", "CL"))
    pe2 = article("pe2", ("Peru", "GPE", "PE"), ("Ministry of Interior", "ORG"))
    arts, stories = [pe, cl, pe2], {"pe": "s1", "cl": "s2", "pe2": "s3"}
    assert not joined(arts, stories, ("pe", "Interior Ministry"), ("cl", "Interior Ministry"))
    assert joined(arts, stories, ("pe", "Interior Ministry"), ("pe2", "Ministry of Interior"))


def test_ministry_of_a_two_country_article_is_not_joined_across() -> None:
    both = article("both", ("Peru", "GPE", "PE"), ("Chile", "GPE", "CL"), ("Interior Ministry", "ORG"))
    pe = article("pe", ("Peru", "GPE", "PE"), ("Interior Ministry", "ORG"))
    assert not joined([both, pe], {"both": "s1", "pe": "s2"}, ("both", "Interior Ministry"),
                      ("pe", "Interior Ministry"))


def test_father_and_son_stay_apart_and_the_son_keeps_his_suffix() -> None:
    a = article("a", ("Harold Pemberton", "PERSON"), ("Harold Pemberton Jr.", "PERSON"))
    b = article("b", ("Pemberton Jr.", "PERSON"))
    c = article("c", ("Harold Pemberton", "PERSON"))
    arts, stories = [a, b, c], {"a": "s1", "b": "s1", "c": "s2"}
    assert not joined(arts, stories, ("a", "Harold Pemberton"), ("a", "Harold Pemberton Jr."))
    assert joined(arts, stories, ("b", "Pemberton Jr."), ("a", "Harold Pemberton Jr."))
    assert not joined(arts, stories, ("b", "Pemberton Jr."), ("c", "Harold Pemberton"))
    assert joined(arts, stories, ("a", "Harold Pemberton"), ("c", "Harold Pemberton"))


def test_type_is_voted_over_mentions_and_mistyped_names_join() -> None:
    a = article("a", ("Ilse Brandauer", "PERSON"))
    b = article("b", ("Ilse Brandauer", "ORG"))
    c = article("c", ("Ilse Brandauer", "PERSON"))
    entities, ref = resolve_entities([a, b, c], {"a": "s1", "b": "s1", "c": "s1"})
    assert len({ref[(x, "e1")] for x in "abc"}) == 1
    assert [e.type for e in entities if e.name == "Ilse Brandauer"] == ["PERSON"]


def test_place_spellings_of_one_story_join_whatever_their_type() -> None:
    a = article("a", ("Tal-e Marvan", "GPE"))
    b = article("b", ("Talmarvan", "PERSON"))
    c = article("c", ("Tal Marvan", "ORG"))
    arts, stories = [a, b, c], {"a": "s1", "b": "s1", "c": "s1"}
    assert joined(arts, stories, ("a", "Tal-e Marvan"), ("b", "Talmarvan"))
    assert joined(arts, stories, ("a", "Tal-e Marvan"), ("c", "Tal Marvan"))


def test_people_who_share_a_surname_in_one_story_stay_apart() -> None:
    a = article("a", ("Vesna Marković", "PERSON"), ("Goran Marković", "PERSON"))
    b = article("b", ("Vesna Markovic", "PERSON"))
    arts, stories = [a, b], {"a": "s1", "b": "s1"}
    assert joined(arts, stories, ("a", "Vesna Marković"), ("b", "Vesna Markovic"))
    assert not joined(arts, stories, ("a", "Goran Marković"), ("b", "Vesna Markovic"))
