"""The JSON API: the same data as the pages, for scripts (``/api/...``; listed at ``/docs``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from newstrace.web.article import article_page
from newstrace.web.service import CorpusService
from newstrace.web.views import StorySort, entity_page, entity_rows, story_page, story_rows

router = APIRouter(prefix="/api", tags=["api"])
SEARCH_LIMIT = 100


def _service(request: Request) -> CorpusService:
    svc: CorpusService = request.app.state.service
    return svc


@router.get("/stories", summary="Stories, with their sources and how many claims differ")
def stories(
    request: Request,
    q: Annotated[str | None, Query(description="Words in the title, an outlet or an entity's name")] = None,
    outlet: Annotated[str | None, Query(description="Only stories this outlet covers")] = None,
    differs: Annotated[bool, Query(description="Only stories with differing claims")] = False,
    min_sources: Annotated[int, Query(ge=0, description="At least this many independent sources")] = 0,
    sort: Annotated[StorySort, Query(description="sources, date (latest first) or differs")] = "sources",
) -> dict[str, Any]:
    """Each story: id, title, first and last publication date, its articles and outlets, the number of
    independent sources (copies count as their original), counts of claim groups by status, top entities."""
    snap = _service(request).snapshot()
    return {"stories": [s.to_dict() for s in story_rows(snap, q, outlet, differs, min_sources, sort)]}


@router.get("/stories/{story_id}", summary="One story: articles, entities, claims, citations, timeline")
def story(request: Request, story_id: str) -> dict[str, Any]:
    """The comparison of one story in the "newstrace compare" JSON shape, with the story's summary; each
    figure group lists differing_members, the indexes of the values that disagree with the
    best-supported one."""
    snap = _service(request).snapshot()
    page = story_page(snap, story_id)
    if page is None:
        raise HTTPException(404, f"no story {story_id!r}")
    out = snap.comparison.story(story_id).to_dict()
    out["summary"] = page.summary.to_dict()
    odd = {r.claim.id: [i for i, v in enumerate(r.values) if v.differs] for r in page.figures}
    for c in out["claims"]:
        c["differing_members"] = odd.get(c["id"], [])
    return out


@router.get("/articles/{article_id:path}", summary="One article's analysis: text, entities, quotes, figures, dates")
def article(request: Request, article_id: str) -> dict[str, Any]:
    """The stored analysis record (the "newstrace analyze" JSON shape), with its story, the article it is a
    copy of, and the citations found in it."""
    svc = _service(request)
    analysis = svc.corpus.analysis(article_id)
    if analysis is None:
        raise HTTPException(404, f"no article {article_id!r}")
    snap = svc.snapshot()
    out = article_page(snap, analysis).to_dict()
    out["citations"] = [c.to_dict() for c in snap.citations.get(analysis.id, [])]
    return out


@router.get("/entities", summary="People, organisations and places across articles")
def entities(
    request: Request,
    q: Annotated[str | None, Query(description="Words in any of its names")] = None,
    type: Annotated[str | None, Query(description="PERSON, ORG, GPE, LOC, ...")] = None,
) -> dict[str, Any]:
    snap = _service(request).snapshot()
    return {"entities": [e.to_dict() for e in entity_rows(snap, q, type)]}


@router.get("/entities/{entity_id}", summary="Everything said by and about one entity, with its aliases")
def entity(request: Request, entity_id: str) -> dict[str, Any]:
    """The entity (names, aliases, roles, mentions), its stories, what it said (statement groups across
    outlets) and the sentences that mention it."""
    page = entity_page(_service(request).snapshot(), entity_id)
    if page is None:
        raise HTTPException(404, f"no entity {entity_id!r}")
    return page.to_dict()


@router.get("/search", summary="Full-text search over articles and quotes")
def search(
    request: Request,
    q: Annotated[str, Query(description='Every word must occur; "a phrase" in quotes')],
    limit: Annotated[int, Query(ge=1, le=1000)] = SEARCH_LIMIT,
) -> dict[str, Any]:
    """Hits, best first: kind (article or quote), article_id, title, outlet, published, speaker, and a
    snippet with the matching words in [brackets]."""
    return {"query": q, "hits": _service(request).corpus.search(q, limit=limit)}


@router.get("/stats", summary="Row counts of the corpus")
def stats(request: Request) -> dict[str, Any]:
    svc = _service(request)
    return {"database": svc.path.name, "counts": svc.corpus.stats(), "readonly": svc.corpus.readonly}


__all__ = ["router"]
