"""Response bodies under a size cap: decoded while streaming, spooled to disk, never whole in memory.

Content-Encoding is decoded here rather than by httpx so the cap applies to every decompression step: httpx inflates
a whole network chunk at once, and a 64 KB chunk of a gzip bomb is 64 MB of output. Bodies past `SPOOL_BYTES` go to
a temporary file, so a 20 MB page costs a little memory however large the cap is set.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

SPOOL_BYTES = 1024 * 1024
STEP_BYTES = 256 * 1024


def describe_size(count: int) -> str:
    return f"{count / 1_048_576:g} MB" if count >= 1_048_576 else f"{count / 1024:.0f} KB"


class BodyTooLarge(Exception):
    """The decoded body went past the cap; `size` is how much had been read when reading stopped."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class TruncatedBody(Exception):
    """A compressed body that ended before its compressed stream did."""


class _Inflater:
    """gzip or zlib/raw deflate, member after member, never producing more than asked for in one step."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._new()

    def _new(self) -> None:
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS if self.encoding == "gzip" else zlib.MAX_WBITS)
        self._raw_deflate_checked = self.encoding == "gzip"

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            if not self._raw_deflate_checked:
                # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate.
                self._raw_deflate_checked = True
                try:
                    zlib.decompressobj().decompress(data[:2])
                except zlib.error:
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(data, STEP_BYTES)
            if out:
                yield out
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                rest = self._zlib.unused_data
                if rest.strip(b"\x00"):
                    self._new()
                    data = rest

    @property
    def complete(self) -> bool:
        return self._zlib.eof


def decode_stream(chunks: Iterable[bytes], encoding: str | None) -> Iterator[bytes]:
    """Decoded body pieces of a raw stream; raises TruncatedBody when a compressed stream stops early."""
    codec = (encoding or "identity").strip().lower()
    if codec not in ("gzip", "x-gzip", "deflate"):
        yield from chunks
        return
    inflater = _Inflater("gzip" if codec in ("gzip", "x-gzip") else "deflate")
    seen = False
    for chunk in chunks:
        seen = seen or bool(chunk)
        yield from inflater.feed(chunk)
    if seen and not inflater.complete:
        raise TruncatedBody()


def spool(pieces: Iterable[bytes], max_bytes: int, sink: IO[bytes]) -> int:
    """Copy pieces into `sink` up to `max_bytes`; raises BodyTooLarge past it. Returns the size written."""
    size = 0
    for piece in pieces:
        if size + len(piece) > max_bytes:
            sink.write(piece[: max_bytes - size])
            raise BodyTooLarge(max_bytes)
        sink.write(piece)
        size += len(piece)
    return size


def new_spool() -> tempfile.SpooledTemporaryFile[bytes]:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def inflate_capped(data: bytes, max_bytes: int) -> bytes:
    """A gzip file (a `.xml.gz` sitemap) inflated, refusing output past `max_bytes`."""
    with new_spool() as sink:
        spool(decode_stream([data], "gzip"), max_bytes, sink)
        sink.seek(0)
        return sink.read()
