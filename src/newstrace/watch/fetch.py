"""Fetching feeds and article pages politely and defensively (httpx).

- conditional requests: the validators of the last answer (``ETag``, ``Last-Modified``) go out as
  ``If-None-Match`` / ``If-Modified-Since``, and a ``304 Not Modified`` costs no body;
- a per-host rate limit: requests to one host start at least ``host_interval`` seconds apart;
- one deadline per request: ``timeout`` bounds the whole request — connecting, redirects, headers and body
  (each socket wait ends at the deadline, so headers trickled in a byte at a time are cut off too);
- a maximum body size, checked against ``Content-Length`` and again while reading, after decompression,
  which is done here in bounded steps (:mod:`newstrace.watch.decoding`: ``gzip, gzip`` bombs stop at the
  limit);
- at most ``max_redirects`` redirects (a redirect loop ends there);
- only public addresses, unless a host is allowed (:mod:`newstrace.watch.guard`: no SSRF through entry links
  or redirects, checked on the address connected to).

Every way a fetch can fail becomes a :class:`FetchError` with a readable reason; nothing else is raised.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from newstrace.about import __version__
from newstrace.watch.clock import Clock, SystemClock
from newstrace.watch.decoding import ACCEPT_ENCODING, DecodingFailed, UnsupportedEncoding, decode
from newstrace.watch.guard import AddressPolicy, AddressRefused, GuardedBackend, guarded_transport

USER_AGENT = f"newstrace/{__version__} (news watcher; +https://github.com/newstrace/newstrace)"
DEFAULT_TIMEOUT = 20.0
#: Seconds between two requests to one host.
DEFAULT_HOST_INTERVAL = 1.0
MAX_REDIRECTS = 5
MAX_FEED_BYTES = 10_000_000
MAX_PAGE_BYTES = 5_000_000


class FetchError(Exception):
    """A fetch that failed; ``reason`` says why, ``retry_after`` is the server's ``Retry-After`` in seconds."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class FetchRefused(FetchError):
    """A fetch not made: the URL (or a redirect) leads to an address that is not public and not allowed.
    Not worth retrying."""


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version it sent; sent back to ask "has it changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        h = {}
        if self.etag:
            h["If-None-Match"] = self.etag
        if self.last_modified:
            h["If-Modified-Since"] = self.last_modified
        return h


@dataclass(frozen=True, slots=True)
class Response:
    url: str  #: after redirects
    status: int
    body: bytes = b""
    validators: Validators = Validators()
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RateLimiter:
    """Spaces the requests to each host at least ``interval`` seconds apart (waits with ``clock.sleep``)."""

    def __init__(self, interval: float, clock: Clock) -> None:
        self.interval = interval
        self.clock = clock
        self._next: dict[str, float] = {}

    def wait(self, host: str) -> None:
        now = self.clock.now()
        at = self._next.get(host, now)
        if at > now:
            self.clock.sleep(at - now)
        self._next[host] = max(at, now) + self.interval


class Fetcher:
    """An HTTP client for the watcher; use as a context manager or call :meth:`close`.

    ``allow_hosts``: host names, IP addresses or networks that may be fetched although they are not public
    (the default refuses loopback, private, link-local, multicast and reserved addresses);
    ``public_only=False`` lets every address through. :meth:`allow` adds hosts later (the watcher allows the
    hosts of the feeds the user listed). A ``transport`` given replaces the guarded one (tests).
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        host_interval: float = DEFAULT_HOST_INTERVAL,
        max_redirects: int = MAX_REDIRECTS,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
        allow_hosts: Iterable[str] = (),
        public_only: bool = True,
    ) -> None:
        self.timeout = timeout
        self.max_redirects = max_redirects
        self.limiter = RateLimiter(host_interval, clock or SystemClock())
        self.backend = GuardedBackend(AddressPolicy.allowing(allow_hosts, public_only=public_only))
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            transport=transport or guarded_transport(self.backend),
        )

    def allow(self, urls_or_hosts: Iterable[str]) -> None:
        """Let these hosts (or the hosts of these URLs) through although their addresses are not public."""
        self.backend.policy = self.backend.policy.with_hosts(_host(u) for u in urls_or_hosts)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, validators: Validators | None = None, max_bytes: int = MAX_PAGE_BYTES) -> Response:
        """GET ``url``; a 304 comes back as a :class:`Response` with ``not_modified``; failures raise
        :class:`FetchError`."""
        headers = validators.headers() if validators else {}
        self.limiter.wait(_host(url))
        with self._deadline() as deadline, self._errors(), self.client.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return Response(str(r.url), 304, b"", validators or Validators())
            if not r.is_success:
                raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".rstrip(), r.status_code,
                                 _retry_after(r.headers.get("retry-after")))
            body = self._read(r, max_bytes, deadline)
            return Response(
                str(r.url), r.status_code, body,
                Validators(r.headers.get("etag"), r.headers.get("last-modified")),
                r.headers.get("content-type"),
            )
        raise AssertionError("unreachable")  # pragma: no cover - _errors() raises or the body returns

    def _read(self, r: httpx.Response, max_bytes: int, deadline: float) -> bytes:
        declared = r.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"the answer is {int(declared):,} bytes, over the limit of {max_bytes:,}", r.status_code)
        chunks, size = [], 0
        try:
            for chunk in decode(r.iter_raw(), r.headers.get("content-encoding")):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"the answer is over the limit of {max_bytes:,} bytes", r.status_code)
                if time.monotonic() > deadline:  # the socket reads stop at the deadline; decoding is checked here
                    raise httpx.ReadTimeout("the request's deadline passed")
                chunks.append(chunk)
        except UnsupportedEncoding as err:
            raise FetchError(f"the answer is in an encoding the watcher cannot read (Content-Encoding {err})",
                             r.status_code) from None
        except DecodingFailed as err:
            raise FetchError(f"the answer's compressed body is corrupt: {err}", r.status_code) from None
        return b"".join(chunks)

    def post_json(self, url: str, payload: Any) -> int:
        """POST ``payload`` as JSON; the status code of a 2xx answer, else :class:`FetchError`."""
        with self._deadline(), self._errors():
            r = self.client.post(url, json=payload)
            if not r.is_success:
                raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".rstrip(), r.status_code)
            return r.status_code
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def _deadline(self) -> Iterator[float]:
        """The request's deadline: ``timeout`` from now, for every socket wait of the request."""
        at = time.monotonic() + self.timeout
        self.backend.deadline.at = at
        try:
            yield at
        finally:
            self.backend.deadline.at = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """httpx's exceptions as :class:`FetchError` reasons."""
        try:
            yield
        except httpx.TimeoutException:
            raise FetchError(f"timed out (no complete answer within {self.timeout:g} s)") from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.max_redirects} redirects (a redirect loop?)") from None
        except httpx.InvalidURL as err:
            raise FetchError(f"invalid URL: {err}") from None
        except httpx.ConnectError as err:
            if isinstance(err.__cause__, AddressRefused):
                raise FetchRefused(str(err)) from None
            raise FetchError(f"{type(err).__name__}: {err}") from None
        except httpx.HTTPError as err:
            raise FetchError(f"{type(err).__name__}: {err}") from None


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except httpx.InvalidURL:
        return url


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (it may be a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)
