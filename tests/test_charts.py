"""The pictures (newstrace.outputs.charts), TIMEX values in words (extract.timewords) and place coordinates
(outputs.geo): plain functions, checked on their SVG and strings."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from newstrace.extract.timewords import time_words
from newstrace.outputs.charts import (
    Coverage,
    Place,
    Point,
    coverage_timeline,
    figure_series,
    outlet_bar,
    place_map,
    sparkline,
)
from newstrace.outputs.geo import coordinates

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert "style=" not in svg and "<script" not in svg  # the web UI's policy forbids inline style and script
    return root


def test_figure_series_marks_disputes_and_joins_an_updated_series() -> None:
    pts = [Point("2026-03-03", "Coastal Wire", 12, 12, "12", disputed=True),
           Point("2026-03-04", "Harbor Gazette", 14, 14, "at least 14", disputed=True),
           Point("2026-03-10", "Northern Ledger", 2, 2, "2")]
    root = parse(figure_series(pts, "people injured"))
    groups = root.findall(f"{SVG}g")
    assert sum("disputed" in (g.get("class") or "") for g in groups) == 2
    tips = [g.find(f"{SVG}title").text for g in groups]  # type: ignore[union-attr]
    assert "Harbor Gazette: at least 14, 2026-03-04 (disputed)" in tips
    assert root.find(f"{SVG}polyline") is None  # not an update: no line through the values
    updated = parse(figure_series(pts, "x", updated=True))
    assert updated.find(f"{SVG}polyline") is not None


def test_figure_series_needs_two_dated_values() -> None:
    assert figure_series([Point("2026-03-03", "A", 3, 3, "3"), Point("2026-03-04", "B", 3, 3, "3")], "x") == ""
    assert figure_series([Point(None, "A", 3, 3, "3"), Point(None, "B", 4, 4, "4")], "x") == ""


def test_text_from_articles_is_escaped() -> None:
    svg = figure_series([Point("2026-01-01", "<script>x</script>", 1, 1, "1"),
                         Point("2026-01-02", "B&B", 2, 2, "2")], 'a "b" <c>')
    parse(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_sparkline_counts_articles_per_day_and_outlet_bar_shares() -> None:
    root = parse(sparkline(["2026-03-03", "2026-03-04T10:00:00Z", "2026-03-04", None, "2026-03-10"]))
    days = [r.find(f"{SVG}title").text for r in root.findall(f"{SVG}rect")]  # type: ignore[union-attr]
    assert days == ["2026-03-03: 1 article", "2026-03-04: 2 articles", "2026-03-10: 1 article"]
    assert sparkline([None]) == ""
    bar = parse(outlet_bar([("A", 3), ("B", 1)]))
    widths = [float(r.get("width") or 0) for r in bar.findall(f"{SVG}rect")]
    assert widths[0] > 2.5 * widths[1]


def test_coverage_timeline_lists_outlets_by_first_publication_with_citations() -> None:
    svg = coverage_timeline([Coverage("Late", ["2026-03-10"], ["Early"]), Coverage("Early", ["2026-03-03"])])
    root = parse(svg)
    names = [t.text for t in root.iter(f"{SVG}text") if t.text in ("Early", "Late")]
    assert names == ["Early", "Late"] and "cites Early" in svg


def test_place_map_sizes_places_by_mentions_and_sets_far_ones_aside() -> None:
    svg = place_map([Place("Rotterdam", 51.9, 4.5, 7), Place("Hamburg", 53.6, 10.0, 4),
                     Place("Jacksonville", 30.3, -81.7, 1)])
    root = parse(svg)
    radii = {g.find(f"{SVG}title").text.split(":")[0]: float(g.find(f"{SVG}circle").get("r"))  # type: ignore
             for g in root.findall(f"{SVG}g")}
    assert set(radii) == {"Rotterdam", "Hamburg"} and radii["Rotterdam"] > radii["Hamburg"]
    assert "also named, far away: Jacksonville (1)" in svg
    assert root.findall(f"{SVG}line")  # the graticule
    assert place_map([]) == ""


@pytest.mark.parametrize(("code", "words"), [
    ("2026-03-04", "Wednesday, 4 March 2026"), ("2026-03", "March 2026"), ("2024", "2024"),
    ("2026-03-03TMO", "Tuesday morning, 3 March 2026"), ("TMO", "in the morning"), ("TNI", "at night"),
    ("SU", "in summer"), ("2026-SU", "summer 2026"), ("PRESENT_REF", "the present"), ("PXD", "some days"),
    ("PTXM", "some minutes"), ("P3D", "3 days"), ("PT1H", "1 hour"), ("199X", "the 1990s"),
    ("19XX", "the 20th century"),
    ("2026-Q1", "the first quarter of 2026"), ("not a code", "not a code"), (None, ""),
])
def test_timex_values_in_words(code: str | None, words: str) -> None:
    """The pages and the report show dates in words (the code stays in the record and the markup)."""
    assert time_words(code) == words


def test_places_have_geonames_coordinates() -> None:
    lat, lon = coordinates("Port of Rotterdam", "NL-ZH") or (0, 0)
    assert re.match(r"51\.9", f"{lat}") and 4 < lon < 5
    assert coordinates("Bavaria", "DE-BY") == coordinates("Munich", "DE-BY")  # a region: its main city
    assert coordinates("Poland", "PL") == coordinates("Warsaw", "PL")  # a country: its capital
    assert coordinates("Nowhere-on-earth", None) is None
