"""The corpus commands: ``ingest``, ``reanalyze``, ``search``, ``quotes``, ``figures``, ``entities``,
``failures`` and ``export`` — thin wrappers over :class:`newstrace.corpus.Corpus`."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newstrace.cli.app import (
    ERR,
    EXIT_CODES_HELP,
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    app,
    fail,
    opening,
)
from newstrace.cli.options import DEFAULT_DB_PATH, Db, Limit, ListFormat, Model, Quiet, Workers
from newstrace.corpus import Corpus, IngestReport
from newstrace.engines import Engine, LocalEngine, Progress, make_engine
from newstrace.ingest.detect import InputFormat
from newstrace.ingest.estimate import estimate_records
from newstrace.outputs.listing import ListingFormat, write_listing
from newstrace.outputs.progress import IngestProgress, describe
from newstrace.store.queries import export_columns

if TYPE_CHECKING:
    ExportTable = StrEnum
else:  # what ``export`` can write: the articles and every registered fact kind
    ExportTable = StrEnum("ExportTable", {t: t for t in export_columns()})
_ALL_ARTICLES = ExportTable("articles")


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


EngineOption = Annotated[
    EngineChoice, typer.Option(help="Run the work here (local) or on a Dask cluster (dask).")
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(help="With --engine dask: a running Dask scheduler (tcp://HOST:8786), whose workers can read the "
                      "inputs (and, to link, the database file) at the same paths; default: a local cluster of "
                      "--workers processes."),
]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@contextmanager
def _corpus(db: Path, readonly: bool) -> Iterator[Corpus]:
    """The corpus, open (errors inside go to the application's edge, with their exit codes)."""
    with opening():
        corpus = Corpus(db, readonly=readonly)
    with corpus:
        yield corpus


def _run(
    db: Path,
    quiet: bool,
    label: str,
    work: Callable[[Corpus, IngestProgress], IngestReport],
    total: Callable[[], int | None] | None = None,
) -> None:
    """Run an ingest or reanalyze with progress; exit 1 when any record failed."""
    again = label == "reanalyze"
    progress = IngestProgress(ERR, quiet=quiet, label=label, reanalyze=again)
    with _corpus(db, readonly=False) as corpus, progress:
        if total is not None and not quiet:
            threading.Thread(target=lambda: progress.set_total(total()), daemon=True).start()
        try:
            report = work(corpus, progress)
        except KeyboardInterrupt:
            ERR.print(f"interrupted: every finished batch is stored in {db}; run the same command again to go on")
            raise typer.Exit(EXIT_INTERRUPTED) from None
    if not quiet:
        hint = f"; see them with 'newstrace failures --db {db}'" if report.failed else ""
        counts = describe(report, again)
        ERR.print(f"{label}: {counts} in {report.seconds:.1f}s; corpus {db}{hint}", highlight=False)
    raise typer.Exit(EXIT_FAILURES if report.failed else EXIT_OK)


@app.command(epilog=EXIT_CODES_HELP)
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="JSON Lines, text, HTML, RSS/Atom or WARC files, folders, or - for stdin.")
    ],
    db: Db = DEFAULT_DB_PATH,
    fmt: Annotated[
        InputFormat, typer.Option("--format", help="Input format; auto detects it from each input's content.")
    ] = InputFormat.auto,
    workers: Workers = 1,
    model: Model = None,
    quiet: Quiet = False,
    engine: EngineOption = EngineChoice.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Analyze articles and add them to the corpus database.

    Articles already in the corpus (same text) are skipped, near-duplicates are linked to their original,
    and every record that fails is kept with its reason (see 'newstrace failures'). Safe to stop and re-run.
    """
    runner: Engine = make_engine(engine.value, workers=workers, scheduler=scheduler, model=model,
                                 on_progress=None if quiet else _show_dashboard)
    if runner.reads_on_workers and "-" in paths:
        raise fail("the Dask workers cannot read stdin (-); pass files; see 'newstrace ingest --help'", EXIT_USAGE)
    _run(db, quiet, "ingest", lambda corpus, progress: corpus.ingest(paths, fmt=fmt, observer=progress, engine=runner),
         total=lambda: estimate_records(paths, fmt))


def _show_dashboard(progress: Progress) -> None:
    if progress.dashboard:
        ERR.print(f"Dask dashboard: {progress.dashboard} ({progress.workers} worker threads)", highlight=False)


@app.command(epilog=EXIT_CODES_HELP)
def reanalyze(
    db: Db = DEFAULT_DB_PATH,
    everything: Annotated[bool, typer.Option("--all", help="Re-run every article, not only outdated ones.")] = False,
    workers: Workers = 1,
    model: Model = None,
    quiet: Quiet = False,
    engine: EngineOption = EngineChoice.local,
    scheduler: SchedulerOption = None,
) -> None:
    """Re-run extraction on articles analyzed by older extractor versions (e.g. quotes.v1 -> quotes.v2), and
    link their stories again."""
    runner: Engine = (LocalEngine(workers=workers, model=model) if engine is EngineChoice.local else
                      make_engine(engine.value, workers=workers, scheduler=scheduler, model=model,
                                  on_progress=None if quiet else _show_dashboard))
    _run(
        db, quiet, "reanalyze",
        lambda corpus, progress: corpus.reanalyze(everything=everything, engine=runner, observer=progress),
    )


@app.command("link", epilog=EXIT_CODES_HELP)
def link_stories(db: Db = DEFAULT_DB_PATH, quiet: Quiet = False) -> None:
    """Link the stories whose articles changed since they were last linked (ingest, reanalyze and watch do this
    on their own; run it after one was interrupted while linking). Reads only those stories' articles."""
    progress = IngestProgress(ERR, quiet=quiet, label="link")
    with _corpus(db, readonly=False) as corpus, progress:
        linked = corpus.link(on_progress=progress.linking)
    if not quiet:
        ERR.print(f"linked {len(linked):,} stor{'y' if len(linked) == 1 else 'ies'}; corpus {db}", highlight=False)


