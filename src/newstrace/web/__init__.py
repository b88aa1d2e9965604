"""The local web UI over a corpus database: ``newstrace serve`` (``create_app(db_path)`` for ASGI servers).

Server-rendered pages (Jinja2, autoescaped) and a JSON API over :class:`newstrace.corpus.Corpus`, opened
read-only, and the cross-article comparison of :func:`newstrace.link.compare.compare`, computed once and
recomputed when the database changes. Nothing on a page is fetched from outside the server.
"""

from newstrace.web.app import create_app

__all__ = ["create_app"]
