"""Every error carries its code and the exit code a command ends with; the CLI's one edge prints the message
and exits with that code."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from newstrace import errors
from newstrace.cli.app import _Commands
from newstrace.cli.main import app
from newstrace.errors import (
    EXIT_ENVIRONMENT,
    EXIT_FAILURES,
    EXIT_USAGE,
    BadInterval,
    EngineError,
    ModelNotFound,
    NewstraceError,
    RecordError,
    StoreUsageError,
    UsageError,
)


def _all(cls: type[NewstraceError]) -> list[type[NewstraceError]]:
    return [cls, *(sub for direct in cls.__subclasses__() for sub in _all(direct))]


def test_every_error_has_its_own_code_and_a_documented_exit_code() -> None:
    classes = [c for c in _all(NewstraceError) if c.__module__ == errors.__name__]
    assert len({c.code for c in classes}) == len(classes)
    assert {c.exit_code for c in classes} <= {EXIT_FAILURES, EXIT_USAGE, EXIT_ENVIRONMENT}


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (UsageError("unknown engine 'spark'"), EXIT_USAGE),
        (StoreUsageError("cannot export 'x'"), EXIT_USAGE),
        (BadInterval("soon"), EXIT_USAGE),
        (ModelNotFound("no_such_model"), EXIT_ENVIRONMENT),
        (EngineError("cannot reach the Dask scheduler"), EXIT_ENVIRONMENT),
        (RecordError("the record has no text"), EXIT_FAILURES),
    ],
)
def test_a_command_that_stops_on_an_error_exits_with_its_code(error: NewstraceError, code: int) -> None:
    demo = typer.Typer(cls=_Commands)

    @demo.callback()
    def _root() -> None: ...

    @demo.command()
    def run() -> None:
        raise error

    result = CliRunner().invoke(demo, ["run"])
    assert result.exit_code == code
    assert result.stderr.startswith(f"error: [{error.code}] ") and str(error) in result.stderr
    assert "Traceback" not in result.output


def test_a_corpus_that_cannot_be_opened_is_exit_3_whatever_the_reason() -> None:
    """':memory:' is refused with a usage error by Corpus; a command that cannot open its corpus exits 3."""
    result = CliRunner().invoke(app, ["failures", "--db", ":memory:"])
    assert result.exit_code == EXIT_ENVIRONMENT and "lives in a file" in result.stderr
