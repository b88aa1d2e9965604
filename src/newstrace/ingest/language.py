"""A cheap "is this English?" check for the ingest path: the share of English stopwords among the words.

Running English news has 35-50 % stopwords ("the", "of", "said", "was" ...; spaCy's English list); German,
French, Spanish, Italian and Dutch news scores 0-11 % against the same list. A text of at least
:data:`MIN_WORDS` words scoring under :data:`MIN_STOPWORD_SHARE` is refused; shorter texts (a feed summary,
a headline) are too short to judge and pass. Only the first :data:`SAMPLE_WORDS` words are looked at.
"""

from __future__ import annotations

import re
from itertools import islice

from spacy.lang.en.stop_words import STOP_WORDS

MIN_WORDS = 20
MIN_STOPWORD_SHARE = 0.2
SAMPLE_WORDS = 2000
_WORD = re.compile(r"[^\W\d_]+")


def stopword_share(text: str) -> tuple[float, int]:
    """The share of English stopwords among the first words of ``text``, and how many words were looked at."""
    words = [m.group().lower() for m in islice(_WORD.finditer(text), SAMPLE_WORDS)]
    if not words:
        return 0.0, 0
    return sum(w in STOP_WORDS for w in words) / len(words), len(words)


def not_english_reason(text: str) -> str | None:
    """Why ``text`` looks not to be English, or None when it looks English (or is too short to tell)."""
    share, n = stopword_share(text)
    if n < MIN_WORDS or share >= MIN_STOPWORD_SHARE:
        return None
    return (
        f"not English: only {share:.0%} of its first {n} words are English stopwords (English news has "
        f"35-50 %, the cut-off is {MIN_STOPWORD_SHARE:.0%}); newstrace analyzes English articles only"
    )
