"""``compare`` and ``newstrace compare``: the JSON document, story selection, inputs, exit codes, the store,
and the cross-article scores on the seed articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.link.compare import compare
from newstrace.records import Analysis

FIXTURES = Path(__file__).parent / "fixtures" / "link"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
runner = CliRunner()


def load(name: str) -> list[Analysis]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [Analysis.from_dict(json.loads(line)) for line in lines if line.strip()]


def test_json_document_has_the_contract_fields() -> None:
    d = json.loads(json.dumps(compare(load("harbor.jsonl")).to_dict()))
    assert set(d) >= {"stories", "entities", "claims", "citations", "timeline"}
    assert d["stories"][0]["articles"] == ["harbor-01", "harbor-02", "harbor-03", "harbor-04", "harbor-05"]
    e = d["entities"][0]
    assert set(e) >= {"id", "name", "type", "aliases", "mentions"} and set(e["mentions"][0]) >= {"article", "entity"}
    c = d["claims"][0]
    assert set(c) >= {"id", "kind", "subject", "status", "members"}
    assert set(c["members"][0]) >= {"article", "value", "qualifier", "text", "start", "end", "source"}
    assert set(d["citations"][0]) >= {"article", "cited", "text", "start", "end"}
    assert {a["id"]: a["duplicate_of"] for a in d["articles"]}["harbor-05"] == "harbor-02"


def test_members_and_citations_point_into_their_articles() -> None:
    c = compare(load("harbor.jsonl"))
    for claim in c.claims:
        for m in claim.members:
            assert c.analyses[m.article].text[m.start : m.end] == m.text
    for x in c.citations:
        assert c.analyses[x.article].text[x.start : x.end] == x.text


def test_timeline_is_in_date_order_with_sources() -> None:
    c = compare(load("harbor.jsonl"))
    dates = [t.date for t in c.timeline]
    assert dates == sorted(dates)
    tuesday = [t for t in c.timeline if t.date == "2026-03-03" and t.kind == "event"]
    assert {s.article for t in tuesday for s in t.sources} >= {"harbor-01", "harbor-02", "harbor-05"}
    berths = [t for t in c.timeline if t.kind == "figure"]
    assert {t.date for t in berths} == {"2026-03-04", "2026-03-05"}  # the two as-of figures of berths shut
    published = [t for t in c.timeline if t.kind == "published"]
    assert len(published) == 5


def test_story_selects_one_story() -> None:
    c = compare(load("harbor.jsonl") + load("figures.jsonl"))
    assert len(c.stories) == 2
    flood = c.story(c.stories[1].id)
    assert [a.id for a in flood.articles] == ["flood-a", "flood-b", "flood-c"]
    assert all(m.article.startswith("flood") for cl in flood.claims for m in cl.members)
    assert all(m.article.startswith("flood") for e in flood.entities for m in e.mentions)
    with pytest.raises(KeyError):
        c.story("s99")


def test_first_of_repeated_ids_is_used() -> None:
    arts = load("wire.jsonl")
    c = compare([*arts, arts[0]])
    assert [a.id for a in c.articles] == ["alps-wire", "alps-reprint"]


def test_cli_reads_analysis_records_without_reanalyzing(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    res = runner.invoke(app, ["compare", str(FIXTURES / "harbor.jsonl"), str(FIXTURES / "figures.jsonl"),
                              "--out", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    assert [len(s["articles"]) for s in d["stories"]] == [5, 3]
    res = runner.invoke(app, ["compare", str(FIXTURES / "harbor.jsonl"), str(FIXTURES / "figures.jsonl"),
                              "--story", "s2"])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["stories"][0]["articles"] == ["flood-a", "flood-b", "flood-c"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "nothing to compare"),
        (["--db", "x.db", "y.jsonl"], 2, "either --db or input files"),
        ([str(FIXTURES / "wire.jsonl"), "--story", "s7"], 2, "no story 's7'; the stories are: s1"),
        (["--db", "missing.db"], 3, "no corpus database"),
        (["no-such-file.jsonl"], 1, "no such file"),
    ],
)
def test_cli_errors(args: list[str], code: int, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["compare", *args])
    assert res.exit_code == code
    assert message in " ".join(res.output.split()).lower() or message in " ".join(res.output.split())


def test_cli_reports_bad_lines_and_compares_the_rest(tmp_path: Path) -> None:
    bad = tmp_path / "mixed.jsonl"
    good = (FIXTURES / "wire.jsonl").read_text(encoding="utf-8")
    bad.write_text(good + '{"id": "z", "entities": []}\nnot json\n', encoding="utf-8")
    out = tmp_path / "c.json"
    res = runner.invoke(app, ["compare", str(bad), "-o", str(out)])
    assert res.exit_code == 1
    assert f"{bad}:3: the analysis record has no 'text'" in " ".join(res.output.split())
    assert f"{bad}:4: invalid JSON" in res.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["articles"]) == 2


def test_cli_analyzes_input_records(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    res = runner.invoke(app, ["compare", str(SAMPLES), "--out", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    harbor = next(s for s in d["stories"] if "harbor-01" in s["articles"])
    assert harbor["articles"] == ["harbor-01", "harbor-02", "harbor-03", "harbor-04", "harbor-05"]
    names = [{e["name"], *e["aliases"]} for e in d["entities"]]
    assert any({"Marta Kowalczyk", "Marta Kowalczik"} <= n for n in names)
    assert not any({"Pieter de Vries", "Anna de Vries"} <= n for n in names)


def test_cli_compares_a_corpus_database(tmp_path: Path) -> None:
    from newstrace.corpus import Corpus

    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        corpus.ingest([str(SAMPLES)])
    out = tmp_path / "c.json"
    res = runner.invoke(app, ["compare", "--db", str(db), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = json.loads(out.read_text(encoding="utf-8"))
    assert any(s["articles"][:2] == ["harbor-01", "harbor-02"] for s in d["stories"])
    assert {a["id"]: a["duplicate_of"] for a in d["articles"]}["harbor-05"] == "harbor-02"


def test_seed_cross_scores(analyzer, shared: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from newstrace.ingest.readers import read_inputs

    seeds = shared / "corpus" / "seeds" / "articles.jsonl"
    analyses = [a for a in analyzer.analyze_records(read_inputs([seeds])) if isinstance(a, Analysis)]
    pred, cross = tmp_path / "pred.jsonl", tmp_path / "cross.json"
    pred.write_text("".join(json.dumps(a.to_dict()) + "\n" for a in analyses), encoding="utf-8")
    cross.write_text(json.dumps(compare(analyses).to_dict()), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(pred), "--gold",
         str(shared / "eval" / "seeds.gold.json"), "--articles", str(seeds), "--cross", str(cross), "--json"],
        capture_output=True, text=True, check=True,
    )
    m = json.loads(res.stdout)
    assert m["cross_entity_recall"] == 1.0
    assert m["cross_entity_false_merge"] == 0.0 and m["cross_unrelated_merge"] == 0.0
    assert any(a.quantities for a in analyses)  # agree/differ are scored on the seeds' figures
    assert m["cross_agree_recall"] == 1.0
    assert m["cross_differ_recall"] == 1.0
