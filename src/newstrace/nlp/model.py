"""Loading the spaCy pipeline: once per process, by name or path, with the gazetteer component added."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from newstrace import config
from newstrace.errors import ModelNotFound
from newstrace.nlp.ruler import COMPONENT


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy pipeline ``name`` (a package or a path; default :func:`newstrace.config.model_name`).

    Raises :class:`~newstrace.errors.ModelNotFound`, naming the install command, when it is missing.
    """
    name = config.model_name(name)
    if not spacy.util.is_package(name) and not Path(name).exists():
        raise ModelNotFound(name)
    nlp = spacy.load(name)
    if COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="ner" if "ner" in nlp.pipe_names else None)
    return nlp