@app.command(epilog=EXIT_CODES_HELP)
def relink(
    db: Db = DEFAULT_DB_PATH,
    quiet: Quiet = False,
    workers: Annotated[int, typer.Option(min=1, help="With --engine dask: local cluster processes.")] = 2,
    engine: EngineOption = EngineChoice.local,
    scheduler: SchedulerOption = None,
    streaming: Annotated[
        bool, typer.Option(help="Group the articles again one at a time in order of publication, as ingest does, "
                                "through the story index in the store: memory does not grow with the corpus "
                                "(the default grouping holds every analysis in memory: about 1 GB per 50,000).")
    ] = False,
) -> None:
    """Group the stored articles into stories again and keep them, and link every story again (its entities,
    figure and statement groups, citations, timeline; on a Dask cluster with --engine dask). Each story keeps
    the id of the story it shares most articles with, so links to a story stay valid when it grows, merges or
    splits. Ingest and watch keep the links current on their own; relink after changing newstrace."""
    runner = None if engine is EngineChoice.local else make_engine(engine.value, workers=workers, scheduler=scheduler)
    with _corpus(db, readonly=False) as corpus:
        counts = corpus.relink(engine=runner, streaming=streaming)
    if not quiet:
        ERR.print(
            f"{counts['stories']:,} stories over {counts['articles']:,} articles: {counts['new']:,} new, "
            f"{counts['changed']:,} changed, {counts['gone']:,} merged away; {counts['moved']:,} articles moved",
            highlight=False,
        )


def _list(db: Path, fmt: ListingFormat, columns: Sequence[str], title: str,
          query: Callable[[Corpus], list[dict[str, Any]]]) -> None:
    with _corpus(db, readonly=True) as corpus:
        rows = query(corpus)
    write_listing(rows, fmt, sys.stdout, columns, title)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help='Words that must all occur; "a phrase" in double quotes.')],
    db: Db = DEFAULT_DB_PATH,
    fmt: ListFormat = ListingFormat.table,
    limit: Limit = 50,
) -> None:
    """Full-text search over article text and quotes, best matches first."""
    _list(db, fmt, ("kind", "article_id", "outlet", "published", "speaker", "snippet"), f"Search: {text}",
          lambda c: c.search(text, limit))


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only quotes whose speaker's name contains this.")] = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after this date.")] = None,
    db: Db = DEFAULT_DB_PATH,
    fmt: ListFormat = ListingFormat.table,
    limit: Limit = None,
) -> None:
    """Quotes with their speakers, oldest article first."""
    _list(db, fmt, ("published", "outlet", "speaker", "kind", "text", "article_id"), "Quotes",
          lambda c: c.quotes(speaker=speaker, since=since, limit=limit))


