"""From a pending feed entry to the record that is ingested: the article page's text (trafilatura), else
the entry's own content or summary.

Metadata: the source is the feed's label or title (it names the outlet the same way for every article of the
feed), else the page's site name; the publication date is the entry's, else the page's; the id is the
entry's key, so that ``newstrace ingest`` of the same feed gives the same ids.
"""

from __future__ import annotations

from newstrace.ingest.html import record_from_html
from newstrace.records import Failure, InputRecord
from newstrace.watch.fetch import MAX_PAGE_BYTES, Fetcher, FetchError, FetchRefused
from newstrace.watch.state import Entry


def entry_location(entry: Entry) -> str:
    """Where an entry's article comes from, for reports and the ``failures`` table: its link, else
    ``FEED#KEY``."""
    return entry.link or f"{entry.feed_url}#{entry.key}"


def entry_record(entry: Entry, fetcher: Fetcher, max_bytes: int = MAX_PAGE_BYTES) -> tuple[InputRecord | Failure, bool]:
    """The record for ``entry``, and whether a failure is worth trying again later (the page could not be
    fetched and the entry has no text of its own; a page with no article in it is not retried)."""
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
                return rec, False
            problem = rec.reason
    else:
        problem = "the entry has no link to an article page"
    if entry.fallback:
        return InputRecord(
            text=entry.fallback, id=entry.key, published=entry.published, source=entry.source, url=entry.link,
            title=entry.title, location=location,
        ), False
    reason = f"{problem}; the feed entry has no text of its own to fall back on"
    return Failure(location=location, reason=reason, id=entry.key), transient
