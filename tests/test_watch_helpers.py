"""A news site on 127.0.0.1 for the watch tests: feeds and article pages whose content the test changes
between rounds, with ETag / Last-Modified and 304 answers, misbehaving paths, and a webhook receiver.

No tests here; the ``test_watch_*`` modules import it (pytest puts ``tests/`` on ``sys.path``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# --- the articles: one invented event (a ferry fire in Genoa) told by three outlets, and an unrelated story ---

HARBOUR_1 = (
    "GENOA — At least 14 crew members were injured when a fire broke out aboard the ferry Ligurian Star in the "
    "Port of Genoa on Monday, the port authority said.",
    "The blaze started in the engine room shortly after dawn and was brought under control by midday.",
    "Port authority spokesperson Giulia Ferraro said the ferry had arrived from Barcelona overnight.",
    "Fire chief Marco Bellini praised the crews who fought the fire from the quay.",
)
COASTAL_1 = (
    "GENOA — A fire aboard the ferry Ligurian Star in the Port of Genoa on Monday left 14 crew members injured, "
    "officials said.",
    "14 crew members were injured, the port authority said.",
    "Giulia Ferraro, a spokesperson for the port authority, said the fire began in the engine room.",
    "Fire chief Marco Bellini said the ferry had arrived from Barcelona.",
)
COASTAL_2 = (
    "The city council of Leeds approved a new budget for public libraries on Monday.",
    "Councillor Sarah Whitfield said the plan would keep every branch open.",
    "The budget adds 12 librarians across the city, the council said.",
    "Opposition members said the plan came too late.",
)
RIVIERA_1 = (
    "GENOA — Investigators began examining the ferry Ligurian Star in the Port of Genoa on Tuesday, a day after "
    "a fire broke out in its engine room.",
    "11 crew members were injured, the port authority said.",
    "The ferry will stay in Genoa for inspection, and its next crossing to Barcelona has been cancelled.",
)


def page(title: str, site: str, paragraphs: tuple[str, ...]) -> bytes:
    """An article page with navigation and a footer around the article, as news sites have."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)} | {escape(site)}</title>"
        f"<meta property='og:site_name' content='{escape(site)}'></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>© 2026 {escape(site)}. All rights reserved. <a href='/privacy'>Privacy</a></footer>"
        f"</body></html>"
    ).encode()


@dataclass
class Item:
    guid: str
    title: str
    link: str
    published: datetime
    summary: str | None = None


def rss(title: str, items: list[Item]) -> bytes:
    out = [f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
           "<link>http://127.0.0.1/</link><description>news</description>"]
    for it in items:
        out.append(f"<item><guid isPermaLink='false'>{escape(it.guid)}</guid><title>{escape(it.title)}</title>"
                   f"<link>{escape(it.link)}</link><pubDate>{format_datetime(it.published)}</pubDate>")
        if it.summary:
            out.append(f"<description>{escape(it.summary)}</description>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def atom(title: str, items: list[Item]) -> bytes:
    out = [f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
           f"<title>{escape(title)}</title><id>urn:feed:{escape(title)}</id><updated>2026-05-11T12:00:00Z</updated>"]
    for it in items:
        out.append(f"<entry><id>{escape(it.guid)}</id><title>{escape(it.title)}</title>"
                   f"<link href='{escape(it.link)}'/><updated>{it.published.isoformat()}</updated>")
        if it.summary:
            out.append(f"<summary>{escape(it.summary)}</summary>")
        out.append("</entry>")
    out.append("</feed>")
    return "".join(out).encode()


MONDAY = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)

# --- the server ----------------------------------------------------------------------------------------------


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    status: int = 0


