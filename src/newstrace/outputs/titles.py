"""A neutral title for a story: the event and the place ("Tanker fire — Port of Rotterdam"), not the first
article's headline, which may state a figure that other sources dispute.

The event is the words that several of the story's headlines share (not places, numbers or small words),
in the order a headline puts them; the place is the place the articles name most. A story of one article,
or whose headlines share no such word, keeps its headline.
"""

from __future__ import annotations

import re
from collections import Counter

from newstrace.link.results import Comparison, Story

EVENT_WORDS = 2
PLACE_TYPES = {"GPE", "LOC", "FAC"}
SMALL = frozenset({"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "after", "before", "over", "under", "as", "into", "amid", "near", "about", "than", "that", "this", "these",
    "those", "its", "it", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "new",
    "says", "say", "said", "week", "day", "days", "year", "years", "month", "today", "yesterday", "least", "more",
    "most", "up", "down", "out", "off", "partly", "questions"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def neutral_title(story: Story, comparison: Comparison) -> str:
    """The story's title for readers; its headline when nothing neutral can be said."""
    ids = set(story.articles)
    headlines = [a.title for a in comparison.articles if a.id in ids and a.title]
    place = _main_place(story, comparison)
    if len(headlines) < 2:
        return story.title or story.id
    place_words = {w.casefold() for w in _WORD.findall(" ".join(e.name for e in comparison.entities
                                                                 if e.type in PLACE_TYPES))}
    seen: Counter[str] = Counter()
    first_at: dict[str, tuple[int, int]] = {}
    for i, h in enumerate(headlines):
        for j, w in enumerate(dict.fromkeys(x.casefold() for x in _WORD.findall(h))):
            if w in SMALL or w in place_words or len(w) < 3:
                continue
            seen[w] += 1
            first_at.setdefault(w, (i, j))
    shared = [w for w, n in seen.most_common() if n >= 2]
    if not shared:
        return story.title or story.id
    event = sorted(shared[:EVENT_WORDS], key=lambda w: first_at[w])
    text = " ".join(event)
    text = text[:1].upper() + text[1:]
    return f"{text} — {place}" if place else text


def _main_place(story: Story, comparison: Comparison) -> str | None:
    ids = set(story.articles)
    named = Counter({e.name: sum(1 for m in e.mentions if m.article in ids)
                     for e in comparison.entities if e.type in PLACE_TYPES and e.iso})
    best = named.most_common(1)
    return best[0][0] if best and best[0][1] else None
