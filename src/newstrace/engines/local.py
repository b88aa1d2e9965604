"""The local engine: ``read_inputs`` then :func:`newstrace.pipeline.analyze_records`, on this machine."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from newstrace.engines.base import Located, Prepare, Progress, ProgressCallback
from newstrace.ingest.detect import InputFormat
from newstrace.ingest.readers import Item, read_inputs
from newstrace.pipeline import BATCH_SIZE, analyze_records
from newstrace.records import Failure


def analyze_local(
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    model: str | None = None,
    on_progress: ProgressCallback | None = None,
    prepare: Prepare | None = None,
    batch_size: int = BATCH_SIZE,
    fmt: InputFormat | str = InputFormat.auto,
) -> Iterator[Located]:
    """Each result for the records in ``paths`` with its record's location, in input order, over ``workers``
    processes."""
    locations: deque[str | None] = deque()  # of the items sent to analysis: one result each, in order

    def items() -> Iterator[Item]:
        for item in read_inputs(paths, fmt=fmt):
            if prepare is not None:
                item = prepare(item)
            locations.append(item.location)
            yield item

    failed = 0
    results = analyze_records(items(), model=model, workers=workers, batch_size=batch_size)
    for n, result in enumerate(results, 1):
        failed += isinstance(result, Failure)
        if on_progress is not None:
            on_progress(Progress(records=n, failed=failed, workers=workers))
        yield result, locations.popleft()
