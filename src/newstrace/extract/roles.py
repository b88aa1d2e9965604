"""Role nouns: which descriptions can stand for a person with a given title.

"the diplomat" can refer back to a "Foreign Ministry spokesperson" or an "ambassador"; "the lawmaker" to a
"senator". :func:`role_nouns` gives every head noun a later description may use for a role. The nouns are in
``data/role_words.json``.
"""

from __future__ import annotations

from functools import lru_cache

from newstrace.lexicon import mapping, table
from newstrace.lexicon import wordset as wordset

#: More general nouns a title's head noun can be referred to by.
HYPERNYMS: dict[str, frozenset[str]] = mapping("role_words", "hypernyms")
#: Words in a title that make its holder a diplomat ("Foreign Ministry spokesperson", "State Department").
_DIPLOMATIC: tuple[str, ...] = tuple(table("role_words")["diplomatic"])


@lru_cache(maxsize=1024)
def role_nouns(role: str | None) -> frozenset[str]:
    """Head nouns a later description may use for the holder of ``role`` ("the spokesperson", "the official")."""
    if not role:
        return frozenset()
    words = role.lower().replace("’", "'").split()
    if not words:
        return frozenset()
    head = words[-1]
    nouns = {head} | HYPERNYMS.get(head, frozenset())
    if len(words) > 1 and words[-2] == "prime" and head == "minister":
        nouns |= {"premier", "leader"}
    low = role.lower()
    if any(w in low for w in _DIPLOMATIC):
        nouns.add("diplomat")
    return frozenset(nouns)
