"""From a pending feed entry to the record that is ingested: the article page's text (trafilatura), else
the entry's own content — when that is an article, not a teaser.

Metadata: the source is the feed's label or title (it names the outlet the same way for every article of the
feed), else the page's site name; the publication date is the entry's, else the page's; the id is the
entry's key, so that ``newstrace ingest`` of the same feed gives the same ids.

A feed entry's own text (content, else summary) is often a teaser: a headline's worth of words. It stands in
for the article page only when it has at least :data:`MIN_ARTICLE_WORDS` words (a full-text feed); a shorter
one is not an article, and the entry fails with the page's reason. When the page failed and the entry's text
was stored instead, the page's failure is still reported (:attr:`EntryOutcome.page_problem`).

(:data:`MIN_ARTICLE_WORDS` lives here rather than in :mod:`newstrace.config` because it is the watcher's rule
for feed text; ``newstrace ingest`` of a saved feed stores what the entries carry, as before.)
"""

from __future__ import annotations

from dataclasses import dataclass

from newstrace.ingest.html import record_from_html
from newstrace.records import Failure, InputRecord
from newstrace.watch.fetch import MAX_PAGE_BYTES, Fetcher, FetchError, FetchRefused
from newstrace.watch.state import Entry

#: A feed entry's own text shorter than this (in words) is a teaser, not an article: it is never stored in
#: place of the article page (``newstrace watch --min-words``).
MIN_ARTICLE_WORDS = 60


@dataclass(frozen=True, slots=True)
class EntryOutcome:
    """What became of an entry: the ``record`` to ingest (an article or a failure), whether a failure is
    worth trying again later (``transient``), and — for an article stored from the entry's own text — what
    was wrong with the page (``page_problem``: reported as a failure although the article was stored)."""

    record: InputRecord | Failure
    transient: bool = False
    page_problem: str | None = None


def entry_location(entry: Entry) -> str:
    """Where an entry's article comes from, for reports and the ``failures`` table: its link, else
    ``FEED#KEY``."""
    return entry.link or f"{entry.feed_url}#{entry.key}"


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


def entry_record(
    entry: Entry, fetcher: Fetcher, max_bytes: int = MAX_PAGE_BYTES, min_words: int = MIN_ARTICLE_WORDS
) -> EntryOutcome:
    """The record for ``entry`` (see :class:`EntryOutcome`). A page that could not be fetched, with no
    article-length text in the entry, is worth trying again (a refused address or a page with no article in
    it is not)."""
    location = entry_location(entry)
    transient = False
    if entry.link:
        try:
            page = fetcher.get(entry.link, max_bytes=max_bytes)
        except FetchRefused as err:  # not a public address: the same next round
            problem = f"did not fetch the article page: {err.reason}"
        except FetchError as err:
            problem, transient = f"cannot fetch the article page: {err.reason}", True
        else:
            rec = record_from_html(page.body, location, id=entry.key, url=page.url)
            if isinstance(rec, InputRecord):
                rec.source = entry.source or rec.source
                rec.published = entry.published or rec.published
                rec.title = entry.title or rec.title
                return EntryOutcome(rec)
            problem = rec.reason
    else:
        problem = "the entry has no link to an article page"
    words = word_count(entry.fallback)
    if entry.fallback and words >= min_words:
        rec = InputRecord(
            text=entry.fallback, id=entry.key, published=entry.published, source=entry.source, url=entry.link,
            title=entry.title, location=location,
        )
        return EntryOutcome(rec, page_problem=problem if entry.link else None)
    if not entry.fallback:
        reason = f"{problem}; the feed entry has no text of its own to fall back on"
    else:
        reason = (f"{problem}; the feed entry's own text is a teaser ({words} word{'s' * (words != 1)}, under the "
                  f"article minimum of {min_words}), not an article")
    return EntryOutcome(Failure(location=location, reason=reason, id=entry.key), transient)