@dataclass
class Site:
    """What the server serves; change it between rounds. ``behaviour[path]``: ``500``, ``404``, ``slow`` (waits
    for ``release``), ``loop`` (redirects to itself), ``huge`` (a body of ``huge_size`` bytes), ``chunked``
    (the same, without a Content-Length), ``hold`` (sets ``held``, waits for ``proceed``, then answers),
    ``trickle`` (headers a byte every ``trickle_gap`` s), ``gzip-bomb`` (``bomb`` sent as
    ``Content-Encoding: gzip, gzip``), ``redirect:URL``."""

    pages: dict[str, tuple[bytes, str, datetime]] = field(default_factory=dict)
    behaviour: dict[str, str] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    posts: list[Any] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)  #: a ``hold`` path was asked for
    proceed: threading.Event = field(default_factory=threading.Event)  #: let ``hold`` paths answer
    huge_size: int = 200_000
    trickle_gap: float = 0.05  #: seconds between two bytes of a ``trickle`` answer
    bomb: bytes = b""  #: the body of a ``gzip-bomb`` answer (:func:`gzip_bomb`)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base: str = ""

    def put(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
            modified: datetime | None = None) -> None:
        with self.lock:
            n = len(self.pages)
            self.pages[path] = (body, content_type, modified or MONDAY + timedelta(minutes=n))

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str, method: str = "GET") -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path and h.method == method]

    def paths(self) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits if h.method == "GET"]


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped twice: a few KB."""
    return gzip.compress(gzip.compress(b"\0" * size, compresslevel=9), compresslevel=9)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.hit.status = status
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def do_POST(self) -> None:
            self.hit = Hit("POST", self.path, dict(self.headers.items()))
            with site.lock:
                site.hits.append(self.hit)
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            behaviour = site.behaviour.get(self.path)
            if behaviour == "500":
                self._answer(500)
                return
            with site.lock:
                site.posts.append(json.loads(data))
            self._answer(204)

        def do_GET(self) -> None:
            self.hit = Hit("GET", self.path, dict(self.headers.items()))
            with site.lock:
                site.hits.append(self.hit)
                behaviour = site.behaviour.get(self.path)
                found = site.pages.get(self.path)
            if behaviour == "hold":  # answer normally, once the test says so
                site.held.set()
                site.proceed.wait(30)
                behaviour = None
            if behaviour == "500":
                self._answer(500, b"Internal Server Error")
            elif behaviour == "404":
                self._answer(404, b"Not Found")
            elif behaviour == "slow":
                site.release.wait(10)
                self._answer(504)
            elif behaviour == "loop":
                self._answer(302, headers={"Location": self.path})
            elif behaviour == "chunked":  # no Content-Length: the size is only known while reading
                self.hit.status = 200
                self.send_response(200)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"x" * 4096
                for _ in range(site.huge_size // len(chunk)):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            elif behaviour == "trickle":  # headers a byte at a time: each read is quick, the whole is not
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Padding: " + b"x" * 40 + b"\r\n"
                for byte in head:
                    if site.release.wait(site.trickle_gap):
                        return
                    self.wfile.write(bytes([byte]))
                self.wfile.write(b"Content-Length: 2\r\n\r\nok")
            elif behaviour == "gzip-bomb":  # gzip inside gzip: a few KB that inflate to bomb_size bytes
                self._answer(200, site.bomb,
                             {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip, gzip"})
            elif behaviour and behaviour.startswith("redirect:"):
                self._answer(302, headers={"Location": behaviour.removeprefix("redirect:")})
            elif behaviour == "huge":
                self._answer(200, b"<rss>" + b" " * site.huge_size, {"Content-Type": "application/rss+xml"})
            elif found is None:
                self._answer(404, b"Not Found")
            else:
                body, content_type, modified = found
                etag = etag_of(body)
                validators = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
                if self.headers.get("If-None-Match"):
                    fresh = self.headers["If-None-Match"] == etag
                elif since := self.headers.get("If-Modified-Since"):
                    fresh = parsedate_to_datetime(since) >= modified.replace(microsecond=0)
                else:
                    fresh = False
                if fresh:
                    self._answer(304, headers=validators)
                else:
                    self._answer(200, body, {"Content-Type": content_type, **validators})

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout, a redirect loop) resets the connection: expected here


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; ``site.base`` is its http://127.0.0.1:PORT."""
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        site.proceed.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


class FakeClock:
    """A clock for backoff and rate limits: ``sleep`` moves time on at once and is recorded."""

    def __init__(self, start: float = 1_778_500_000.0) -> None:
        self.t = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds

    def advance(self, seconds: float) -> None:
        self.t += seconds
