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
        piped = not (hasattr(out, "isatty") and out.isatty())
        table = listing_table(rows, columns, title, one_line=piped)
        # a pipe or a file has no width: one line per row, as wide as the cells (each clipped), not 80 columns
        width = _natural_width(rows, columns) if piped else None
        Console(file=out, soft_wrap=False, emoji=False, width=width).print(table)
    out.flush()


#: Piped, a cell longer than this is cut with "…" (the whole value: --format jsonl or csv).
PIPED_CELL = 60


def _natural_width(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> int:
    widths = [max([len(c), *(min(len(str(r.get(c) or "")), PIPED_CELL) for r in rows)]) for c in columns]
    return sum(widths) + 3 * len(widths) + 1


def listing_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], title: str | None = None,
                  one_line: bool = False) -> Table:
    """``one_line``: each row on one line, long cells cut with "…" (for a pipe); else long cells fold."""
    table = Table(title=title, caption=f"{len(rows)} row{'s' * (len(rows) != 1)}")
    for col in columns:
        if one_line:
            table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=PIPED_CELL)
        else:
            table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
    return table
