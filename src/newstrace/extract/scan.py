"""Per-document tables that the time and quantity extractors read instead of walking spaCy tokens.

``scan(doc)`` reads the text, token offsets, lowercase forms (as hashes), entity labels and sentence starts
once, with ``Doc.to_array``, and keeps them for the last document scanned: the time and the quantity
extractors run one after the other on the same one, and nothing is written into the ``Doc``.
``trigger_tokens`` then picks the few tokens worth a closer look (a word from a set, a digit, an entity label)
without creating a Python object per token, which is what costs time on long articles.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class Scan:
    text: str
    idx: list[int]  # character offset of each token
    lower: list[int]  # hash of each token's lowercase form
    ent: np.ndarray  # entity label id of each token (0: none)
    sent_starts: list[int]  # token index where each sentence starts
    digit_tokens: list[int]  # tokens that hold a digit

    def token_at(self, char: int) -> int:
        """The token that covers (or is the last to start before) character ``char``."""
        return max(0, bisect.bisect_right(self.idx, char) - 1)

    def sentence_of(self, token: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, token) - 1)


def hashes(words: Iterable[str]) -> frozenset[int]:
    """The hashes spaCy gives ``words`` (compare with :attr:`Scan.lower`)."""
    return frozenset(get_string_id(w) for w in words)


_last: list[tuple[Doc, Scan]] = []  # the last document scanned and its tables


def scan(doc: Doc) -> Scan:
    """The tables of ``doc``, read once (a second call on the same document returns the same tables)."""
    if _last and _last[0][0] is doc and len(_last[0][1].idx) == len(doc):
        return _last[0][1]
    text = doc.text
    if len(doc):
        arr = doc.to_array(["LOWER", "IDX", "ENT_TYPE"])
        lower, idx, ent = arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2]
    else:
        lower, idx, ent = [], [], np.zeros(0, dtype=np.uint64)
    if len(doc) and doc.has_annotation("SENT_START"):
        starts = np.flatnonzero(doc.to_array("SENT_START").astype(np.int64) == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
    else:
        starts = [0]
    digit_tokens: list[int] = []
    for m in _DIGITS.finditer(text):
        i = max(0, bisect.bisect_right(idx, m.start()) - 1)
        if not digit_tokens or digit_tokens[-1] != i:
            digit_tokens.append(i)
    result = Scan(text, idx, lower, ent, starts, digit_tokens)
    _last[:] = [(doc, result)]
    return result


def trigger_tokens(s: Scan, words: frozenset[int], labels: Iterable[str] = ()) -> list[int]:
    """Indices of the tokens whose lowercase form is in ``words`` (hashes), that hold a digit, or that carry
    one of the entity ``labels``; sorted."""
    lower = np.fromiter(s.lower, dtype=np.uint64, count=len(s.lower))
    hit = np.isin(lower, np.fromiter(words, dtype=np.uint64, count=len(words)))
    for label in labels:
        hit |= s.ent == get_string_id(label)
    found = set(np.flatnonzero(hit).tolist())
    found.update(s.digit_tokens)
    return sorted(found)
