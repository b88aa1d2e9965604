"""The HTML pages: thin handlers that build a view (:mod:`newstrace.web.views`) and render its template."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from newstrace.web.article import KIND_TITLES, article_page
from newstrace.web.rendering import render
from newstrace.web.service import CorpusService
from newstrace.web.views import (
    StorySort,
    all_outlets,
    entity_page,
    entity_rows,
    entity_types,
    hits,
    story_page,
    story_rows,
)

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
SEARCH_LIMIT = 100
_SPAN = re.compile(r"(\d+)-(\d+)")
Status = Literal["differs", "updated", "corroborated", "single_source"]


def service(request: Request) -> CorpusService:
    svc: CorpusService = request.app.state.service
    return svc


@router.get("/")
@router.get("/stories")
def stories(
    request: Request,
    q: str | None = None,
    outlet: str | None = None,
    differs: bool = False,
    min_sources: str = "",
    sort: StorySort = "sources",
) -> HTMLResponse:
    """``min_sources``: a whole number; left empty, no minimum (a form field the reader cleared)."""
    minimum = _whole_number(min_sources, "Min. sources")
    snap = service(request).snapshot()
    rows = story_rows(snap, q, outlet, differs, minimum, sort)
    return render(request, "stories.html", {
        "rows": rows, "total": len(snap.summaries), "outlets": all_outlets(snap), "articles": len(snap.articles),
        "q": q or "", "outlet": outlet or "", "differs": differs, "min_sources": minimum, "sort": sort,
    })


@router.get("/stories/{story_id}")
def story(
    request: Request,
    story_id: str,
    status: Status | None = None,
    outlet: Annotated[list[str] | None, Query()] = None,
    layout: Literal["matrix", "list"] | None = None,
) -> HTMLResponse:
    page = story_page(service(request).snapshot(), story_id, status, outlet or (), layout)
    if page is None:
        raise HTTPException(404, f"There is no story {story_id!r} in this corpus (story ids change when the "
                                 f"corpus changes: start from the list of stories).")
    return render(request, "story.html", {"page": page, "status": status or ""})


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str, mark: str | None = None) -> HTMLResponse:
    svc = service(request)
    analysis = svc.corpus.analysis(article_id)
    if analysis is None:
        raise HTTPException(404, f"There is no article {article_id!r} in this corpus.")
    span = _SPAN.fullmatch(mark or "")
    target = (int(span.group(1)), int(span.group(2))) if span else None
    page = article_page(svc.snapshot(), analysis, target)
    return render(request, "article.html", {"page": page, "kind_titles": KIND_TITLES})


@router.get("/entities")
def entities(request: Request, q: str | None = None, type: str | None = None) -> HTMLResponse:
    snap = service(request).snapshot()
    return render(request, "entities.html", {
        "rows": entity_rows(snap, q, type), "types": entity_types(snap), "q": q or "", "type": type or "",
    })


@router.get("/entities/{entity_id}")
def entity(request: Request, entity_id: str) -> HTMLResponse:
    page = entity_page(service(request).snapshot(), entity_id)
    if page is None:
        raise HTTPException(404, f"There is no entity {entity_id!r} in this corpus (entity ids change when the "
                                 f"corpus changes: find it again under People and organisations).")
    return render(request, "entity.html", {"page": page})


@router.get("/search")
def search(request: Request, q: str = "") -> HTMLResponse:
    svc = service(request)
    found = hits(svc.corpus.search(q, limit=SEARCH_LIMIT)) if q.strip() else []
    names = entity_rows(svc.snapshot(), q)[:12] if q.strip() else []
    return render(request, "search.html", {"q": q, "hits": found, "entities": names, "limit": SEARCH_LIMIT})


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The JSON API, listed from its OpenAPI document (served offline, unlike Swagger UI)."""
    spec = request.app.openapi()
    endpoints: list[dict[str, Any]] = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {"name": p.get("name", ""), "in": p.get("in", ""), "required": bool(p.get("required")),
                 "type": _type_name(p.get("schema", {})), "description": p.get("description", "")}
                for p in op.get("parameters", [])
            ]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "params": params})
    return render(request, "docs.html", {"endpoints": endpoints, "info": spec.get("info", {})})


def _whole_number(text: str, label: str) -> int:
    text = text.strip()
    if not text:
        return 0
    if not text.isdigit():
        raise HTTPException(400, f"{label} must be a whole number, 0 or more (not “{text}”).")
    return int(text)


def _type_name(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type_name(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", ""))
