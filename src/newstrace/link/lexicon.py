"""The word tables of the link stage, loaded once from ``data/statements.json`` (documented in its ``_doc``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newstrace.lexicon import table


@dataclass(frozen=True, slots=True)
class Lexicon:
    hedges: frozenset[str]
    number_words: dict[str, int]
    media_words: frozenset[str]
    media_names: frozenset[str]
    agency_words: tuple[str, ...]
    written_cues: frozenset[str]
    spoken_cues: frozenset[str]
    referents: dict[str, str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = table("statements")
    return Lexicon(
        hedges=frozenset(data["hedges"]),
        number_words={k: int(v) for k, v in data["number_words"].items()},
        media_words=frozenset(data["media_words"]),
        media_names=frozenset(data["media_names"]),
        agency_words=tuple(sorted(data["agency_words"], key=len, reverse=True)),
        written_cues=frozenset(data["written_cues"]),
        spoken_cues=frozenset(data["spoken_cues"]),
        referents=dict(data["referents"]),
    )
