"""The engine protocol and the local engine: same records as the pipeline, progress reported, bad options refused."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.engines import LocalEngine, Progress, make_engine
from newstrace.errors import UsageError
from newstrace.ingest.readers import Item, read_inputs
from newstrace.pipeline import analyze_records
from newstrace.records import Analysis, Failure, InputRecord

ROOT = Path(__file__).resolve().parents[1]


def _with_source(source: str, item: Item) -> Item:
    if isinstance(item, InputRecord):
        item.source = item.source or source
    return item


@pytest.fixture()
def corpus(tmp_path: Path) -> list[str | Path]:
    lines = [
        json.dumps({"id": "a", "text": "Mayor Ana Ruiz said on Monday that 12 bridges would close.", "source": "Wire"}),
        "{not json",
        json.dumps({"id": "b", "text": "The port of Gdańsk reopened on Tuesday, officials said."}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [tmp_path / "in.jsonl", tmp_path / "missing.txt"]


def test_local_engine_gives_the_pipeline_records_in_order(corpus: list[str | Path]) -> None:
    events: list[Progress] = []
    got = [r for r, _ in LocalEngine(on_progress=events.append).run_paths(corpus)]
    want = list(analyze_records(read_inputs(corpus)))
    assert [r.to_dict() for r in got] == [r.to_dict() for r in want]
    assert [type(r).__name__ for r in got] == ["Analysis", "Failure", "Analysis", "Failure"]
    assert [e.records for e in events] == [1, 2, 3, 4] and events[-1].failed == 2


def test_prepare_runs_on_every_item_read(corpus: list[str | Path]) -> None:
    results = LocalEngine().run_paths(corpus, prepare=partial(_with_source, "Default Outlet"))
    got = [r for r, _ in results if isinstance(r, Analysis)]
    assert {r.id: r.source for r in got} == {"a": "Wire", "b": "Default Outlet"}


def test_scheduler_needs_the_dask_engine() -> None:
    with pytest.raises(UsageError, match="--engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(UsageError, match="local, dask"):
        make_engine("spark")


def test_make_engine_builds_the_engine_from_options() -> None:
    engine = make_engine("local", workers=3, model="some_model")
    assert engine == LocalEngine(workers=3, model="some_model") and not engine.reads_on_workers


def test_make_engine_builds_a_dask_engine_without_starting_a_cluster() -> None:
    from newstrace.engines import DaskEngine  # imported on first use: the local engine does not load Dask

    engine = make_engine("dask", workers=2, scheduler="tcp://127.0.0.1:1")
    assert isinstance(engine, DaskEngine) and engine.reads_on_workers
    assert (engine.scheduler, engine.workers) == ("tcp://127.0.0.1:1", 2)


def test_failures_keep_their_location(corpus: list[str | Path]) -> None:
    failures = [r for r, _ in LocalEngine().run_paths(corpus) if isinstance(r, Failure)]
    assert [f.location for f in failures] == [f"{corpus[0]}:2", str(corpus[1])]


def test_located_results_carry_the_record_location(corpus: list[str | Path]) -> None:
    located = list(LocalEngine().run_paths(corpus))
    assert [loc for _, loc in located] == [f"{corpus[0]}:1", f"{corpus[0]}:2", f"{corpus[0]}:3", str(corpus[1])]
    assert [r.location for r, _ in located if isinstance(r, Failure)] == [f"{corpus[0]}:2", str(corpus[1])]


def test_worker_processes_give_the_same_results(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Ana Ruiz said on Monday that 12 bridges in Lyon would close for repairs."
    records = [InputRecord(text=f"{text} Item {i}.", id=f"r{i}") for i in range(6)]
    one = [r.to_dict() for r in LocalEngine(workers=1).results(records)]
    two = [r.to_dict() for r in LocalEngine(workers=2, batch_size=2).results(records)]
    assert one == two


def test_worker_processes_read_a_bounded_distance_ahead(nlp) -> None:  # type: ignore[no-untyped-def]
    """With worker processes, the input is read as results are consumed, not all at once."""
    read = 0

    def records():  # type: ignore[no-untyped-def]
        nonlocal read
        for i in range(200):
            read += 1
            yield InputRecord(text=f"Ana Ruiz spoke in Leeds. Item {i}.", id=f"r{i}")

    engine = LocalEngine(workers=2, batch_size=4)
    stream = engine.results(records())
    first = next(stream)
    assert first.id == "r0"
    assert read <= engine.read_ahead == 4 * 2 * 2  # two batches per worker in flight, as the engine declares
    assert len(list(stream)) == 199


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--engine", "dask", "-"], "cannot read stdin"),
    ],
)
def test_ingest_refuses_engine_options_that_cannot_work(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in.jsonl"), "--db", str(tmp_path / "c.db"), *args])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "c.db").exists()  # refused before anything was opened
