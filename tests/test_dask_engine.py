"""The Dask engine on a real local cluster (two worker processes): the local engine's results, every article
exactly once when a worker is killed mid-run, failures kept, progress reported; and the generic
``map_partitions`` hook that other stages (linking) use.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import cloudpickle
import dask.config
import psutil
import pytest
from datasketch import LeanMinHash
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.corpus import Corpus
from newstrace.engines import LocalEngine, Progress, Result
from newstrace.engines.dask import DaskEngine, map_partitions
from newstrace.errors import EngineError
from newstrace.ingest.readers import Item, read_inputs
from newstrace.link.near_duplicates import NearDuplicateIndex, signature
from newstrace.records import EXTRACTOR_VERSIONS, Failure, InputRecord
from newstrace.store.rows import text_hash

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import make_articles  # noqa: E402

# The workers unpickle this module's helper functions by value: they cannot import a test module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

PARTITION_BYTES = 6000  # small, so that the corpus makes a dozen or more partitions
ARTICLES = make_articles(37)
GERMAN = (
    "Die Hafenbehörde teilte am Dienstag mit, dass der Hafen nach einem zweitägigen Streik wieder geöffnet "
    "wurde. Rund vierzig Schiffe hatten vor der Küste gewartet, und die Reedereien rechnen mit Verspätungen "
    "bis zum Ende der Woche."
)


def _explode_on(ident: str, item: Item) -> Item:
    if isinstance(item, InputRecord) and item.id == ident:
        raise RuntimeError(f"simulated crash on {ident}")
    return item


def _signatures(chunk: list[tuple[str, str]]) -> list[tuple[str, LeanMinHash]]:
    return [(key, signature(text)) for key, text in chunk]


def _results(engine: DaskEngine, paths: list[str | Path], **options: Any) -> list[Result]:
    return [result for result, _ in engine.run_paths(paths, **options)]


def _canonical(results: list[Result]) -> list[str]:
    return sorted(json.dumps(r.to_dict(), sort_keys=True) for r in results)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 3}),
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
    ):
        yield cluster


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str | Path]:
    root = tmp_path_factory.mktemp("corpus")
    articles = ARTICLES
    lines = [json.dumps(a) for a in articles[:36]]
    lines[5] = "{a broken line"
    lines[11] = json.dumps({"id": "no-text", "title": "A record without text"})
    lines[20] = json.dumps({"id": "blank", "text": "   "})
    # for the store: a wire copy (linked to the first seen), an id taken by another text, a German article
    lines.append(json.dumps({**articles[3], "id": "copy-of-3", "text": articles[3]["text"] + " (Coastal Wire)"}))
    lines.append(json.dumps({**articles[36], "id": "bench-4"}))
    lines.append(json.dumps({"id": "de", "text": GERMAN}))
    lines += (ROOT / "samples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (root / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    texts = root / "texts"
    texts.mkdir()
    (texts / "bridge.txt").write_text("Mayor Ana Ruiz said on Monday that 12 bridges in Lyon would close.\n")
    (texts / "port.html").write_text(
        "<html><head><title>Port reopens</title></head><body><article><p>The port of Gdańsk reopened on "
        "Tuesday after a two-day strike, the harbour authority said. About 40 ships had waited.</p>"
        "</article></body></html>"
    )
    (texts / "empty.txt").write_text("")
    return [root / "big.jsonl", texts, root / "missing.jsonl"]


@pytest.fixture(scope="module")
def local_results(corpus: list[str | Path]) -> list[Result]:
    return [result for result, _ in LocalEngine().run_paths(corpus)]


def test_dask_gives_the_local_results_in_order(
    cluster: LocalCluster, corpus: list[str | Path], local_results: list[Result]
) -> None:
    got = _results(DaskEngine(scheduler=cluster.scheduler_address, partition_bytes=PARTITION_BYTES), corpus)
    assert [r.to_dict() for r in got] == [r.to_dict() for r in local_results]
    failures = [r.location for r in got if isinstance(r, Failure)]
    assert f"{corpus[0]}:6" in failures and f"{corpus[0]}:12" in failures and str(corpus[2]) in failures


def test_dask_as_completed_gives_the_same_set(
    cluster: LocalCluster, corpus: list[str | Path], local_results: list[Result]
) -> None:
    got = _results(DaskEngine(scheduler=cluster.scheduler_address), corpus, ordered=False)
    assert _canonical(got) == _canonical(local_results)


def test_dask_run_over_items_gives_the_local_results(
    client: Client, corpus: list[str | Path], local_results: list[Result]
) -> None:
    """``run(items)``: records read here (a reanalyze, records made in code) are shipped to the workers."""
    engine = DaskEngine(client=client, batch_size=5)
    located = list(engine.run(read_inputs(corpus)))
    assert [r.to_dict() for r, _ in located] == [r.to_dict() for r in local_results]
    assert [loc for _, loc in located] == [loc for _, loc in LocalEngine().run_paths(corpus)]


def _stored(db: Path) -> dict[str, Any]:
    """Everything a corpus holds, less the times of writing."""
    with Corpus(db, readonly=True) as corpus:
        return {
            "articles": [{k: v for k, v in a.items() if not k.endswith("_at")} for a in corpus.articles()],
            "analyses": [a.to_dict() for a in corpus.analyses()],
            "failures": [{k: v for k, v in f.items() if k != "at"} for f in corpus.failures()],
            "quotes": corpus.quotes(),
            "figures": corpus.figures(),
            "entities": corpus.entities(),
            "duplicates": corpus.duplicates(),
            "stats": corpus.stats(),
        }


def test_ingest_with_dask_stores_what_local_stores(
    cluster: LocalCluster, corpus: list[str | Path], tmp_path: Path
) -> None:
    paths = [str(p) for p in corpus]
    local = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "local.db"), "--engine", "local"])
    dask_args = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    on_dask = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "dask.db"), *dask_args])
    assert local.exit_code == on_dask.exit_code == 1, on_dask.output  # some records fail, on purpose
    assert "Dask dashboard: http" in on_dask.stderr
    want, got = _stored(tmp_path / "local.db"), _stored(tmp_path / "dask.db")
    assert got == want
    assert want["duplicates"]["copy-of-3"] == "bench-3"
    assert {"bench-4", f"bench-4~{text_hash(ARTICLES[36]['text'])[:8]}"} <= {a["id"] for a in want["articles"]}
    reasons = {f["location"]: f["reason"] for f in want["failures"]}
    assert reasons[f"{corpus[0]}:6"].startswith("invalid JSON") and "not English" in reasons[f"{corpus[0]}:39"]
    # the same command again adds nothing: results are keyed by content hash
    again = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "dask.db"), *dask_args])
    assert "0 added" in again.stderr and _stored(tmp_path / "dask.db")["articles"] == want["articles"]


def test_reanalyze_and_relink_on_dask_store_what_local_runs_store(cluster: LocalCluster, tmp_path: Path) -> None:
    samples = str(ROOT / "samples" / "articles.jsonl")
    dask_args = ["--engine", "dask", "--scheduler", cluster.scheduler_address]
    docs = {}
    for name, extra in (("local", []), ("dask", dask_args)):
        db = str(tmp_path / f"{name}.db")
        assert CliRunner().invoke(app, ["ingest", samples, "--db", db, "--quiet"]).exit_code == 0
        again = CliRunner().invoke(app, ["reanalyze", "--all", "--db", db, *extra])
        assert again.exit_code == 0, again.output
        relinked = CliRunner().invoke(app, ["relink", "--db", db, *extra])
        assert relinked.exit_code == 0, relinked.output
        with Corpus(db, readonly=True) as corpus:
            docs[name] = (_stored(Path(db)), json.dumps(corpus.compare().to_dict(), sort_keys=True))
    assert docs["dask"] == docs["local"]


def test_progress_per_partition(cluster: LocalCluster, corpus: list[str | Path]) -> None:
    events: list[Progress] = []
    engine = DaskEngine(scheduler=cluster.scheduler_address, partition_bytes=PARTITION_BYTES, on_progress=events.append)
    results = _results(engine, corpus, ordered=False)
    first, last = events[0], events[-1]
    assert first.records == 0 and first.workers == 2 and first.dashboard and first.dashboard.startswith("http")
    assert last.partitions_total and last.partitions_total >= 10  # known once planning is done
    assert last.partitions_done == last.partitions_total and last.bytes_done == last.bytes_total
    assert last.records == len(results) and last.failed == sum(isinstance(r, Failure) for r in results)
    done = [e.records for e in events]
    assert done == sorted(done)


def test_killed_worker_loses_no_article_and_duplicates_none(
    cluster: LocalCluster, client: Client, corpus: list[str | Path], local_results: list[Result]
) -> None:
    killed: list[int] = []
    busy_when_killed: list[tuple[str, ...]] = []

    def kill_a_busy_worker(progress: Progress) -> None:
        if killed or not progress.partitions_done:
            return
        processing = {addr: tuple(keys) for addr, keys in client.processing().items() if keys}
        assert processing, "no worker was running a partition"
        addr, keys = next(iter(processing.items()))
        pid = client.run(os.getpid, workers=[addr])[addr]
        proc = psutil.Process(pid)
        proc.kill()
        proc.wait(timeout=30)
        killed.append(pid)
        busy_when_killed.append(keys)

    engine = DaskEngine(
        scheduler=cluster.scheduler_address, partition_bytes=PARTITION_BYTES, on_progress=kill_a_busy_worker
    )
    got = _results(engine, corpus, ordered=False)
    assert killed and busy_when_killed[0], "the test did not kill a worker in the middle of a partition"
    assert killed[0] not in client.run(os.getpid).values()
    ids = Counter(r.id for r in got if not isinstance(r, Failure))
    assert ids == Counter(r.id for r in local_results if not isinstance(r, Failure))  # none twice, none lost
    assert _canonical(got) == _canonical(local_results)  # none lost, failures as in the local engine
    assert not any("could not be analyzed on the cluster" in r.reason for r in got if isinstance(r, Failure))


def test_a_partition_that_crashes_costs_only_its_own_records(
    cluster: LocalCluster, corpus: list[str | Path], local_results: list[Result]
) -> None:
    engine = DaskEngine(scheduler=cluster.scheduler_address, partition_bytes=PARTITION_BYTES)
    got = _results(engine, corpus[:1], prepare=partial(_explode_on, "bench-30"))
    crashed = [r for r in got if isinstance(r, Failure) and "could not be analyzed on the cluster" in r.reason]
    assert len(crashed) == 1
    assert "RuntimeError: simulated crash on bench-30" in crashed[0].reason
    assert crashed[0].location.startswith(f"{corpus[0]}[")  # names the byte range
    analyzed = {r.id for r in got if not isinstance(r, Failure)}
    expected = {r.id for r in local_results if not isinstance(r, Failure) and r.id}
    lost = expected - analyzed
    assert "bench-30" in lost and 0 < len(lost) < len(expected) / 3  # the rest went on


def test_map_partitions_for_linking(client: Client) -> None:
    """The hook for link/: MinHash signatures computed per chunk on the workers, blocked by LSH on the driver."""
    articles = make_articles(40)
    pairs = [(a["id"], a["text"]) for a in articles] + [("copy-of-7", articles[7]["text"] + " Reporting by AP.")]
    chunks = [pairs[i : i + 8] for i in range(0, len(pairs), 8)]
    index = NearDuplicateIndex()
    found: dict[str, str] = {}
    for outcome in map_partitions(_signatures, chunks, client=client, max_in_flight=2):
        assert outcome.error is None and outcome.result is not None
        for key, sig in outcome.result:
            original = index.add(key, sig)
            if original is not None:
                found[key] = original
    assert found == {"copy-of-7": "bench-7"}


def test_map_partitions_keeps_order_and_errors(client: Client) -> None:
    parts: list[Any] = [1, 2, 0, 4, 5]
    outcomes = list(map_partitions(partial(divmod, 100), parts, client=client, ordered=True, retries=0))
    assert [o.part for o in outcomes] == parts
    assert [o.result for o in outcomes] == [(100, 0), (50, 0), None, (25, 0), (20, 0)]
    assert isinstance(outcomes[2].error, ZeroDivisionError)


def test_workers_with_other_extractor_versions_are_refused(
    cluster: LocalCluster, corpus: list[str | Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(EXTRACTOR_VERSIONS, "quotes", "quotes.v99")  # this process only, not the workers
    with pytest.raises(EngineError, match="install the same newstrace on every worker"):
        _results(DaskEngine(scheduler=cluster.scheduler_address), corpus)


def test_an_unreachable_scheduler_is_a_clear_error(corpus: list[str | Path]) -> None:
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(EngineError) as err:
        _results(DaskEngine(scheduler="tcp://127.0.0.1:1"), corpus)
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in str(err.value) and "dask scheduler" in str(
        err.value
    )
