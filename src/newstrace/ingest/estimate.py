"""A cheap estimate of how many records an input holds, for the progress bar's ETA.

Nothing is parsed: JSON Lines files count their lines, feeds their ``<item>``/``<entry>`` tags,
WARC archives their HTML response records (headers only), and any other file counts one. Stdin cannot be
read twice, so an input list with ``-`` has no estimate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newstrace.ingest.detect import HEAD_BYTES, InputFormat, detect_format
from newstrace.ingest.readers import folder_files

_ENTRY = re.compile(rb"<(?:item|entry)[\s>]", re.I)
_CHUNK = 2**20


def estimate_records(paths: Iterable[str | Path], fmt: InputFormat | str = InputFormat.auto) -> int | None:
    """About how many records ``read_inputs(paths, fmt=fmt)`` will yield; None when it cannot be told."""
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        p = Path(path)
        files = folder_files(p) if p.is_dir() else [p]
        for f in files:
            total += _count_file(f, InputFormat(fmt))
    return total


def _count_file(path: Path, fmt: InputFormat) -> int:
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
            kind = detect_format(head, path.name) if fmt is InputFormat.auto else fmt
            if kind is InputFormat.jsonl:
                stream.seek(0)
                lines, last = 0, b""
                while chunk := stream.read(_CHUNK):
                    lines, last = lines + chunk.count(b"\n"), chunk
                return lines + (not last.endswith(b"\n"))
            if kind is InputFormat.rss:
                return max(1, len(_ENTRY.findall(head + stream.read())))
            if kind is InputFormat.warc:
                stream.seek(0)
                return max(1, sum(1 for r in ArchiveIterator(stream) if _is_html_response(r)))
    except (OSError, ArchiveLoadFailed):
        return 1
    return 1


def _is_html_response(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    return getattr(record, "rec_type", None) == "response" and http is not None and (
        "html" in (http.get_header("Content-Type") or "").lower()
    )
