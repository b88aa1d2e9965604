"""Undoing ``Content-Encoding`` in bounded steps, so a compression bomb stops at the size limit.

httpx decodes each raw chunk in one call, whatever it expands to: a 1.8 KB body sent as
``Content-Encoding: gzip, gzip`` becomes gigabytes in memory before the size check sees the first chunk.
Here every decoder gives out at most :data:`STEP` bytes at a time (``zlib``'s ``max_length``), the stages are
chained lazily (the last encoding applied is undone first), and the caller stops reading at its limit — so
memory stays within the limit plus a few steps, however the encodings are stacked.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

#: The most bytes one decoding step gives out.
STEP = 64 * 1024
#: What the watcher asks servers for: what :func:`decode` can undo.
ACCEPT_ENCODING = "gzip, deflate"


class UnsupportedEncoding(ValueError):
    """A ``Content-Encoding`` this module cannot undo."""


class DecodingFailed(ValueError):
    """A body that is not valid for its ``Content-Encoding``."""


def encodings(header: str | None) -> list[str]:
    """The encodings of a ``Content-Encoding`` header, in the order they were applied (``identity`` dropped)."""
    if not header:
        return []
    names = [name.strip().lower() for name in header.split(",")]
    return [name for name in names if name and name != "identity"]


def decode(chunks: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The decoded body, in pieces of at most :data:`STEP` bytes; :class:`UnsupportedEncoding` for an
    encoding other than gzip and deflate (``x-gzip`` is gzip), :class:`DecodingFailed` for a corrupt body."""
    stream: Iterable[bytes] = chunks
    for name in reversed(encodings(content_encoding)):
        if name in ("gzip", "x-gzip"):
            stream = _inflate(stream, zlib.MAX_WBITS | 16)
        elif name == "deflate":
            stream = _inflate(stream, zlib.MAX_WBITS, raw_fallback=True)
        else:
            raise UnsupportedEncoding(name)
    for piece in stream:
        if piece:
            yield piece


def _inflate(chunks: Iterable[bytes], wbits: int, raw_fallback: bool = False) -> Iterator[bytes]:
    d = zlib.decompressobj(wbits)
    first = True
    try:
        for chunk in chunks:
            if first and raw_fallback and chunk:
                first = False
                try:  # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate
                    zlib.decompressobj(wbits).decompress(chunk[:64], 1)
                except zlib.error:
                    d = zlib.decompressobj(-zlib.MAX_WBITS)
            data = chunk
            while data:
                out = d.decompress(data, STEP)
                data = d.unconsumed_tail
                yield out
        yield d.flush()  # all input is consumed: what is left is at most a window (32 KiB)
    except zlib.error as err:
        raise DecodingFailed(str(err)) from None
