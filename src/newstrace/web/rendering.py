"""The Jinja2 environment of the pages (autoescape on for every template) and ``render``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from newstrace.extract.timewords import time_words
from newstrace.web.format import STATUS_LABELS, number, value_label
from newstrace.web.urls import article_url, entity_url, record_anchor, search_url, story_url


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newstrace.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        article_url=article_url, entity_url=entity_url, story_url=story_url, search_url=search_url,
        record_anchor=record_anchor, status_labels=STATUS_LABELS,
    )
    env.filters.update(number=number, value_label=value_label, date_words=time_words)
    return env


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    """The page ``name`` rendered with ``context`` (plus ``request`` and the corpus' ``corpus_name``)."""
    service = request.app.state.service
    html = environment().get_template(name).render(
        request=request, corpus_name=service.path.name, nav=name.split(".")[0], **context
    )
    return HTMLResponse(html, status_code=status_code)
