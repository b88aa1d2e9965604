"""The claim model of figures (measure, scope, event, estimate) and the grouping and status of claims."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.extract.claim_model import annotate, frames
from newstrace.extract.quantities import extract_quantities
from newstrace.link.claims import quantity_claims
from newstrace.records import EXTRACTOR_VERSIONS, Analysis, Quantity


def _figure(nlp: Any, text: str, figure: str, published: str = "2031-03-04") -> Quantity:
    doc = nlp(text)
    qs = annotate(doc, extract_quantities(doc, [], []), published)
    found = [q for q in qs if figure in q.text]
    assert found, [q.text for q in qs]
    return found[0]


@pytest.mark.parametrize(("text", "figure", "measure"), [
    ("The storm killed 37 people across the island.", "37", "deaths"),
    ("Officials said 212 people had died in the landslide.", "212", "deaths"),
    ("The death toll from the mine collapse rose to 64 on Sunday.", "64", "deaths"),
    ("At least 19 villagers lost their lives when the bridge fell.", "19", "deaths"),
    ("The blast injured 48 workers at the plant.", "48", "injured"),
    ("Police arrested 73 fans after the match.", "73", "arrested"),
    ("Authorities evacuated 5,600 residents from the valley.", "5,600", "evacuated"),
    ("The Liberal Party won 88 seats in the assembly.", "88", "seats"),
    ("The regulator imposed a €3.5 million fine on the airline.", "€3.5 million", "fine"),
    ("The central bank raised its main rate by 25 basis points.", "25 basis points", "rate_change"),
    # negatives: a measure is not read off unrelated words
    ("The ship carried 300 containers of grain.", "300", "container"),
])
def test_measure_of_figures(nlp: Any, text: str, figure: str, measure: str) -> None:
    assert _figure(nlp, text, figure).measure == measure


@pytest.mark.parametrize(("text", "figure", "event"), [
    ("A 2004 cyclone on the same coast killed 900 people.", "900", "2004"),
    ("The bank has raised rates by 1.75 points since March.", "1.75", "since March"),
    ("The storm killed 37 people across the island.", "37", None),
])
def test_event_of_figures(nlp: Any, text: str, figure: str, event: str | None) -> None:
    assert _figure(nlp, text, figure).event == event


@pytest.mark.parametrize(("text", "figure", "estimate"), [
    ("The mayor warned that the toll could exceed 5,000.", "5,000", True),
    ("Analysts expect a cut of 50 basis points.", "50 basis points", True),
    ("The toll has risen to 410, officials said.", "410", False),
])
def test_estimates(nlp: Any, text: str, figure: str, estimate: bool) -> None:
    assert _figure(nlp, text, figure).estimate is estimate


def test_the_frame_lexicon_is_data() -> None:
    f = frames()
    assert "kill" in f["deaths"].verbs and f["deaths"].updates == "grow"
    assert f["fine"].updates == "fixed"


def _analysis(aid: str, published: str, figures: list[tuple[str, float, str | None]]) -> Analysis:
    text, qs = "", []
    for i, fig_value in enumerate(figures):
        fig, value, qualifier = fig_value
        start = len(text)
        lead = "Officials said " if i == 0 else "The toll has now risen to "  # a later figure worded as an update
        text += f"{lead}{fig} people were killed. "
        s = start + len(lead)
        qs.append(Quantity(text=fig, start=s, end=s + len(fig), value=value, qualifier=qualifier or "exact",
                           measure="deaths"))
    return Analysis(id=aid, text=text, published=published, quantities=qs, extractors=dict(EXTRACTOR_VERSIONS))


@pytest.mark.parametrize(("articles", "status"), [
    # a tally rising over days is an update, not a dispute
    ([("a", "2031-03-01", [("180", 180, None)]), ("b", "2031-03-02", [("410", 410, None)])], "updated"),
    # a live blog's later figure supersedes its earlier one; another outlet agrees with the later one
    ([("a", "2031-03-02", [("296", 296, None), ("410", 410, None)]), ("b", "2031-03-02", [("400", 400, "more_than")])],
     "updated"),
    # two sources, one day, incompatible values: a dispute
    ([("a", "2031-03-02", [("3,200", 3200, None)]), ("b", "2031-03-02", [("9,800", 9800, None)])], "differs"),
    # a running tally lower on a later day from another source: a dispute
    ([("a", "2031-03-01", [("40", 40, "at_least")]), ("b", "2031-03-02", [("32", 32, None)])], "differs"),
    ([("a", "2031-03-02", [("58", 58, None)]), ("b", "2031-03-02", [("50", 50, "more_than")])], "corroborated"),
    ([("a", "2031-03-02", [("58", 58, None)])], "single_source"),
])
def test_status_of_claims(articles: list[tuple[str, str, list[tuple[str, float, str | None]]]], status: str) -> None:
    analyses = [_analysis(aid, pub, figs) for aid, pub, figs in articles]
    claims = quantity_claims(analyses, {a.id: "s" for a in analyses}, lambda art, _: art,
                             {a.id: a.id for a in analyses})
    assert len(claims) == 1
    assert claims[0].status == status
    assert claims[0].subject == "people killed"
    assert any(m.disputed for m in claims[0].members) == (status == "differs")


@pytest.mark.parametrize(("text", "figure", "field", "value"), [
    # a compound before the counted noun is no frame: rescue workers are not the rescued
    ("The minister said more than 2,500 rescue workers had been deployed.", "2,500", "measure", "rescue worker"),
    # a superlative picks one of other events
    ("The strongest of 30 aftershocks measured 6.0.", "6.0", "event", "strongest aftershock"),
    ("The agency recorded 25 aftershocks, the strongest of magnitude 5.2.", "5.2", "event", "strongest aftershock"),
    # a clause with a subject of its own is not read off the clause around it
    ("Early on Monday, six students broke into the depot; three of them were detained.", "six", "measure",
     "student"),
    # people counted by a role take what happened to them
    ("Three defendants, all former clerks, were acquitted.", "Three", "measure", "acquitted"),
    ("Police arrested 58 protesters near the palace.", "58", "measure", "arrested"),
    # 'of them' counts the noun before
    ("Divers recovered 90 bodies, 35 of them in the lower deck.", "35", "measure", "deaths"),
    # a date in another figure's phrase does not date a figure
    ("The final count gave the Greens 41 seats, down from 44 in Tuesday's provisional results.", "41", "as_of",
     None),
    # an organisation is no place
    ("The Labour Party won 120 of the 250 seats in the Federal Assembly.", "120", "scope", "Labour Party"),
])
def test_claim_model_mechanisms(nlp: Any, text: str, figure: str, field: str, value: object) -> None:
    assert getattr(_figure(nlp, text, figure, "2031-06-05"), field) == value


@pytest.mark.parametrize(("text", "figure", "measure", "scope"), [
    # a penalty's holder is whom it is imposed on: a group by its common noun, one person gives none
    ("The board also imposed two-year bans on the four other trustees.", "two-year", "ban", "other trustee"),
    ("The board imposed a ten-year trading ban on its chairman and two-year bans on the four other trustees.",
     "ten-year", "ban", None),
    ("The three lenders were fined 8 million dollars each.", "8 million", "fine", "lender"),
    ("The tribunal handed 18-month sentences to the six smugglers.", "18-month", "sentence", "smuggler"),
    ("Two-year bans were imposed on the four other trustees.", "Two-year", "ban", "other trustee"),
    ("Six smugglers received 18-month sentences.", "18-month", "sentence", "smuggler"),
    # the size of a whole is a scope only for seats and votes
    ("The Farmers' Party won 41 seats in the 250-seat chamber.", "250", "seats", "all"),
])
def test_holders_of_penalties_and_wholes(nlp: Any, text: str, figure: str, measure: str, scope: str | None) -> None:
    q = _figure(nlp, text, figure)
    assert (q.measure, q.scope) == (measure, scope)
