"""Entry point: ``newstrace`` (and ``python -m newstrace``). Each command lives in its own module."""

from __future__ import annotations

import newstrace.cli.compare  # registers the compare command
import newstrace.cli.corpus  # noqa: F401 - registers the corpus commands
import newstrace.cli.serve as _serve  # noqa: F401 - registers the serve command
from newstrace.cli import analyze, watch  # noqa: F401 - registers their commands
from newstrace.cli.app import app


def main() -> None:
    app()
