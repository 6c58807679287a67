"""What one fetch produces: responses with spooled bodies, the attempts for the fetch log, and their wording."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import IO, Protocol

import httpx

from pipeline.records import FetchAttempt


@dataclass
class Response:
    """One HTTP response (one redirect hop); the decoded body is spooled, so read it with `read`."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    payload: IO[bytes]
    size: int = 0
    truncated: str | None = None
    failure: tuple[str, bool] | None = None
    warc_file: str | None = None
    warc_offset: int | None = None

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    def read(self, limit: int = -1) -> bytes:
        self.payload.seek(0)
        return self.payload.read(limit)

    @property
    def body(self) -> bytes:
        return self.read()

    def close(self) -> None:
        self.payload.close()


class Archive(Protocol):
    def write_response(self, response: Response) -> tuple[str, int]: ...


@dataclass
class FetchOutcome:
    """The attempts made for one URL (robots.txt fetches it caused included) and the last response, if any."""

    attempts: list[FetchAttempt] = field(default_factory=list)
    response: Response | None = None

    @property
    def ok(self) -> bool:
        return self.response is not None and self.attempts[-1].error is None and self.response.status in (200, 304)

    def close(self) -> None:
        if self.response is not None:
            self.response.close()


def status_error(response: Response, kind: str) -> str | None:
    """Plain words for a status that gave no usable body; a missing robots.txt (4xx) is normal, not an error."""
    status = response.status
    if status < 300 or status == 304 or (kind == "robots" and status < 500):
        return None
    return f"HTTP {status} {response.reason}".strip()


def retry_after(response: Response) -> float | None:
    value = (response.header("retry-after") or "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            moment = datetime.strptime(value, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
        except ValueError:
            return None
        return max(0.0, (moment - datetime.now(UTC)).total_seconds())
    return None


def failed_attempt(
    url: str,
    error: str,
    attempt: int,
    kind: str,
    source: str | None,
    fetched_at: datetime | None = None,
    elapsed: float = 0.0,
    response: Response | None = None,
) -> FetchAttempt:
    row = FetchAttempt(
        url=url,
        final_url=None,
        status=None,
        error=error,
        attempt=attempt,
        bytes=0,
        elapsed_ms=elapsed * 1000,
        fetched_at=fetched_at or datetime.now(UTC),
        source=source,
        kind=kind,
    )
    if response is None:
        return row
    return replace(
        row,
        final_url=response.url,
        status=response.status,
        bytes=response.size,
        content_type=response.content_type,
        warc_file=response.warc_file,
        warc_offset=response.warc_offset,
    )


def describe_transport_error(exc: httpx.HTTPError, connect_timeout: float, read_timeout: float) -> tuple[str, bool]:
    """The fetch log's words for a transport failure, and whether it is worth retrying."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timeout after {connect_timeout:g} s", True
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout after {read_timeout:g} s", True
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "only http and https URLs are fetched", False
    if isinstance(exc, httpx.ConnectError):
        return f"connection failed: {exc or 'refused or unreachable'}", True
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"server broke the connection: {exc}", True
    if isinstance(exc, httpx.TransportError):
        return f"transport error: {type(exc).__name__}: {exc}".strip(), True
    return f"invalid request: {exc}", False
