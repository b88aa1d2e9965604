"""Stories: articles about one event grouped, other events apart, copies with their original."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newstrace.link.near_duplicates import originals
from newstrace.link.stories import StoryOptions, average_linkage, group_stories, split_bridges
from newstrace.records import Analysis, Entity

FIXTURES = Path(__file__).parent / "fixtures" / "link"


def load(*names: str) -> list[Analysis]:
    out = []
    for name in names:
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(Analysis.from_dict(json.loads(line)))
    return out


def test_each_event_is_one_story() -> None:
    arts = load("harbor.jsonl", "figures.jsonl", "wire.jsonl", "people.jsonl")
    groups = group_stories(arts, originals((a.id, a.text) for a in arts))
    assert groups == [
        ["harbor-01", "harbor-02", "harbor-03", "harbor-04", "harbor-05"],
        ["flood-a", "flood-b", "flood-c"],
        ["alps-wire", "alps-reprint"],
        ["talks-a", "talks-b", "talks-c"],
    ]


def test_a_copy_joins_its_originals_story_without_sharing_names() -> None:
    a = Analysis(id="a", text="Storm hits Oslo. Mayor Kari Berg said roads were closed.", published="2026-01-02")
    b = Analysis(id="b", text="Unrelated words entirely.", published="2026-01-02")
    assert group_stories([a, b], {"b": "a"}) == [["a", "b"]]


def test_articles_far_apart_in_time_are_different_stories() -> None:
    text = "Mayor Kari Berg of Oslo opened the Nordlys Bridge with engineer Ola Dahl of Fjord Build."
    a = Analysis(id="a", text=text, published="2026-01-02")
    b = Analysis(id="b", text=text.replace("opened", "closed"), published="2026-09-02")
    c = Analysis(id="c", text=text.replace("opened", "inspected"), published="2026-01-05")
    assert group_stories([a, b, c]) == [["a", "c"], ["b"]]


def _synthetic(n_stories: int, per_story: int, seed: int = 3) -> list[Analysis]:
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "zu", "pe", "do", "ga"]

    def name() -> str:
        return "".join(rng.choice(syll) for _ in range(3)).capitalize()

    out = []
    for s in range(n_stories):
        cast = [f"{name()} {name()}" for _ in range(5)]
        for k in range(per_story):
            people = rng.sample(cast, 4)
            text = f"In Oslo, {people[0]} met {people[1]} and {people[2]}. {people[3]} said talks went well."
            ents = [Entity(f"e{i}", p, "PERSON", mentions=[(text.index(p), text.index(p) + len(p))])
                    for i, p in enumerate(people, 1)]
            out.append(Analysis(id=f"s{s}-{k}", text=text, entities=ents, published="2026-01-01"))
    rng.shuffle(out)
    return out


def test_many_stories_are_told_apart() -> None:
    arts = _synthetic(60, 4)
    groups = group_stories(arts, options=StoryOptions(all_pairs_below=0))  # by the index
    assert sorted(sorted(g) for g in groups) == sorted(
        sorted(f"s{s}-{k}" for k in range(4)) for s in range(60)
    )


# ------------------------------------------------- small collections written for the event-clustering tests


def art(aid: str, published: str, title: str, text: str) -> Analysis:
    return Analysis(id=aid, text=text, published=published, title=title)


GALWAY_STORM = [
    art("st-1", "2025-11-03", "Storm Brona floods Galway quays",
        "Storm Brona pushed the Corrib over the quays in Galway on Monday, flooding forty shops on Dock Road. "
        "Council engineer Niamh Folan said pumps from Athenry were working through the night."),
    art("st-2", "2025-11-03", "Galway shops flooded as Brona hits west coast",
        "Forty businesses along Dock Road in Galway were flooded when Storm Brona drove the tide over the quay "
        "walls. Niamh Folan of the city council said Athenry pump crews arrived before midnight."),
    art("st-3", "2025-11-04", "Clean-up begins on Galway's Dock Road after Brona",
        "Traders on Dock Road began clearing mud on Tuesday after Storm Brona flooded the Galway quays. "
        "Engineer Niamh Folan said the Corrib had fallen and the Athenry pumps would stay until Friday."),
]
TALLINN_PORT = [
    art("po-1", "2025-11-05", "Tallinn dockers strike over night shifts",
        "Dockers at Muuga harbour near Tallinn walked out on Wednesday over new night shifts. Union leader "
        "Kaur Tamm said 600 members would picket the container terminal until the operator Baltiport talks."),
    art("po-2", "2025-11-05", "Muuga container terminal halted by dock strike",
        "The container terminal at Muuga, east of Tallinn, stood still after 600 dockers struck over night "
        "shifts. Kaur Tamm of the dockers' union said Baltiport had refused to talk."),
    art("po-3", "2025-11-06", "Baltiport offers talks as Muuga strike enters second day",
        "Baltiport offered talks on Thursday as the strike by 600 dockers at Muuga harbour near Tallinn went "
        "into a second day. Kaur Tamm said night shifts were the only issue."),
]
ROUND_UP = art("ru-1", "2025-11-07", "Week in review: Brona floods Galway, Tallinn dockers strike",
    "Storm Brona flooded forty shops on Dock Road in Galway, where engineer Niamh Folan ran the Athenry "
    "pumps. In Estonia, 600 dockers at Muuga harbour near Tallinn struck over night shifts, and union leader "
    "Kaur Tamm said Baltiport had offered talks.")


def test_a_round_up_of_two_stories_neither_joins_nor_chains_them() -> None:
    arts = [*GALWAY_STORM, ROUND_UP, *TALLINN_PORT]
    assert group_stories(arts) == [["st-1", "st-2", "st-3"], ["ru-1"], ["po-1", "po-2", "po-3"]]


def _quake(aid: str, published: str, magnitude: str, toll: str, village: str) -> Analysis:
    return art(aid, published, f"Magnitude {magnitude} quake kills {toll} in Van province",
               f"A magnitude {magnitude} earthquake struck Van province in eastern Turkey, killing {toll} people "
               f"in {village} and nearby hamlets, the disaster agency AFAD said. Governor Ozan Demirci said "
               f"tents were sent to {village}. The Turkish Red Crescent opened a field kitchen in Van.")


def test_two_quakes_in_one_region_six_weeks_apart_are_two_stories() -> None:
    arts = [
        _quake("q1-a", "2025-03-02", "5.9", "eleven", "Ercis"), _quake("q1-b", "2025-03-03", "5.9", "eleven", "Ercis"),
        _quake("q2-a", "2025-04-14", "5.4", "four", "Muradiye"),
        _quake("q2-b", "2025-04-14", "5.4", "four", "Muradiye"),
    ]
    assert group_stories(arts) == [["q1-a", "q1-b"], ["q2-a", "q2-b"]]


def test_an_elections_two_rounds_two_weeks_apart_are_two_stories() -> None:
    arts = [
        art("r1-a", "2025-05-11", "Lithuania votes in first round of presidential election",
            "Lithuanians voted on Sunday in the first round of the presidential election. Rasa Vaitkute led "
            "with 41 percent and Tomas Kairys had 33 percent, the Central Electoral Commission said."),
        art("r1-b", "2025-05-12", "Vaitkute and Kairys head to runoff in Lithuania",
            "Rasa Vaitkute and Tomas Kairys will meet in a runoff after neither won half the first-round vote, "
            "with 41 and 33 percent, the Central Electoral Commission in Vilnius said on Monday."),
        art("r2-a", "2025-05-25", "Lithuania votes in presidential runoff",
            "Lithuanians returned to the polls on Sunday for the runoff between Rasa Vaitkute and Tomas Kairys, "
            "who won 41 and 33 percent two weeks ago. The Central Electoral Commission said turnout rose."),
        art("r2-b", "2025-05-26", "Vaitkute wins Lithuanian presidential runoff",
            "Rasa Vaitkute won the runoff with 56 percent against Tomas Kairys, the Central Electoral "
            "Commission said on Monday, after leading the first round with 41 percent."),
    ]
    assert group_stories(arts) == [["r1-a", "r1-b"], ["r2-a", "r2-b"]]


def test_one_event_worded_differently_is_one_story() -> None:
    assert group_stories(GALWAY_STORM[::-1]) == [["st-3", "st-2", "st-1"]]


def test_output_is_the_same_for_the_same_input() -> None:
    arts = [*TALLINN_PORT, ROUND_UP, *GALWAY_STORM]
    assert group_stories(arts) == group_stories(list(arts))


def test_the_index_finds_the_same_stories_as_all_pairs() -> None:
    arts = [*GALWAY_STORM, ROUND_UP, *TALLINN_PORT]
    assert group_stories(arts, options=StoryOptions(all_pairs_below=0)) == group_stories(arts)


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        # a chain: single link would join all three; the mean over (0, 2) is (0.9 + 0 ) / 2 < 0.5
        ({(0, 1): 0.9, (1, 2): 0.6}, [[0, 1], [2]]),
        ({(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.5}, [[0, 1, 2]]),
        ({(0, 1): 0.4}, [[0], [1], [2]]),
        ({}, [[0], [1], [2]]),
    ],
)
def test_average_linkage(edges: dict[tuple[int, int], float], expected: list[list[int]]) -> None:
    assert average_linkage(3, edges, 0.5) == expected


def test_a_member_as_close_to_another_story_as_to_its_own_is_split_off() -> None:
    # 0-1-2 one story, 4-5 another; 3 sits in the first but is nearly as close to the second
    edges = {(0, 1): 0.8, (0, 2): 0.7, (1, 2): 0.8, (0, 3): 0.4, (1, 3): 0.4, (2, 3): 0.4,
             (3, 4): 0.3, (3, 5): 0.3, (4, 5): 0.9, (2, 4): 0.05}
    clusters = [[0, 1, 2, 3], [4, 5]]
    assert split_bridges(clusters, edges, 0.5) == [[0, 1, 2], [3], [4, 5]]
    assert split_bridges(clusters, edges, 0.8) == clusters
