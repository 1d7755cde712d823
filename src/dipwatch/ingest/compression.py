"""Content-Encoding (gzip, deflate, br) decoded in bounded pieces, the size cap on decoded bytes.

httpx decodes a whole network chunk at once, so a small compressed chunk can expand to
gigabytes before any size check sees it. Here the raw body is decoded piece by piece (zlib's
`max_length`, brotli's `output_buffer_limit`): no piece is larger than about PIECE bytes, and
the cap is checked after each one, so a decompression bomb is refused after reading at most
`limit + PIECE` decoded bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Iterable, Iterator

from dipwatch.ingest.http import PageError

try:  # brotli >= 1.2 can bound its output; older versions are not offered to servers
    import brotli

    _BROTLI = "output_buffer_limit" in (brotli.Decompressor.process.__doc__ or "")
    BROTLI_ERROR: type[Exception] = brotli.error
except ImportError:  # pragma: no cover - brotli is a dependency
    _BROTLI = False
    BROTLI_ERROR = zlib.error

PIECE = 65536
ACCEPT_ENCODING = "gzip, deflate, br" if _BROTLI else "gzip, deflate"


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        yield from ()


class _Zlib:
    """gzip, or deflate (zlib-wrapped, else raw deflate, as browsers accept)."""

    def __init__(self, gzip: bool):
        self._d = zlib.decompressobj(zlib.MAX_WBITS | 16 if gzip else zlib.MAX_WBITS)
        self._raw_fallback = not gzip

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._d.decompress(data, PIECE)
            except zlib.error:
                if not self._raw_fallback:
                    raise
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._d.decompress(data, PIECE)
            self._raw_fallback = self._raw_fallback and not data
            if out:
                yield out
            data = self._d.unconsumed_tail
            if self._d.eof or (not data and len(out) < PIECE):
                return

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")


class _Brotli:
    def __init__(self) -> None:
        self._d = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._d.is_finished():
            out = self._d.process(data, output_buffer_limit=PIECE)
            data = b""
            if not out:  # needs more input (or is done with this)
                return
            yield out

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")


class BoundedDecoder:
    """The decoders of a Content-Encoding header, innermost last, fed raw body bytes."""

    def __init__(self, content_encoding: str | None):
        names = [n.strip().lower() for n in (content_encoding or "").split(",") if n.strip()]
        self.names = names
        self._steps = [_step(name) for name in reversed(names)] or [_Identity()]

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded pieces of these raw bytes (each at most about PIECE bytes)."""
        return self._run(0, raw, final=False)

    def flush(self) -> Iterator[bytes]:
        """What is left at the end of the body."""
        return self._run(0, b"", final=True)

    def _run(self, i: int, data: bytes, final: bool) -> Iterator[bytes]:
        step = self._steps[i]
        try:
            for piece in step.flush() if final and not data else step.feed(data):
                if i + 1 == len(self._steps):
                    yield piece
                else:
                    yield from self._run(i + 1, piece, final=False)
        except (zlib.error, BROTLI_ERROR) as exc:
            name = self.names[len(self.names) - 1 - i]
            raise PageError(f"corrupt {name} content: {exc}") from None
        if final and i + 1 < len(self._steps):
            yield from self._run(i + 1, b"", final=True)


def _step(name: str) -> _Identity | _Zlib | _Brotli:
    if name == "identity":
        return _Identity()
    if name in ("gzip", "x-gzip"):
        return _Zlib(gzip=True)
    if name == "deflate":
        return _Zlib(gzip=False)
    if name == "br" and _BROTLI:
        return _Brotli()
    raise PageError(f"unsupported content-encoding {name!r}")


class Capped:
    """Decoded body bytes collected up to `limit`; PageError once they exceed it."""

    def __init__(self, content_encoding: str | None, limit: int, what: str, status: int | None):
        self.decoder = BoundedDecoder(content_encoding)
        self.limit, self.what, self.status = limit, what, status
        self.body = bytearray()

    def add(self, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            self.body += piece
            if len(self.body) > self.limit:
                raise PageError(f"{self.what} exceeds {self.limit} bytes", self.status)

    def feed(self, raw: bytes) -> None:
        """Decode and collect one raw chunk."""
        self.add(self.decoder.feed(raw))

    def finish(self) -> bytes:
        """The whole decoded body."""
        self.add(self.decoder.flush())
        return bytes(self.body)


def read_capped(chunks: Iterable[bytes], capped: Capped) -> bytes:
    """Decode a sync stream of raw chunks within the cap."""
    for raw in chunks:
        capped.feed(raw)
    return capped.finish()


async def aread_capped(chunks: AsyncIterable[bytes], capped: Capped) -> bytes:
    """Decode an async stream of raw chunks within the cap."""
    async for raw in chunks:
        capped.feed(raw)
    return capped.finish()
