"""The corpus: the store filled by the analysis (``from newstrace.corpus import Corpus``).

Above the store (:mod:`newstrace.store`, storage only), the pipeline, the engines and linking: ingest runs
the analysis and writes the rows (:mod:`newstrace.corpus.ingest`), near-duplicates are found as articles
arrive (:mod:`newstrace.corpus.duplicates`) and each joins a story in the story index
(:mod:`newstrace.corpus.story_index`).
"""

from newstrace.corpus.corpus import DEFAULT_DB, Corpus
from newstrace.corpus.ingest import IngestReport, Observer

__all__ = ["DEFAULT_DB", "Corpus", "IngestReport", "Observer"]
