"""``create_app(db_path)``: the FastAPI application of the web UI (pages, JSON API, offline API docs).

Security: the database is opened read-only; every string from an article is escaped by the templates
(autoescape on); pages load nothing from outside the server, which the Content-Security-Policy header also
enforces (no inline script, no external source); with ``allowed_hosts`` (``newstrace serve`` passes the
loopback names when bound to loopback) requests for other host names are refused, so a web page elsewhere
cannot read the corpus through DNS rebinding.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newstrace.about import __version__
from newstrace.web.api import router as api_router
from newstrace.web.pages import router as pages_router
from newstrace.web.rendering import render
from newstrace.web.service import CorpusService

STATIC = Path(__file__).parent / "static"

#: Sent with every response: nothing from elsewhere, no inline script or style, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

#: The host names a loopback-bound server answers to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(db_path: str | Path, *, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The web UI over the corpus at ``db_path`` (opened read-only now, so a bad path fails here).

    ``allowed_hosts``: answer only requests whose Host header is one of these (None: any).
    Raises :class:`newstrace.errors.StoreError` when the database cannot be opened.
    """
    service = CorpusService(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="newstrace",
        version=__version__,
        description="Structured, source-attributed facts from news articles, compared across outlets: "
                    "stories, claim groups (corroborated, differs, single source), entities, quotes, search.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN; /docs is served offline by pages.docs
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    if allowed_hosts is not None:  # added first, so that it runs inside security_headers: its 400 has them too
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/openapi.json", "/static/")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        """A form or link with a value the page does not take: a page that says which and why (the API keeps
        FastAPI's JSON 422)."""
        if request.url.path.startswith(("/api/", "/openapi.json", "/static/")):
            return await request_validation_exception_handler(request, exc)
        return render(request, "error.html", {"status": 400, "detail": form_errors(exc)}, status_code=400)

    return app


#: How the pages' query parameters are called on their forms.
FIELD_LABELS = {"min_sources": "Min. sources", "sort": "Sort", "status": "Show", "outlet": "Outlet",
                "layout": "Layout", "differs": "with differing claims", "mark": "mark", "q": "Words"}


def form_errors(exc: RequestValidationError) -> str:
    """The validation errors in words: "Sort: Input should be 'sources', 'date' or 'differs' (not “x”)."""
    parts = []
    for err in exc.errors():
        name = str(err.get("loc", ("", ""))[-1])
        given = err.get("input")
        shown = f" (not “{given}”)" if isinstance(given, str) else ""
        parts.append(f"{FIELD_LABELS.get(name, name)}: {err.get('msg', 'not valid')}{shown}.")
    return " ".join(parts) or "The request is not valid."


__all__ = ["LOOPBACK_HOSTS", "create_app"]
