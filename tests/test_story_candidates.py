"""Candidate pairs for story linking: a plain inverted index for short posting lists, bounded for long ones."""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix

from newstrace.link.story_candidates import candidate_pairs, heavy_terms


def matrix(rows: list[dict[int, float]], terms: int) -> csr_matrix:
    data = [(i, t, w) for i, r in enumerate(rows) for t, w in r.items()]
    i, t, w = zip(*data, strict=True)
    return csr_matrix((w, (i, t)), shape=(len(rows), terms))


def pairs(rows: np.ndarray, cols: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(rows.tolist(), cols.tolist(), strict=True))


def test_heavy_terms_skip_terms_of_one_article_and_keep_the_heaviest() -> None:
    x = matrix([{0: 0.9, 1: 0.5, 2: 0.1}, {1: 0.2, 2: 0.8}, {2: 0.3}], 3)
    articles, terms = heavy_terms(x, 1)
    assert pairs(articles, terms) == {(0, 1), (1, 2), (2, 2)}  # term 0 is in one article only


def test_a_rare_term_pairs_all_its_articles_within_reach() -> None:
    x = matrix([{0: 1.0}, {0: 1.0}, {0: 1.0}, {0: 1.0}], 1)
    days = np.array([1.0, 2.0, 3.0, 60.0])
    assert pairs(*candidate_pairs(x, days, 12, 24, 24.0)) == {(0, 1), (0, 2), (1, 2)}


def test_a_common_term_pairs_each_article_with_its_nearest_in_time_only() -> None:
    n = 50
    x = matrix([{0: 1.0} for _ in range(n)], 1)
    days = np.arange(n, dtype=np.float64)[::-1].copy()  # input order is the reverse of time order
    found = pairs(*candidate_pairs(x, days, 12, 3, 100.0))
    assert found == {(i, j) for i in range(n) for j in range(i + 1, min(n, i + 4))}
    assert len(found) <= n * 3


def test_unknown_days_are_never_too_far() -> None:
    x = matrix([{0: 1.0}, {0: 1.0}], 1)
    assert pairs(*candidate_pairs(x, np.array([1.0, np.nan]), 12, 24, 24.0)) == {(0, 1)}
