"""Role nouns: which descriptions can stand for a person with a given title.

"the diplomat" can refer back to a "Foreign Ministry spokesperson" or an "ambassador"; "the lawmaker" to a
"senator". :func:`role_nouns` gives every head noun a later description may use for a role.
"""

from __future__ import annotations

from functools import lru_cache

from newstrace.lexicon import wordset as wordset

#: More general nouns a title's head noun can be referred to by.
HYPERNYMS: dict[str, frozenset[str]] = {
    k: wordset(v)
    for keys, v in [
        ("spokesperson spokesman spokeswoman", "official representative"),
        ("ambassador envoy", "diplomat official"),
        ("minister secretary commissioner", "official politician"),
        ("president chancellor premier", "leader official politician"),
        ("king queen monarch emperor", "monarch leader"),
        ("senator representative congressman congresswoman lawmaker legislator mp", "lawmaker legislator politician"),
        ("mayor governor", "official politician"),
        ("ceo executive chairman chairwoman chair founder", "executive"),
        ("analyst economist strategist", "analyst expert"),
        ("professor researcher scientist", "expert researcher academic"),
        ("general commander colonel admiral major captain lieutenant", "commander officer"),
        ("lawyer attorney", "lawyer attorney"),
        ("chief director head", "official"),
    ]
    for k in keys.split()
}
#: Words in a title that make its holder a diplomat ("Foreign Ministry spokesperson", "State Department").
_DIPLOMATIC = ("foreign", "embassy", "state department", "diplomat", "ambassador", "envoy")


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
