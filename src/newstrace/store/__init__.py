"""The corpus store: analyzed articles in SQLite, kept across runs (``from newstrace.store import Corpus``)."""

from newstrace.store.corpus import DEFAULT_DB, Corpus
from newstrace.store.db import open_db
from newstrace.store.ingest import IngestReport, Observer

__all__ = ["DEFAULT_DB", "Corpus", "IngestReport", "Observer", "open_db"]
