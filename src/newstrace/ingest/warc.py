"""Web archives (WARC, plain or gzipped, via warcio): one article per successful HTML response record.

Request, metadata and warcinfo records, non-HTML responses (images, scripts, PDFs) and error pages
(non-2xx) are not articles and are passed over. Locations are ``FILE@OFFSET``, the record's byte offset.
A damaged archive gives a :class:`Failure` at the last record read; the records before the damage count.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newstrace import config
from newstrace.ingest.html import record_from_html
from newstrace.records import Failure, InputRecord


def read_warc(stream: IO[bytes], location: str) -> Iterator[InputRecord | Failure]:
    """Records for the HTML pages archived in the WARC ``stream``, read record by record."""
    records = ArchiveIterator(stream)
    limit = config.max_chars() * 4
    where = f"{location}@0"
    try:
        for record in records:
            if record.rec_type != "response" or not _is_ok_html(record):
                continue
            payload = record.content_stream().read(limit + 1)
            # warcio knows a record's offset only once the record has been read
            where = f"{location}@{records.get_record_offset()}"
            if len(payload) > limit:
                yield Failure(location=where, reason=f"the archived page is over the size limit of {limit:,} bytes")
                continue
            yield record_from_html(payload, where, url=record.rec_headers.get_header("WARC-Target-URI"))
    except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as err:
        yield Failure(location=where, reason=f"cannot read the WARC archive after this record: {err}")


def _is_ok_html(record: Any) -> bool:
    """A 2xx HTTP response whose Content-Type says HTML (text/html, application/xhtml+xml)."""
    http = record.http_headers
    if http is None or not str(http.get_statuscode() or "").startswith("2"):
        return False
    return "html" in (http.get_header("Content-Type") or "").lower()
