"""The corpus store: analyzed articles in SQLite, kept across runs — storage only (the database, its schema,
rows, queries, export and the kept stories). :class:`newstrace.corpus.Corpus` runs the analysis and fills it."""

from newstrace.store.db import open_db

__all__ = ["open_db"]
