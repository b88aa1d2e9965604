"""Exporting corpus tables as JSON Lines, CSV or Parquet (pyarrow), streamed in batches.

Parquet files have a fixed schema per table (:func:`schema`, from the column types of
:func:`~newstrace.store.queries.export_tables`), so that pandas and DuckDB read the same
types whatever the rows hold (a column that happens to be all null is still a string column). In CSV, list
values (entity aliases and mentions) are JSON text, and text that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@``, tab, CR first) is prefixed with ``'`` unless ``raw_csv`` (:mod:`.csvcells`). A
file is written beside its target and renamed into place, so a failed export never leaves half a file under
the name asked for.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from newstrace.errors import StoreUsageError
from newstrace.store.csvcells import cell
from newstrace.store.queries import export_tables

FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 2048
_ARROW: dict[str, pa.DataType] = {
    "str": pa.string(), "int": pa.int64(), "num": pa.float64(), "bool": pa.bool_(), "list": pa.list_(pa.string()),
    "spans": pa.list_(pa.list_(pa.int64())),
}


def schemas() -> dict[str, pa.Schema]:
    """The Parquet schema of each export table."""
    return {what: pa.schema([(c, _ARROW[t]) for c, t in cols.items()]) for what, cols in export_tables().items()}


def write_export(
    rows: Iterable[dict[str, Any]], what: str, fmt: str, out: str | Path | IO[str], *, raw_csv: bool = False
) -> int:
    """Write ``rows`` of table ``what`` to ``out`` in ``fmt``; returns how many rows were written. CSV cells
    that would start a spreadsheet formula are neutralised unless ``raw_csv``."""
    if fmt not in FORMATS:
        raise StoreUsageError(f"cannot export as {fmt!r}; choose one of: {', '.join(FORMATS)}")
    tables = schemas()
    if what not in tables:
        raise StoreUsageError(f"cannot export {what!r}; choose one of: {', '.join(tables)}")
    if not isinstance(out, str | Path):
        if fmt == "parquet":
            raise StoreUsageError("Parquet is written to a file; give a path, not a stream")
        return _write_text(rows, what, fmt, out, raw_csv)
    target = Path(out)
    part = target.with_name(target.name + ".part")
    try:
        if fmt == "parquet":
            count = _write_parquet(rows, tables[what], part)
        else:
            with part.open("w", encoding="utf-8", newline="") as stream:
                count = _write_text(rows, what, fmt, stream, raw_csv)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return count


def _write_text(rows: Iterable[dict[str, Any]], what: str, fmt: str, stream: IO[str], raw_csv: bool) -> int:
    count = 0
    if fmt == "jsonl":
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(stream, fieldnames=_columns(what))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(v, raw=raw_csv) for k, v in row.items()})
        count += 1
    return count


def _columns(what: str) -> list[str]:
    return list(export_tables()[what])


def _write_parquet(rows: Iterable[dict[str, Any]], schema: pa.Schema, path: Path) -> int:
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(rows, _BATCH):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch
