"""Listings (search hits, quotes, figures, entities, failures) as a table, JSON Lines or CSV.

One set of formats for every listing command (after sqlite-utils' ``--table/--nl/--csv``): ``table`` shows
the chosen columns for reading; ``jsonl`` and ``csv`` carry every field, for other tools. CSV text that a
spreadsheet would run as a formula gets a ``'`` first (:mod:`newstrace.store.csvcells`); JSON Lines keeps
every value as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from enum import StrEnum
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newstrace.store.csvcells import cell


class ListingFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def write_listing(
    rows: Sequence[dict[str, Any]],
    fmt: ListingFormat | str,
    out: IO[str],
    columns: Sequence[str],
    title: str | None = None,
) -> None:
    """Write ``rows``: ``columns`` of them as a table, or all their fields as JSON Lines or CSV."""
    fmt = ListingFormat(fmt)
    if fmt is ListingFormat.jsonl:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif fmt is ListingFormat.csv:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell(v) for k, v in row.items()})
    else:
        Console(file=out, soft_wrap=False, emoji=False).print(listing_table(rows, columns, title))
    out.flush()


def listing_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None) -> Table:
    table = Table(title=title, caption=f"{len(rows)} row{'s' * (len(rows) != 1)}")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    return table
