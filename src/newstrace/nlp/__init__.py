"""The NLP stage: the spaCy pipeline, loaded once, with newstrace's gazetteer component added."""

from newstrace.nlp.model import load_pipeline

__all__ = ["load_pipeline"]
