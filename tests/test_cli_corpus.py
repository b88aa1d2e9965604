"""The corpus commands end to end: exit codes, shared listing formats, errors with their fix, export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles.jsonl"
FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def _run(*args: str | Path, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args], input=stdin)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, analyzer) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("cli") / "corpus.db"
    res = _run("ingest", SAMPLES, FIXTURES / "article.html", FIXTURES / "feed.rss", "--db", path)
    assert res.exit_code == 0, res.output
    yield path


def test_ingest_reports_counts_and_rerun_adds_nothing(db: Path) -> None:
    res = _run("ingest", SAMPLES, "--db", db)
    assert res.exit_code == 0, res.output
    assert "ingest: 0 added, 8 already stored, 0 failed" in res.stderr


def test_ingest_failures_exit_1_and_are_listed(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "ok", "text": "The ferry to Vlieland sailed again on Monday."}\n{broken\n', encoding="utf-8")
    path = tmp_path / "c.db"
    res = _run("ingest", src, "--db", path)
    assert res.exit_code == 1
    assert f"{src}:2: invalid JSON" in res.stderr
    assert "1 added, 0 already stored, 1 failed" in res.stderr and f"newstrace failures --db {path}" in res.stderr
    listed = _run("failures", "--db", path, "--format", "jsonl")
    assert listed.exit_code == 0
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["location"] == f"{src}:2" and row["reason"].startswith("invalid JSON")


def test_ingest_quiet_prints_nothing(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    res = _run("ingest", "-", "--db", tmp_path / "c.db", "--quiet",
               stdin=b"Storm barrier closed for the first time this winter, the agency said.")
    assert res.exit_code == 0 and res.stdout == "" and res.stderr == ""


def test_ingest_stdin_with_format_override(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    page = (FIXTURES / "article.html").read_bytes()
    path = tmp_path / "c.db"
    assert _run("ingest", "-", "--db", path, "--format", "html", stdin=page).exit_code == 0
    assert _run("ingest", "-", "--db", path, "--format", "text", stdin=page).exit_code == 0
    res = _run("search", "Peeters", "--db", path, "--format", "jsonl")
    hits = [json.loads(line) for line in res.stdout.splitlines()]
    titles = sorted(str(h["title"]) for h in hits if h["kind"] == "article")
    assert titles == ["Lock gates fail on the Meuse canal", "None"]  # parsed page; raw markup as text


def test_ingest_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    res = _run("ingest", SAMPLES, "--db", tmp_path / "c.db", "--format", "pdf")
    assert res.exit_code == 2


@pytest.mark.parametrize(
    ("command", "args", "columns"),
    [
        ("search", ["tanker"], {"kind", "article_id", "snippet"}),
        ("quotes", ["--speaker", "Kowalczyk"], {"speaker", "text", "start", "end", "article_id", "outlet"}),
        ("entities", ["--type", "GPE"], {"name", "type", "iso", "articles", "mentions"}),
        ("figures", [], {"value", "qualifier", "counted", "article_id"}),
        ("failures", [], {"location", "reason"}),
    ],
)
def test_listings_share_table_jsonl_and_csv(db: Path, command: str, args: list[str], columns: set[str]) -> None:
    jsonl = _run(command, *args, "--db", db, "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.output
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert all(columns <= set(r) for r in rows)
    as_csv = _run(command, *args, "--db", db, "-f", "csv")
    assert as_csv.exit_code == 0
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(parsed) == len(rows)
    table = _run(command, *args, "--db", db)
    assert table.exit_code == 0 and f"{len(rows)} row" in table.stdout


def test_listing_contents(db: Path) -> None:
    quotes = _jsonl(_run("quotes", "--speaker", "Peeters", "--db", db, "-f", "jsonl"))
    assert quotes and all("Peeters" in q["speaker"] for q in quotes)
    assert {q["outlet"] for q in quotes} == {"Valley Courier"}
    places = _jsonl(_run("entities", "--type", "gpe", "--db", db, "-f", "jsonl", "--limit", "2"))
    assert len(places) == 2 and all(p["type"] == "GPE" for p in places)
    hits = _jsonl(_run("search", '"lock gates"', "--db", db, "-f", "jsonl"))
    assert hits[0]["article_id"] == "article" and "[lock gates]" in hits[0]["snippet"]


def test_the_readmes_figures_example_finds_every_injured_count(db: Path) -> None:
    # what is counted is often the people ("14 crew members were injured"): the measure says injured
    rows = _jsonl(_run("figures", "--counted", "injured", "--db", db, "-f", "jsonl"))
    assert {(r["article_id"], r["value"]) for r in rows} >= {
        ("harbor-01", 14), ("harbor-01", 3), ("harbor-02", 12), ("harbor-03", 11), ("harbor-04", 14),
        ("harbor-05", 12)}
    assert all("injured" in (r["counted"] or "") or r["measure"] == "injured" for r in rows)


def test_an_unknown_entity_type_names_the_types_there_are(db: Path) -> None:
    res = _run("entities", "--type", "FOO", "--db", db)
    assert "no entities of type 'FOO'; the corpus has: " in res.stderr and "PERSON" in res.stderr


def _jsonl(res) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["quotes", "--db", "{tmp}/missing.db"], 3, "There is no corpus database"),
        (["search", "x", "--db", "{tmp}/missing.db"], 3, "newstrace ingest PATH --db"),
        (["quotes", "--since", "last week", "--db", "{db}"], 2, "since must be a date"),
        (["export", "{tmp}/out.x", "--what", "people", "--db", "{db}"], 2, "people"),
        (["export", "-", "--format", "parquet", "--db", "{db}"], 2, "Parquet is written to a file"),
    ],
)
def test_errors_say_what_to_do(db: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    res = _run(*(a.format(tmp=tmp_path, db=db) for a in args))
    assert res.exit_code == code
    assert message in res.output


@pytest.mark.parametrize(("name", "reader"), [("q.parquet", pd.read_parquet), ("q.csv", pd.read_csv),
                                              ("q.jsonl", lambda p: pd.read_json(p, lines=True))])
def test_export_format_from_suffix(db: Path, tmp_path: Path, name: str, reader: object) -> None:
    out = tmp_path / name
    res = _run("export", out, "--what", "quotes", "--db", db)
    assert res.exit_code == 0, res.output
    frame = reader(out)  # type: ignore[operator]
    assert "speaker" in frame.columns and len(frame) > 0
    assert f"exported {len(frame):,} quotes rows to {out}" in res.stderr


def test_export_to_stdout(db: Path) -> None:
    res = _run("export", "-", "--what", "articles", "--format", "jsonl", "--db", db)
    ids = [json.loads(line)["id"] for line in res.stdout.splitlines()]
    assert res.exit_code == 0 and "harbor-01" in ids and "cw-ferry-2026-01-20" in ids


def test_reanalyze_up_to_date_corpus(db: Path) -> None:
    res = _run("reanalyze", "--db", db)
    assert res.exit_code == 0, res.output
    assert "reanalyze: 0 reanalyzed, 0 failed" in res.stderr


def test_a_piped_table_keeps_each_row_on_one_line(db: Path) -> None:
    """Piped (the test runner's output is no terminal), a table is as wide as its cells, long ones cut with …,
    instead of folding every row into unreadable 80-column cells."""
    jsonl = _run("quotes", "--db", db, "--format", "jsonl")
    n = len(jsonl.stdout.splitlines())
    table = _run("quotes", "--db", db, "--format", "table")
    body = [line for line in table.stdout.splitlines() if line.startswith("│")]
    assert n and len(body) == n  # one line per quote
    assert any("…" in line for line in body)


def test_link_links_what_is_stale_and_compare_reads_the_kept_links(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    path = tmp_path / "c.db"
    assert _run("ingest", SAMPLES, "--db", path, "--quiet").exit_code == 0
    nothing = _run("link", "--db", path)
    assert nothing.exit_code == 0 and "linked 0 stories" in nothing.stderr  # ingest linked what it stored
    before = json.loads(_run("compare", "--db", path, "--format", "json").stdout)
    with sqlite3.connect(path) as conn:  # as an ingest interrupted while linking leaves it
        conn.execute("INSERT INTO stale_stories (story_id) SELECT id FROM stories")
        stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    res = _run("link", "--db", path)
    assert res.exit_code == 0 and f"linked {stories} stories" in res.stderr
    assert json.loads(_run("compare", "--db", path, "--format", "json").stdout) == before
