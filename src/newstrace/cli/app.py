"""The Typer application that every command module registers with, and the shared exit codes."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperOption

EXIT_OK = 0  #: everything asked for was done
EXIT_FAILURES = 1  #: the run finished, but some records failed (each reported, with its reason)
EXIT_USAGE = 2  #: bad command line: unknown option, missing argument, invalid value
EXIT_ENVIRONMENT = 3  #: cannot run here: the spaCy pipeline is missing, a database can't be opened

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

app = typer.Typer(
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
