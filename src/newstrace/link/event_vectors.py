"""Event vectors: each article as TF-IDF weights over what tells one event from another.

An article's *terms* are

- its content words (folded, no stop or calendar words), counted ``title_weight`` times in the title and
  ``lead_weight`` times in the lead (the first ``lead_words`` words), once elsewhere: what an event *is* (the
  trigger word: quake, crash, verdict, runoff) sits in the title and lead of every report of it;
- its entity names as whole names (``=kermanshah province``), besides their words: the people, places and
  bodies involved;
- its key figures (``#6.1``, ``#17``: the values of its quantities): a magnitude or a toll tells one quake or
  crash from another of the same kind;
- its event dates (``@2024-06-18``: the days its time expressions name within ``event_days`` of publication).

Term frequencies are dampened (1 + log tf) and weighted by inverse document frequency learned from the
collection being linked (``ln((1 + n) / (1 + df)) + 1``), so a name found in a handful of articles weighs
much more than "officials" or "Reuters"; no external model is used. Rows are L2-normalized, so the dot
product of two rows is their cosine similarity.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from scipy.sparse import csr_matrix

from newstrace.dates import PartialDate
from newstrace.link.common import STOPWORDS, fold, words
from newstrace.records import Analysis

_VALUE_TYPES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True, slots=True)
class VectorOptions:
    title_weight: float = 3.0  #: each title occurrence of a word counts this many times
    lead_weight: float = 2.0  #: ... and each occurrence in the lead
    lead_words: int = 60  #: the lead: this many first words of the text
    name_weight: float = 2.0  #: a whole entity name, once per article
    figure_weight: float = 1.0  #: a key figure, once per article
    date_weight: float = 1.0  #: an event date, once per article
    event_days: int = 7  #: dates named this close to publication are the article's event dates


def day_of(value: str | None) -> date | None:
    """The calendar day of an ISO date or date-time string, or None (:meth:`PartialDate.day_of`)."""
    return PartialDate.day_of(value)


def _figure(value: float) -> str:
    return f"#{value:g}"


def article_terms(a: Analysis, opt: VectorOptions) -> dict[str, float]:
    """The weighted term counts of one article (see the module docstring)."""
    counts: dict[str, float] = {}
    for weight, text in ((opt.title_weight, a.title or ""), (0.0, a.text)):
        for i, w in enumerate(words(text)):
            f = fold(w)
            if len(f) < 3 or f in STOPWORDS:
                continue
            counts[f] = counts.get(f, 0.0) + (weight or (opt.lead_weight if i < opt.lead_words else 1.0))
    for e in a.entities:
        if e.type not in _VALUE_TYPES:
            name = fold(e.name)
            if len(name) > 2 and name not in STOPWORDS:
                counts["=" + name] = opt.name_weight
    for q in a.quantities:
        value = getattr(q, "value", None)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            counts[_figure(value)] = opt.figure_weight
    published = day_of(a.published)
    if published is not None:
        window = timedelta(days=opt.event_days)
        for t in a.times:
            d = day_of(t.value)
            if d is not None and abs(d - published) <= window:
                counts["@" + d.isoformat()] = opt.date_weight
    return counts


def tfidf_matrix(analyses: Sequence[Analysis], opt: VectorOptions | None = None) -> csr_matrix:
    """One L2-normalized TF-IDF row per article (rows in input order), document frequencies learned from
    ``analyses`` themselves."""
    opt = opt or VectorOptions()
    per_article = [article_terms(a, opt) for a in analyses]
    df: Counter[str] = Counter()
    for c in per_article:
        df.update(c.keys())
    column = {t: i for i, t in enumerate(sorted(df))}
    n = len(per_article)
    counts = np.fromiter((df[t] for t in column), dtype=np.float64, count=len(column))
    idf = np.log((1 + n) / (1 + counts)) + 1.0
    lengths = np.fromiter((len(c) for c in per_article), dtype=np.int64, count=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter((column[t] for c in per_article for t in c), dtype=np.int64, count=int(indptr[-1]))
    raw = np.fromiter((w for c in per_article for w in c.values()), dtype=np.float64, count=int(indptr[-1]))
    return normalized_rows(indices, raw, indptr, idf)


def damped(raw: np.ndarray) -> np.ndarray:
    """Term frequencies dampened: ``1 + ln tf`` for counts of at least 1, smaller weights kept as they are."""
    return np.where(raw >= 1.0, 1.0 + np.log(np.maximum(raw, 1.0)), raw)


def normalized_rows(indices: np.ndarray, raw: np.ndarray, indptr: np.ndarray, idf: np.ndarray) -> csr_matrix:
    """The L2-normalized rows of damped weights ``raw`` (at ``indices``, rows split by ``indptr``) times
    ``idf`` (one per column)."""
    n = len(indptr) - 1
    data = damped(raw) * idf[indices]
    lengths = np.diff(indptr)
    sums = np.zeros(n)
    np.add.at(sums, np.repeat(np.arange(n), lengths), data * data)
    norms = np.sqrt(sums)
    norms[norms == 0] = 1.0
    data = data / np.repeat(norms, lengths)
    m = csr_matrix((data, indices, indptr), shape=(n, len(idf)))
    m.sort_indices()
    return m
