"""Linking on a Dask cluster: the stories of a corpus linked as tasks, each task reading its stories' articles
from the corpus file itself (so only story ids travel to the workers, and links come back).

The workers must be able to open the database file at the same path (a local cluster, or a cluster sharing
the file system); the links are stored by the process that asked, exactly as a local link stores them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newstrace.corpus.links import Job, Linker
from newstrace.link.story_link import StoryLink, link_story
from newstrace.records import Analysis
from newstrace.store.db import open_db

STORIES_PER_TASK = 32  #: stories linked by one task
_log = logging.getLogger(__name__)


def link_task(part: tuple[str, list[Job]]) -> list[dict[str, object]]:
    """On a worker: link the stories of ``part`` (the database path and the jobs), reading their articles."""
    import json

    path, jobs = part
    conn = open_db(Path(path), readonly=True)
    try:
        out = []
        for sid, ids, duplicates, sources in jobs:
            analyses = []
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for row in conn.execute(
                    f"SELECT text, analysis FROM articles WHERE id IN ({', '.join('?' * len(chunk))}) ORDER BY pk",
                    chunk,
                ):
                    d = json.loads(row["analysis"])
                    d["text"] = row["text"]
                    analyses.append(Analysis.from_dict(d))
            out.append(link_story(sid, analyses, duplicates, sources).to_dict())
        return out
    finally:
        conn.close()


@contextmanager
def dask_linker(path: Path, scheduler: str | None, workers: int) -> Iterator[Linker]:
    """A :data:`~newstrace.corpus.links.Linker` that runs on the cluster at ``scheduler`` (or on a local
    cluster of ``workers`` processes made for the run)."""
    from newstrace.engines.dask import dask_client, map_partitions

    with dask_client(scheduler, workers, dashboard_address=None) as client:

        def linker(jobs: list[Job]) -> Iterator[StoryLink]:
            parts = [(str(path), jobs[i : i + STORIES_PER_TASK]) for i in range(0, len(jobs), STORIES_PER_TASK)]
            for outcome in map_partitions(link_task, parts, client=client, ordered=True, name="newstrace-link"):
                if outcome.error is not None:  # those stories stay marked, to be linked again (logged)
                    _log.error("stories %s could not be linked on the cluster: %s",
                               ", ".join(j[0] for j in outcome.part[1]), outcome.error)
                    continue
                assert outcome.result is not None
                yield from (StoryLink.from_dict(d) for d in outcome.result)

        yield linker
