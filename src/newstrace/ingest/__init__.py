"""The ingest stage: read input records from files, folders and stdin, keeping every failure."""

from newstrace.ingest.readers import read_inputs

__all__ = ["read_inputs"]
