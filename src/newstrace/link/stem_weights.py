"""How much a word stem says about what a statement is about: a fixed inverse frequency from general English.

Statements are compared by the weighted stems their renderings share (:mod:`newstrace.link.statements`):
"said" must weigh little and "reparations" much. The weights come from the frequencies of English words in
the `wordfreq <https://github.com/rspeer/wordfreq>`_ library (news, web, books, subtitles, Wikipedia), not
from the articles being compared, so a story's statements are grouped the same whatever else is in the
corpus: a story linked on its own as articles arrive gets exactly the groups a full relink gives.

A stem's frequency is the sum over the 60,000 most frequent English words of those with that stem; ``q``,
the share of quotes of ``QUOTE_WORDS`` words expected to hold it, is ``QUOTE_WORDS`` times that, never under
``MIN_SHARE``. The weight is an inverse document frequency over ``REFERENCE_QUOTES`` such quotes
of general English (the scale on which the statement thresholds were set) together with the story's own
renderings: ``log(1 + (R + n) / (R q + df))`` for a story of ``n`` renderings, ``df`` of which hold the stem.
It depends on the story alone, not on the rest of the corpus. Names, numbers and words outside the list weigh
the most.
"""

from __future__ import annotations

import math
from functools import lru_cache

from newstrace.link.common import fold
from newstrace.link.measures import lemma

QUOTE_WORDS = 20  #: words in a typical quote
REFERENCE_QUOTES = 100  #: quotes of general English counted with the story's own
MIN_SHARE = 1e-4  #: the share of quotes a stem is expected in is never taken as less (names, rare words)
VOCABULARY = 60_000  #: most frequent English words read from wordfreq


def stem(word: str) -> str:
    """A word's stem: the first six letters of its folded lemma ("reparations" -> "repara")."""
    return lemma(fold(word))[:6]


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    from wordfreq import top_n_list, word_frequency

    out: dict[str, float] = {}
    for w in top_n_list("en", VOCABULARY):
        s = stem(w)
        out[s] = out.get(s, 0.0) + word_frequency(w, "en")
    return out


@lru_cache(maxsize=65536)
def quote_share(s: str) -> float:
    """The share of quotes expected to hold stem ``s`` (see the module docstring)."""
    return max(QUOTE_WORDS * _frequencies().get(s, 0.0), MIN_SHARE)


def stem_weight(s: str, df: int = 0, quotes: int = 0) -> float:
    """The weight of a stem: an inverse document frequency over ``REFERENCE_QUOTES`` quotes of general English
    and the ``quotes`` renderings of one story, ``df`` of which hold the stem (so a word every outlet's
    account of the story repeats, "board" in a story of a ship, weighs less there)."""
    return math.log(1.0 + (REFERENCE_QUOTES + quotes) / (REFERENCE_QUOTES * quote_share(s) + df))
