"""Candidate pairs for story linking in a large collection, bounded per article.

Each article puts its ``index_terms`` heaviest terms (by TF-IDF weight, among the terms found in at least
one other article) in an inverted index. A posting list is ordered by publication day, and each article is
paired only with the next ``neighbours`` articles of the list within ``reach_days`` (beyond that the time
factor alone keeps a pair under ``min_edge``). A term found in a handful of articles pairs them all, as a
plain inverted index would; a common one pairs each article with the few published just before and after it
— the ones its event's other reports are among — instead of with every article that uses the word. So the
number of pairs is at most ``articles × index_terms × neighbours``, however common a term becomes as the
collection grows: the cost stays about linear in the number of articles.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix


def heavy_terms(x: csr_matrix, index_terms: int) -> tuple[np.ndarray, np.ndarray]:
    """``(article, term)`` index entries: each row's ``index_terms`` heaviest columns among those with a
    nonzero in some other row (a term of one article links none); ties go to the lower column."""
    n, v = x.shape
    usable = np.bincount(x.indices, minlength=v)[x.indices] > 1
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(x.indptr))[usable]
    cols = x.indices[usable].astype(np.int64)
    order = np.lexsort((cols, -x.data[usable], rows))  # by row, heaviest first
    rows, cols = rows[order], cols[order]
    first = np.searchsorted(rows, rows, side="left")
    top = np.arange(len(rows)) - first < index_terms
    return rows[top], cols[top]


def candidate_pairs(
    x: csr_matrix, days: np.ndarray, index_terms: int, neighbours: int, reach_days: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(i < j)`` of rows of ``x`` sharing a heavy term and at most ``neighbours`` apart in that
    term's day-ordered posting list, published at most ``reach_days`` apart (``days``: ordinal per row, NaN
    when unknown: such a row is never too far). Sorted, without repeats."""
    n = x.shape[0]
    articles, terms = heavy_terms(x, index_terms)
    if len(articles) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    entry_days = days[articles]
    order = np.lexsort((articles, entry_days, terms))  # by term, then day (unknown last), then input order
    articles, terms, entry_days = articles[order], terms[order], entry_days[order]
    keys: list[np.ndarray] = []
    active = np.arange(len(articles) - 1)  # entries whose posting list goes on at least ``step`` further
    for step in range(1, neighbours + 1):
        active = active[active + step < len(articles)]
        active = active[terms[active + step] == terms[active]]  # lists are contiguous: once past, always past
        if len(active) == 0:
            break
        gap = np.abs(entry_days[active + step] - entry_days[active])
        near = active[~(gap > reach_days)]  # NaN gaps (a day unknown) are near
        a, b = articles[near], articles[near + step]
        keys.append(np.minimum(a, b) * n + np.maximum(a, b))
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    unique = np.sort(np.concatenate(keys))
    unique = unique[np.concatenate(([True], unique[1:] != unique[:-1]))]
    rows, cols = unique // n, unique % n
    keep = rows != cols
    return rows[keep], cols[keep]
