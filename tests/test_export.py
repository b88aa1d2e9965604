"""Export: every table as JSON Lines, CSV and Parquet; Parquet read back with pandas and DuckDB."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from newstrace.corpus import Corpus
from newstrace.errors import StoreUsageError
from newstrace.store.export import schemas, write_export
from newstrace.store.queries import export_columns

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles.jsonl"
EXPORT_COLUMNS = export_columns()
TABLES = list(EXPORT_COLUMNS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, analyzer) -> Iterator[Corpus]:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("export") / "c.db"
    with Corpus(path) as c:
        c.ingest([SAMPLES])
    with Corpus(path, readonly=True) as c:
        yield c


def _expected_count(corpus: Corpus, what: str) -> int:
    return int(corpus.conn.execute(f"SELECT COUNT(*) FROM {what}").fetchone()[0])


@pytest.mark.parametrize("what", TABLES)
def test_parquet_reads_in_pandas_and_duckdb(corpus: Corpus, tmp_path: Path, what: str) -> None:
    out = tmp_path / f"{what}.parquet"
    n = corpus.export(what, "parquet", out)
    assert n == _expected_count(corpus, what)
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(EXPORT_COLUMNS[what]) and len(frame) == n
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{out}')")
    assert rel.columns == list(EXPORT_COLUMNS[what]) and len(rel.fetchall()) == n


def test_parquet_types_are_fixed(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "entities.parquet"
    corpus.export("entities", "parquet", out)
    types = duckdb.sql(f"SELECT typeof(aliases), typeof(mentions) FROM '{out}' LIMIT 1").fetchall()
    assert types == [("VARCHAR[]", "BIGINT[][]")]
    (antwerp,) = duckdb.sql(f"SELECT name, iso, mentions FROM '{out}' WHERE name = 'Antwerp' LIMIT 1").fetchall()
    assert antwerp[1] == "BE-VLG" and all(len(m) == 2 for m in antwerp[2])
    articles = tmp_path / "articles.parquet"
    corpus.export("articles", "parquet", articles)
    frame = pd.read_parquet(articles)
    assert frame["published_inferred"].dtype == bool
    assert frame.set_index("id").loc["harbor-05", "duplicate_of"] == "harbor-02"
    # an all-null column keeps its declared type (quantities may be empty while extractors are built)
    empty = tmp_path / "q.parquet"
    assert write_export(iter([]), "quantities", "parquet", empty) == 0
    assert pd.read_parquet(empty)["value"].dtype == "float64"


@pytest.mark.parametrize("what", TABLES)
def test_jsonl_and_csv(corpus: Corpus, tmp_path: Path, what: str) -> None:
    n = _expected_count(corpus, what)
    jsonl = tmp_path / f"{what}.jsonl"
    assert corpus.export(what, "jsonl", jsonl) == n
    rows = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == n and all(list(r) == list(EXPORT_COLUMNS[what]) for r in rows)
    csv_path = tmp_path / f"{what}.csv"
    assert corpus.export(what, "csv", csv_path) == n
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == list(EXPORT_COLUMNS[what])
        assert sum(1 for _ in reader) == n


def test_csv_list_values_are_json(corpus: Corpus) -> None:
    buf = io.StringIO()
    corpus.export("entities", "csv", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert isinstance(json.loads(row["aliases"]), list) and isinstance(json.loads(row["mentions"]), list)


def test_article_text_survives_export(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    corpus.export("articles", "jsonl", out)
    exported = {r["id"]: r["text"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert exported == {a.id: a.text for a in corpus.analyses()}


def test_export_replaces_whole_and_leaves_nothing_on_error(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    out.write_text("old content that must go\n" * 1000, encoding="utf-8")
    corpus.export("quotes", "jsonl", out)
    assert "old content" not in out.read_text(encoding="utf-8")

    def broken() -> Iterator[dict[str, object]]:
        yield {c: None for c in EXPORT_COLUMNS["times"]}
        raise RuntimeError("disk on fire")

    target = tmp_path / "times.parquet"
    with pytest.raises(RuntimeError):
        write_export(broken(), "times", "parquet", target)
    assert not target.exists() and list(tmp_path.glob("*.part")) == []


@pytest.mark.parametrize(
    ("what", "fmt", "out", "message"),
    [
        ("people", "jsonl", "x.jsonl", "cannot export 'people'"),
        ("quotes", "xlsx", "x.xlsx", "cannot export as 'xlsx'"),
        ("quotes", "parquet", io.StringIO(), "Parquet is written to a file"),
    ],
)
def test_bad_export_requests(corpus: Corpus, tmp_path: Path, what: str, fmt: str, out: object, message: str) -> None:
    target = tmp_path / out if isinstance(out, str) else out
    with pytest.raises(StoreUsageError, match=message):
        corpus.export(what, fmt, target)  # type: ignore[arg-type]


def test_schemas_cover_every_export_column() -> None:
    assert {w: s.names for w, s in schemas().items()} == {w: list(c) for w, c in EXPORT_COLUMNS.items()}


# --- issue 20: CSV cells that a spreadsheet would run as a formula -------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize(
    ("value", "safe"),
    [*((f, "'" + f) for f in FORMULAS), ("Mayor said 40", "Mayor said 40"), ("", ""), (None, None), (-3, -3),
     (2.5, 2.5), (["=a", "b"], '["=a", "b"]'), ("a=b", "a=b"), ("'=already", "'=already")],
)
def test_csv_cells_are_neutralised(value: object, safe: object) -> None:
    from newstrace.store.csvcells import cell

    assert cell(value) == safe
    if isinstance(value, str):
        assert cell(value, raw=True) == value


def _article_rows() -> list[dict[str, object]]:
    columns = list(EXPORT_COLUMNS["articles"])
    rows = []
    for i, formula in enumerate(FORMULAS):
        row: dict[str, object] = dict.fromkeys(columns)
        row.update(id=f"a{i}", title=formula, text=formula + " said the mayor.")
        rows.append(row)
    return rows


def test_csv_export_neutralises_formulas_unless_raw(tmp_path: Path) -> None:
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    write_export(_article_rows(), "articles", "csv", safe)
    write_export(_article_rows(), "articles", "csv", raw, raw_csv=True)
    with safe.open(newline="", encoding="utf-8") as f:
        titles = [row["title"] for row in csv.DictReader(f)]
    assert titles == ["'" + f for f in FORMULAS]
    with raw.open(newline="", encoding="utf-8") as f:
        assert [row["title"] for row in csv.DictReader(f)] == FORMULAS
    stream = io.StringIO()  # to a stream (stdout) too
    write_export(_article_rows(), "articles", "csv", stream)
    assert not any(row["title"][0] in "=+-@\t\r" for row in csv.DictReader(io.StringIO(stream.getvalue())))
    jsonl = io.StringIO()  # JSON Lines keeps the values
    write_export(_article_rows(), "articles", "jsonl", jsonl)
    assert [json.loads(line)["title"] for line in jsonl.getvalue().splitlines()] == FORMULAS


def test_csv_listing_neutralises_formulas() -> None:
    from newstrace.outputs.listing import write_listing

    formulas = FORMULAS[:-1]  # a bare CR in a listing's CSV is a separate matter (lineterminator "\n")
    out = io.StringIO()
    write_listing([{"speaker": f, "text": "ok", "n": -4} for f in formulas], "csv", out, ["speaker"])
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["speaker"] for r in rows] == ["'" + f for f in formulas] and rows[0]["n"] == "-4"


@pytest.mark.parametrize("what", ["quotes", "quantities", "entities"])
def test_fact_rows_carry_their_articles_outlet_and_date(corpus: Corpus, tmp_path: Path, what: str) -> None:
    """A quote or figure read on its own (a CSV row, a Parquet row) says which outlet printed it and when."""
    cols = EXPORT_COLUMNS[what]
    assert cols[:3] == ("article_id", "outlet", "published")
    out = tmp_path / f"{what}.csv"
    corpus.export(what, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    articles = {a["id"]: a for a in corpus.conn.execute("SELECT id, source, published FROM articles")}
    assert rows and all(r["outlet"] == articles[r["article_id"]]["source"]
                        and r["published"] == articles[r["article_id"]]["published"] for r in rows)
