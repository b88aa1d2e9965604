"""The Typer application that every command module registers with, the shared exit codes, and the edge where
library errors become messages and exit codes.

A command lets a :class:`~newstrace.errors.NewstraceError` it cannot handle better go: the application prints
``error: <message>`` on stderr and exits with the error's ``exit_code`` (:class:`_Commands`). A command raises
:func:`fail` itself only where it knows more (which option was wrong).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup, TyperOption

from newstrace.errors import EXIT_ENVIRONMENT, EXIT_FAILURES, EXIT_OK, EXIT_USAGE, NewstraceError, StoreError

__all__ = [
    "ERR", "EXIT_CODES_HELP", "EXIT_ENVIRONMENT", "EXIT_FAILURES", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "app",
    "fail", "opening",
]

EXIT_INTERRUPTED = 130  #: the shell's code for a run stopped by Ctrl-C
#: Where every command writes errors, progress and summaries (stdout is for the records).
ERR = Console(stderr=True, soft_wrap=True, emoji=False)

EXIT_CODES_HELP = (
    "Exit codes: 0 all records analyzed; 1 some records failed (each reported on stderr with its "
    "reason); 2 usage error; 3 cannot run (e.g. the spaCy pipeline is not installed)."
)


def _flag_type(self: TyperOption, ctx: Any) -> str | None:
    """The type column of ``--help`` for an option: none for a flag (``--once``, ``--quiet``, ``--help``),
    which takes no value; Typer 0.29 shows ``<bool>`` there."""
    if self.is_flag and not self.count and self.metavar is None:
        return None
    return _option_type(self, ctx)


# Every option of every command is a TyperOption, the generated --help included, which no metavar reaches.
_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign]

def fail(message: object, code: int) -> typer.Exit:
    """Print ``error: message`` on stderr; the exit (with ``code``) for the caller to raise."""
    ERR.print(f"[red]error:[/red] {escape(str(message))}", highlight=False)
    return typer.Exit(code)


@contextmanager
def opening() -> Iterator[None]:
    """A corpus database that cannot be opened, whatever the reason, means the command cannot run here: exit 3
    (also for a path that is no file, ``:memory:``, whose error is otherwise a usage error)."""
    try:
        yield
    except StoreError as err:
        raise fail(err, EXIT_ENVIRONMENT) from None


class _Commands(TyperGroup):
    """The commands' one edge for library errors: the message, then the error's own exit code."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (the one Typer vendors)
        try:
            return super().invoke(ctx)
        except NewstraceError as err:
            raise fail(err, err.exit_code) from None


app = typer.Typer(
    cls=_Commands,
    name="newstrace",
    help="Structured, source-attributed facts from news articles, compared across outlets.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from newstrace.about import __version__

        typer.echo(f"newstrace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """Structured, source-attributed facts from news articles, compared across outlets."""