@app.command()
def figures(
    counted: Annotated[
        str | None,
        typer.Option(help="Only figures whose counted thing or measure contains this (injured: '14 crew members "
                          "were injured' measures injured).")
    ] = None,
    db: Db = DEFAULT_DB_PATH,
    fmt: ListFormat = ListingFormat.table,
    limit: Limit = None,
) -> None:
    """Numeric claims: value (and a range's upper end), qualifier, unit, what is counted and what it measures,
    as of when, according to whom."""
    _list(db, fmt, ("published", "outlet", "text", "qualifier", "value", "high", "unit", "counted", "measure", "as_of",
                    "source"),
          "Figures", lambda c: c.figures(counted=counted, limit=limit))


@app.command()
def entities(
    type: Annotated[str | None, typer.Option("--type", help="Only this type: PERSON, ORG, GPE, LOC, NORP ...")] = None,
    db: Db = DEFAULT_DB_PATH,
    fmt: ListFormat = ListingFormat.table,
    limit: Limit = None,
) -> None:
    """People, organisations and places across articles (one entity under all its names, as compare and the
    web UI resolve them), with how many articles and mentions name them."""
    with _corpus(db, readonly=True) as corpus:
        rows = corpus.entities(type=type, limit=limit)
        if type and not rows:
            known = sorted({r["type"] for r in corpus.entities()})
            ERR.print(f"no entities of type {type.upper()!r}; the corpus has: {', '.join(known) or 'none'}",
                       highlight=False)
    write_listing(rows, fmt, sys.stdout, ("name", "type", "iso", "aliases", "articles", "mentions"), "Entities")


@app.command()
def failures(
    db: Db = DEFAULT_DB_PATH,
    fmt: ListFormat = ListingFormat.table,
    limit: Limit = None,
) -> None:
    """Records that could not be added, with where they came from and why."""
    _list(db, fmt, ("location", "reason", "record_id", "at"), "Failures", lambda c: c.failures(limit=limit))


@app.command()
def export(
    out: Annotated[str, typer.Argument(help="File to write (replaced whole), or - for stdout (jsonl, csv).")],
    what: Annotated[ExportTable, typer.Option(help="Which table to export.")] = _ALL_ARTICLES,
    fmt: Annotated[
        ExportFormat | None, typer.Option("--format", "-f", help="Default: from OUT's suffix, else jsonl.")
    ] = None,
    db: Db = DEFAULT_DB_PATH,
    raw_csv: Annotated[
        bool, typer.Option("--raw-csv", help="Keep CSV cells as they are. By default text starting with = + - @ "
                                             "(or a tab or CR) gets a ' first, so a spreadsheet does not run it "
                                             "as a formula.")
    ] = False,
) -> None:
    """Export a table of the corpus as JSON Lines, CSV or Parquet. Quotes, figures and the other fact tables
    carry their article's outlet and date. Parquet opens in any Parquet reader (pandas, DuckDB, Polars, Spark);
    none is installed with newstrace: pip install 'newstrace\\[analysis]' adds pandas and DuckDB.

    CSV text cells that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) are prefixed with '
    (OWASP's rule against CSV injection: the text comes from the web); --raw-csv keeps them raw."""
    if fmt is None:
        suffix = Path(out).suffix.lstrip(".").lower()
        fmt = ExportFormat(suffix) if suffix in ExportFormat.__members__ else ExportFormat.jsonl
    with _corpus(db, readonly=True) as corpus:
        target: Any = sys.stdout if out == "-" else out
        try:
            n = corpus.export(what.value, fmt.value, target, raw_csv=raw_csv)
        except OSError as e:
            raise fail(f"cannot write {out!r}: {e.strerror or e}", EXIT_USAGE) from None
    if out != "-":
        ERR.print(f"exported {n:,} {what.value} rows to {out}", highlight=False)
