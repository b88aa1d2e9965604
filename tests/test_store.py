"""The corpus store: schema and migrations, idempotent ingest, near-duplicates across runs, failures kept,
exact analysis round trips, queries and reanalyze."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.corpus import Corpus
from newstrace.errors import (
    DatabaseNotFound,
    NotACorpus,
    NotADatabase,
    SchemaOutdated,
    SchemaTooNew,
    StoreUsageError,
)
from newstrace.records import EXTRACTOR_VERSIONS, Entity, Failure, InputRecord, Quantity, Quote, TimeExpr
from newstrace.store import open_db
from newstrace.store.queries import fts_query
from newstrace.store.rows import fact_columns, text_hash
from newstrace.store.schema import schema_version

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
SAMPLE_IDS = [json.loads(line)["id"] for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory, analyzer) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """The sample corpus ingested once; tests that write copy it first."""
    path = tmp_path_factory.mktemp("corpus") / "samples.db"
    with Corpus(path) as corpus:
        report = corpus.ingest([SAMPLES])
    assert (report.added, report.failed) == (len(SAMPLE_IDS), 0)
    yield path


@pytest.fixture
def corpus(sample_db: Path) -> Iterator[Corpus]:
    with Corpus(sample_db, readonly=True) as c:
        yield c


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- schema ------------------------------------------------------------------------------------------------


def test_new_database_is_wal_and_at_the_current_version(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "c.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version() >= 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "entities", "mentions", "quotes", "quantities", "times", "failures"} <= tables
    assert {"articles_fts", "quotes_fts"} <= tables
    conn.close()
    again = open_db(tmp_path / "c.db")  # opening again migrates nothing and loses nothing
    assert again.execute("PRAGMA user_version").fetchone()[0] == schema_version()


def test_database_from_a_newer_newstrace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {schema_version() + 1}")
    with pytest.raises(SchemaTooNew, match="Upgrade newstrace"):
        open_db(path)


@pytest.mark.parametrize(
    ("setup", "error", "message"),
    [
        ("missing", DatabaseNotFound, "newstrace ingest PATH --db"),
        ("old", SchemaOutdated, "Open it once for writing"),
        ("foreign", NotACorpus, "an SQLite database of something else"),
        ("garbage", NotADatabase, "cannot be opened as a newstrace database"),
    ],
)
def test_readonly_open_errors_say_what_to_do(tmp_path: Path, setup: str, error: type, message: str) -> None:
    path = tmp_path / "x.db"
    if setup == "old":
        sqlite3.connect(path).executescript("CREATE TABLE t (x); PRAGMA user_version = 1")  # an old schema
    elif setup == "foreign":
        sqlite3.connect(path).execute("CREATE TABLE t (x)")  # tables at version 0: another program's file
    elif setup == "garbage":
        path.write_bytes(b"this is not a database file, just some bytes" * 100)
    with pytest.raises(error, match=message):
        open_db(path, readonly=True)


def test_readonly_corpus_never_writes(sample_db: Path) -> None:
    with Corpus(sample_db, readonly=True) as corpus, pytest.raises(StoreUsageError, match="read-only"):
        corpus.ingest([SAMPLES])
    with pytest.raises(StoreUsageError, match="lives in a file"):
        Corpus(":memory:")


@pytest.mark.parametrize(
    ("table", "record"),
    [("entities", Entity), ("quotes", Quote), ("quantities", Quantity), ("times", TimeExpr)],
)
def test_every_record_field_has_a_column(table: str, record: type) -> None:
    """A field added to a record type needs a column (and a migration), or it would not be queryable."""
    renamed = {"id": "entity_id", "mentions": None, "speaker_span": ("speaker_start", "speaker_end")}
    columns = set(fact_columns()[table])
    for f in dataclasses.fields(record):
        target = renamed.get(f.name, f.name) if table in ("entities", "quotes") else f.name
        wanted = (target,) if isinstance(target, str) else target or ()
        assert set(wanted) <= columns, f"{record.__name__}.{f.name} has no column in {table}"
    assert fact_columns()[table][-1] == "extractor"


# --- ingest: idempotent, duplicates, failures ----------------------------------------------------------------


def test_sample_ingest_stores_everything_with_extractor_versions(corpus: Corpus) -> None:
    stats = corpus.stats()
    assert stats["articles"] == len(SAMPLE_IDS) and stats["entities"] > 0 and stats["failures"] == 0
    assert [a["id"] for a in corpus.articles()] == SAMPLE_IDS
    versions = {
        table: {r[0] for r in corpus.conn.execute(f"SELECT DISTINCT extractor FROM {table}")}
        for table in fact_columns()
    }
    assert versions["entities"] == versions["mentions"] == {EXTRACTOR_VERSIONS["entities"]}
    for table in ("quotes", "quantities", "times"):
        assert versions[table] <= {EXTRACTOR_VERSIONS[table]}


def test_ingesting_twice_adds_nothing(sample_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "c.db"
    copy.write_bytes(sample_db.read_bytes())
    with Corpus(copy) as corpus:
        before = corpus.stats()
        report = corpus.ingest([SAMPLES])
        assert (report.added, report.skipped, report.failed) == (0, len(SAMPLE_IDS), 0)
        assert corpus.stats() == before


def test_same_text_differently_spaced_is_the_same_article(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    text = "Dock workers in Antwerp went on strike on Monday, the union said."
    spaced = "  Dock workers in Antwerp went on strike\non Monday,   the union said. "
    assert text_hash(text) == text_hash(spaced) and text_hash(text) != text_hash(text.lower())
    src = _jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": text}, {"id": "b", "text": spaced}])
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([src])
        assert (report.added, report.skipped) == (1, 1)
        assert [a["id"] for a in corpus.articles()] == ["a"]


def test_wire_copy_is_linked_to_its_original(corpus: Corpus) -> None:
    assert corpus.duplicates() == {"harbor-05": "harbor-02"}
    (copy,) = corpus.articles(ids=["harbor-05"])
    assert copy["duplicate_of"] == "harbor-02"


def test_near_duplicates_are_found_across_runs(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    by_id = {json.loads(line)["id"]: json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines()}
    first = _jsonl(tmp_path / "first.jsonl", [by_id["harbor-02"], by_id["wheat-01"]])
    second = _jsonl(tmp_path / "second.jsonl", [by_id["harbor-05"], by_id["chess-01"]])
    reprint = dict(by_id["harbor-05"], id="harbor-05-reprint", text=by_id["harbor-05"]["text"] + " (Reprinted.)")
    third = _jsonl(tmp_path / "third.jsonl", [reprint])
    path = tmp_path / "c.db"
    with Corpus(path) as corpus:
        assert corpus.ingest([first]).duplicates == 0
    with Corpus(path) as corpus:  # a new process would rebuild the index from the stored signatures too
        report = corpus.ingest([second])
        assert (report.added, report.duplicates) == (2, 1)
        corpus.ingest([third])
        # a reprint of the copy points at the first original, not at the copy
        assert corpus.duplicates() == {"harbor-05": "harbor-02", "harbor-05-reprint": "harbor-02"}


def test_id_taken_by_another_text_keeps_both(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.db"
    first = _jsonl(tmp_path / "a.jsonl", [{"id": "story", "text": "The ferry to Texel was cancelled on Monday."}])
    second = _jsonl(tmp_path / "b.jsonl", [{"id": "story", "text": "The bridge at Arnhem reopened on Tuesday."}])
    with Corpus(path) as corpus:
        corpus.ingest([first])
        corpus.ingest([second])
        ids = [a["id"] for a in corpus.articles()]
    assert ids[0] == "story" and ids[1].startswith("story~") and len(ids) == 2


def test_failures_are_kept_with_location_and_reason(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    german = ("Bei einem Brand auf einem Chemietanker im Hafen von Rotterdam sind mindestens 14 Besatzungsmitglieder "
              "verletzt worden. Die Feuerwehr brauchte mehr als 18 Stunden, um den Brand zu löschen.")
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join([
            json.dumps({"id": "ok", "text": "The harbour master said 12 ships were waiting outside Rotterdam."}),
            "{broken json",
            json.dumps({"id": "empty", "text": "   "}),
            json.dumps({"id": "de", "text": german}),
            json.dumps({"id": "big", "text": "word " * 400}),
        ]) + "\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSTRACE_MAX_CHARS", "1000")
        with Corpus(tmp_path / "c.db") as corpus:
            report = corpus.ingest([src, tmp_path / "missing.txt"])
            failures = {f["location"]: f for f in corpus.failures()}
            again = corpus.ingest([src])  # the same failures again are not stored twice
            assert len(corpus.failures()) == len(failures)
    assert (report.added, report.failed) == (1, 5) and again.failed == 4
    assert "invalid JSON" in failures[f"{src}:2"]["reason"]
    assert "no text" in failures[f"{src}:3"]["reason"] and failures[f"{src}:3"]["record_id"] == "empty"
    assert failures[f"{src}:4"]["reason"].startswith("not English") and failures[f"{src}:4"]["record_id"] == "de"
    assert "over the limit" in failures[f"{src}:5"]["reason"]
    assert "no such file" in failures[str(tmp_path / "missing.txt")]["reason"]


def test_a_failure_is_cleared_once_its_record_is_stored(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": 5}\n', encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([src])
        assert [f["location"] for f in corpus.failures()] == [f"{src}:1"]
        _jsonl(src, [{"id": "a", "text": "The lock at Lith reopened after repairs, the agency said."}])
        assert corpus.ingest([src]).added == 1
        assert corpus.failures() == []


def test_stdin_and_records_from_code(tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest(["-"], stdin=io.BytesIO(b"Storm surge barrier closed for the first time this year."))
        assert report.added == 1 and corpus.articles()[0]["location"] == "<stdin>"
        report = corpus.ingest_records([
            InputRecord(text="Pilots at the port of Ghent went on strike.", id="w1", source="Watcher", location="w:1"),
            Failure(location="https://feeds.example.org/rss", reason="HTTP 503"),
        ])
        assert (report.added, report.failed) == (1, 1)
        assert corpus.articles(ids=["w1"])[0]["source"] == "Watcher"


# --- reading back ------------------------------------------------------------------------------------------


def test_analyses_round_trip_exactly(corpus: Corpus, analyzer) -> None:  # type: ignore[no-untyped-def]
    stored = {a.id: a for a in corpus.analyses()}
    assert list(stored) == SAMPLE_IDS
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        fresh = analyzer.analyze(rec["text"], published=rec["published"], source=rec["source"], id=rec["id"])
        fresh.url, fresh.title = rec["url"], rec["title"]
        assert stored[rec["id"]].to_dict() == fresh.to_dict()
    assert [a.id for a in corpus.analyses(["bridge-01", "harbor-01"])] == ["harbor-01", "bridge-01"]  # ingest order
    assert corpus.analysis("nope") is None


def test_fact_offsets_point_into_the_text(corpus: Corpus) -> None:
    texts = {a.id: a.text for a in corpus.analyses()}
    for table in ("mentions", "quotes", "quantities", "times"):
        for row in corpus.conn.execute(f'SELECT article_id, text, start, "end" FROM {table}'):
            assert texts[row[0]][row[2] : row[3]] == row[1], (table, row)


@pytest.mark.parametrize(
    ("speaker", "since", "expect_some", "check"),
    [
        ("Verhoeven", None, True, lambda r: "Verhoeven" in r["speaker"]),
        ("verhoeven", "2026-03-05", True, lambda r: r["published"] >= "2026-03-05"),
        (None, "2026-03-06", True, lambda r: r["published"] >= "2026-03-06"),
        ("Nobody Byname", None, False, None),
        ("%", None, False, None),  # LIKE wildcards are taken literally
        (None, "2030-01-01", False, None),
    ],
)
def test_quotes_filters(
    corpus: Corpus, speaker: str | None, since: str | None, expect_some: bool, check: object
) -> None:
    rows = corpus.quotes(speaker=speaker, since=since)
    assert bool(rows) is expect_some
    assert all(check(r) for r in rows)  # type: ignore[operator]


def test_quotes_since_must_be_a_date(corpus: Corpus) -> None:
    with pytest.raises(StoreUsageError, match="since must be a date"):
        corpus.quotes(since="last week")


def test_entities_by_type(corpus: Corpus) -> None:
    places = corpus.entities(type="gpe")
    assert places and {r["type"] for r in places} == {"GPE"}
    assert places == sorted(places, key=lambda r: (-r["articles"], -r["mentions"], r["name"]))
    assert next(r for r in places if r["name"] == "Antwerp")["iso"] == "BE-VLG"  # a city: its region
    assert corpus.entities(type="NO_SUCH_TYPE") == []
    assert len(corpus.entities(limit=3)) == 3


def test_figures_by_counted(sample_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "c.db"
    copy.write_bytes(sample_db.read_bytes())
    conn = sqlite3.connect(copy)
    conn.executemany(
        'INSERT INTO quantities (article_id, text, start, "end", value, qualifier, counted, extractor) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'quantities.v1')",
        [("harbor-01", "At least 14", 11, 22, 14, "at_least", "crew members"),
         ("harbor-02", "50", 0, 2, 50, "more_than", "ships")],
    )
    conn.commit()
    with Corpus(copy, readonly=True) as corpus:
        crew = corpus.figures(counted="crew")
        assert crew and all("crew" in r["counted"] for r in crew)
        assert ("harbor-01", "At least 14", 14, "Harbor Gazette") in {
            (r["article_id"], r["text"], r["value"], r["outlet"]) for r in crew
        }
        assert {r["value"] for r in corpus.figures()} >= {14, 50}
        assert corpus.figures(counted="tonnes of gold") == []


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("tanker fire", '"tanker" "fire"'),
        ('"port authority" said', '"port authority" "said"'),
        ("NOT OR AND*", '"NOT" "OR" "AND"'),  # FTS operators are plain words
        ('unbalanced "quote', '"unbalanced" "quote"'),
        ("?!", None),
        ("", None),
    ],
)
def test_fts_query(text: str, query: str | None) -> None:
    assert fts_query(text) == query


def test_search_articles_and_quotes(corpus: Corpus) -> None:
    hits = corpus.search("tanker collided")
    assert hits and {h["kind"] for h in hits} <= {"article", "quote"}
    assert {h["article_id"] for h in hits if h["kind"] == "article"} >= {"harbor-01"}
    assert all("[" in h["snippet"] for h in hits if h["kind"] == "article")
    assert "wheat-01" not in {h["article_id"] for h in hits}
    assert corpus.search("fires") and corpus.search("fires")[0]["kind"]  # stemmed: fires ~ fire
    assert corpus.search("zeppelin submarine") == []
    assert corpus.search("OR AND NOT") is not None  # never an FTS syntax error
    assert len(corpus.search("port", limit=2)) == 2


# --- reanalyze ---------------------------------------------------------------------------------------------


def test_reanalyze_reruns_only_outdated_articles(sample_db: Path, tmp_path: Path, analyzer) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "c.db"
    copy.write_bytes(sample_db.read_bytes())
    with Corpus(copy) as corpus:
        assert corpus.reanalyze().reanalyzed == 0  # nothing is outdated
        with pytest.MonkeyPatch.context() as mp:
            mp.setitem(EXTRACTOR_VERSIONS, "entities", "entities.next")
            report = corpus.reanalyze()
            assert (report.reanalyzed, report.failed) == (len(SAMPLE_IDS), 0)
            versions = {r[0] for r in corpus.conn.execute("SELECT DISTINCT extractor FROM entities")}
            assert versions == {"entities.next"}
            assert all(a.extractors["entities"] == "entities.next" for a in corpus.analyses())
            assert corpus.reanalyze().reanalyzed == 0  # up to date now
        assert corpus.stats()["articles"] == len(SAMPLE_IDS)
        assert corpus.reanalyze(everything=True).reanalyzed == len(SAMPLE_IDS)


def test_a_corpus_can_be_shared_between_threads(corpus: Corpus) -> None:
    """The web UI's request threads share one Corpus: each thread gets its own connection."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: (corpus.stats()["articles"], len(corpus.search("tanker"))), range(8)))
    assert len(set(results)) == 1 and results[0][0] == len(SAMPLE_IDS)
