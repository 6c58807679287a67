"""The raw archive: every HTTP response goes into WARC files so pages can be parsed again offline.

WARC is what web archives and Common Crawl use, so the archive is readable by any WARC tool, not only ours.
Records are gzipped one by one, which makes each record's file offset a random-access address; the warehouse keeps
that address for every response (`fetch_log.warc_file`, `warc_offset`). Bodies are stored decoded (the fetcher
inflates them under its size cap), so the original Content-Encoding is kept under another name and Content-Length
is rewritten; a body cut short is marked with the standard `WARC-Truncated` header.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from pipeline.fetch import Response

DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024
# Headers that described the bytes on the wire, not the decoded body stored in the record.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True)
class WarcLocation:
    warc_file: str
    offset: int


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes


class WarcArchive:
    """Appends request/response pairs to size-rotated WARC files in one folder; safe to share between threads."""

    def __init__(self, folder: Path, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> None:
        self.folder = folder
        self.max_file_bytes = max_file_bytes
        self._stream: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self._name = ""
        self._lock = threading.Lock()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
                self._writer = None

    def _open_writer(self) -> tuple[WARCWriter, io.BufferedWriter]:
        if self._stream is not None and self._stream.tell() >= self.max_file_bytes:
            self._stream.close()
            self._stream = self._writer = None
        if self._writer is None or self._stream is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            # The process id keeps two workers that start in the same microsecond out of each other's file.
            self._name = f"newsdesk-{stamp}-{os.getpid()}.warc.gz"
            self._stream = open(self.folder / self._name, "ab")  # noqa: SIM115 - lives as long as the archive
            self._writer = WARCWriter(self._stream, gzip=True)
        return self._writer, self._stream

    def write(
        self,
        url: str,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes | IO[bytes],
        truncated: str | None = None,
    ) -> WarcLocation:
        """Write the response and the request that asked for it; return where the response record starts."""
        payload = io.BytesIO(body) if isinstance(body, bytes) else body
        payload.seek(0, io.SEEK_END)
        length = payload.tell()
        payload.seek(0)
        stored = [(k, v) for k, v in headers if k.lower() not in _WIRE_HEADERS]
        stored += [(f"X-Archive-Orig-{k}", v) for k, v in headers if k.lower() in _WIRE_HEADERS]
        stored.append(("Content-Length", str(length)))
        extra = {"WARC-Truncated": truncated} if truncated else None
        with self._lock:
            writer, stream = self._open_writer()
            offset = stream.tell()
            http_headers = StatusAndHeaders(f"{status} {reason}".strip(), stored, protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=payload, length=length, http_headers=http_headers, warc_headers_dict=extra
            )
            writer.write_record(response)
            request_headers = StatusAndHeaders("GET " + url, [], is_http_request=True, protocol="HTTP/1.1")
            request = writer.create_warc_record(url, "request", http_headers=request_headers)
            request.rec_headers.add_header("WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(request)
            stream.flush()
            return WarcLocation(self._name, offset)

    def write_response(self, response: Response) -> tuple[str, int]:
        """The fetcher's hook: archive one response as it arrives, from its spooled body."""
        location = self.write(
            response.url, response.status, response.reason, response.headers, response.payload, response.truncated
        )
        return location.warc_file, location.offset

    def read(self, warc_file: str, offset: int) -> ArchivedResponse:
        return read_response(self.folder / warc_file, offset)


def read_response(path: Path, offset: int) -> ArchivedResponse:
    """Read one response record back by its offset, without touching the network."""
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return _to_response(record)


def iter_responses(path: Path) -> Iterator[tuple[int, ArchivedResponse]]:
    """Every response record of a WARC file with its offset, for imports of archives made elsewhere."""
    with open(path, "rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type == "response":
                yield iterator.get_record_offset(), _to_response(record)


def _to_response(record: object) -> ArchivedResponse:
    http = record.http_headers  # type: ignore[attr-defined]
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),  # type: ignore[attr-defined]
        status=int(http.get_statuscode() or 0),
        headers=dict(http.headers),
        body=record.content_stream().read(),  # type: ignore[attr-defined]
    )
