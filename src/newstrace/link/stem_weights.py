"""How much a word stem says about what a statement is about: a fixed inverse frequency from general English.

Statements are compared by the weighted stems their renderings share (:mod:`newstrace.link.statements`):
"said" must weigh little and "reparations" much. The weights come from the frequencies of English words in
the `wordfreq <https://github.com/rspeer/wordfreq>`_ library (news, web, books, subtitles, Wikipedia), not
from the articles being compared, so a story's statements are grouped the same whatever else is in the
corpus: a story linked on its own as articles arrive gets exactly the groups a full relink gives.

A stem's frequency is the sum over the 60,000 most frequent English words of those with that stem. Its
weight is ``log(1 + 1 / q)``, where ``q`` is the share of quotes of ``QUOTE_WORDS`` words expected to hold the
stem (``QUOTE_WORDS`` times its frequency), never under ``1 / REFERENCE_QUOTES``: the scale of an inverse
document frequency over a collection of a few hundred quotes, on which the statement thresholds were set.
Names, numbers and words outside the list weigh the most.
"""

from __future__ import annotations

import math
from functools import lru_cache

from newstrace.link.common import fold
from newstrace.link.measures import lemma

QUOTE_WORDS = 20  #: words in a typical quote
REFERENCE_QUOTES = 200  #: the rarest stem weighs as one quote in this many
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
def stem_weight(s: str) -> float:
    """The weight of a stem (see the module docstring)."""
    q = max(QUOTE_WORDS * _frequencies().get(s, 0.0), 1.0 / REFERENCE_QUOTES)
    return math.log(1.0 + 1.0 / q)
