"""Polite, defensive HTTP fetching of one URL: robots.txt, host limits, redirects, retries, a streaming size cap.

The fetcher is shared by the crawl's worker threads (httpx.Client is thread-safe, and the host limiter and robots
cache lock what they share). Every attempt, failed or not, comes back as a `FetchAttempt` for the fetch log, and with
an archive attached every response, redirects and errors included, is written to WARC as it arrives.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.crawler.body import BodyTooLarge, TruncatedBody, decode_stream, describe_size, new_spool, spool
from pipeline.crawler.guard import AddressPolicy, BlockedAddress, guarded_transport
from pipeline.crawler.limits import HostLimiter
from pipeline.crawler.responses import (
    Archive,
    FetchOutcome,
    Response,
    describe_transport_error,
    failed_attempt,
    retry_after,
    status_error,
)
from pipeline.crawler.robots import ROBOTS_MAX_BYTES, RobotsRules
from pipeline.records import FetchAttempt
from pipeline.urls import host_of

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HOST_BACKOFF_STATUSES = frozenset({429, 503})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_attempts: int = 3
    backoff_base: float = 1.0
    max_retry_after: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    default_rate_limit: float = 2.0
    host_concurrency: int = 2
    workers: int = 8


class _Failure(Exception):
    def __init__(self, message: str, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class _TotalTimeout(Exception):
    pass


class _Slot:
    """A host slot the crawl's dispatcher already took for this fetch's first request."""

    def __init__(self, host: str | None) -> None:
        self.host = host

    def take(self, host: str) -> bool:
        held = self.host == host
        if held:
            self.host = None
        return held


class Fetcher:
    def __init__(
        self,
        settings: FetchSettings | None = None,
        mounts: dict[str, httpx.BaseTransport] | None = None,
        archive: Archive | None = None,
        policy: AddressPolicy | None = None,
    ) -> None:
        self.settings = s = settings or FetchSettings()
        self.archive = archive
        self.policy = policy or AddressPolicy()
        self.limiter = HostLimiter(1.0 / s.default_rate_limit, s.host_concurrency)
        pool = max(s.workers * 2, 10)
        limits = httpx.Limits(max_connections=pool, max_keepalive_connections=pool)
        self.client = httpx.Client(
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
            follow_redirects=False,
            transport=guarded_transport(self.policy, limits),
            mounts=mounts,
        )
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def set_rate_limit(self, url: str, rate: float) -> None:
        """A source's rate for its host; with several sources on one host the strictest wins."""
        self.limiter.limit_rate(host_of(url), 1.0 / rate)

    def robots_known(self, url: str) -> bool:
        return _origin(url) in self._robots

    def sitemaps_of(self, url: str) -> list[str]:
        rules = self._robots.get(_origin(url))
        return rules.sitemaps() if rules else []

    def refusal(self, url: str) -> str | None:
        """Why `url` cannot be fetched, if that is known without a request."""
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return "only http and https URLs are fetched"
        rules = self._robots.get(_origin(url))
        return rules.refusal(url, self.settings.user_agent) if rules else None

    def fetch(
        self,
        url: str,
        kind: str = "page",
        source: str | None = None,
        validators: tuple[str | None, str | None] | None = None,
        slot_held: bool = False,
    ) -> FetchOutcome:
        """All attempts at `url`; `validators` (ETag, Last-Modified) make it a conditional GET."""
        slot = _Slot(host_of(url) if slot_held else None)
        outcome = FetchOutcome()
        try:
            refusal = self.refusal(url) or self._robots_refusal(url, source, slot, outcome)
            if refusal:
                outcome.attempts.append(failed_attempt(url, refusal, 1, kind, source))
                return outcome
            headers = _conditional(validators)
            self._with_retries(url, kind, source, headers, slot, outcome, self.settings.max_bytes)
            return outcome
        finally:
            if slot.host is not None:
                self.limiter.release(slot.host)

    def _robots_refusal(self, url: str, source: str | None, slot: _Slot, outcome: FetchOutcome) -> str | None:
        origin = _origin(url)
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                robots = FetchOutcome()
                self._with_retries(origin + "/robots.txt", "robots", source, {}, slot, robots, ROBOTS_MAX_BYTES)
                outcome.attempts.extend(robots.attempts)
                last = robots.attempts[-1]
                body = robots.response.body if robots.response is not None else b""
                robots.close()
                rules = RobotsRules.from_response(last.status, body, last.error)
                self.limiter.apply_crawl_delay(host_of(url), rules.crawl_delay(self.settings.user_agent))
                self._robots[origin] = rules
        return self._robots[origin].refusal(url, self.settings.user_agent)

    def _with_retries(
        self,
        url: str,
        kind: str,
        source: str | None,
        headers: dict[str, str],
        slot: _Slot,
        outcome: FetchOutcome,
        max_bytes: int,
    ) -> None:
        for attempt in range(1, self.settings.max_attempts + 1):
            if outcome.response is not None:
                outcome.response.close()
            row, outcome.response, retry_after = self._attempt(url, attempt, kind, source, headers, slot, max_bytes)
            outcome.attempts.append(row)
            if retry_after is None or attempt == self.settings.max_attempts:
                return
            time.sleep(retry_after)

    def _attempt(
        self,
        url: str,
        attempt: int,
        kind: str,
        source: str | None,
        headers: dict[str, str],
        slot: _Slot,
        max_bytes: int,
    ) -> tuple[FetchAttempt, Response | None, float | None]:
        """One attempt, redirects followed; returns the log row, the response, and the wait before a retry."""
        started, fetched_at = time.monotonic(), datetime.now(UTC)
        hops: list[Response] = []
        try:
            response = self._follow(url, kind, headers, slot, started, max_bytes, hops)
        except _Failure as exc:
            last = hops[-1] if hops else None
            row = failed_attempt(url, str(exc), attempt, kind, source, fetched_at, time.monotonic() - started, last)
            for hop in hops:
                hop.close()
            return row, None, self._backoff(attempt) if exc.retry else None
        elapsed = time.monotonic() - started
        row = FetchAttempt(
            url=url,
            final_url=response.url,
            status=response.status,
            error=status_error(response, kind),
            attempt=attempt,
            bytes=response.size,
            elapsed_ms=elapsed * 1000,
            fetched_at=fetched_at,
            content_type=response.content_type,
            source=source,
            kind=kind,
            warc_file=response.warc_file,
            warc_offset=response.warc_offset,
            etag=response.header("etag"),
            last_modified=response.header("last-modified"),
        )
        if response.status not in RETRY_STATUSES:
            return row, response, None
        asked = retry_after(response)
        wait = min(self._backoff(attempt) if asked is None else asked, self.settings.max_retry_after)
        if response.status in HOST_BACKOFF_STATUSES:
            self.limiter.pause(host_of(response.url), wait)
        return row, response, wait

    def _follow(
        self,
        url: str,
        kind: str,
        headers: dict[str, str],
        slot: _Slot,
        started: float,
        max_bytes: int,
        hops: list[Response],
    ) -> Response:
        current, seen = url, {url.split("#")[0]}
        for _ in range(self.settings.max_redirects + 1):
            response = self._get(current, headers, slot, started, max_bytes, kind == "page")
            hops.append(response)
            if self.archive is not None:
                response.warc_file, response.warc_offset = self.archive.write_response(response)
            if response.failure is not None:
                raise _Failure(*response.failure)
            location = response.header("location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            response.close()
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise _Failure(f"redirect to a non-http URL ({target[:80]})", False)
            if target.split("#")[0] in seen:
                raise _Failure("redirect loop", False)
            seen.add(target.split("#")[0])
            refusal = self.refusal(target)
            if refusal:
                raise _Failure(f"redirect target {refusal}", False)
            current, headers = target, {}
        raise _Failure(f"more than {self.settings.max_redirects} redirects", False)

    def _get(
        self, url: str, headers: dict[str, str], slot: _Slot, started: float, max_bytes: int, html_only: bool
    ) -> Response:
        host = host_of(url)
        try:
            with self.limiter.slot(host, held=slot.take(host)):
                self.limiter.space(host)
                return self._stream(url, headers, started, max_bytes, html_only)
        except BlockedAddress as exc:
            raise _Failure(str(exc), False) from exc
        except _TotalTimeout as exc:
            raise _Failure(f"timeout after {self.settings.total_timeout:g} s in total", True) from exc
        except httpx.HTTPError as exc:
            raise _Failure(
                *describe_transport_error(exc, self.settings.connect_timeout, self.settings.read_timeout)
            ) from exc

    def _stream(self, url: str, headers: dict[str, str], started: float, max_bytes: int, html_only: bool) -> Response:
        """The response with its body decoded into a spool; a body fault is kept on the response, not raised."""
        with self.client.stream("GET", url, headers=headers) as raw:
            response = Response(url, raw.status_code, raw.reason_phrase, list(raw.headers.multi_items()), new_spool())
            media = (response.content_type or "").split(";")[0].strip().lower()
            if html_only and raw.status_code == 200 and media and media not in HTML_TYPES:
                response.truncated, response.failure = "unspecified", (f"skipped: not HTML ({media})", False)
                return response
            pieces = decode_stream(self._until(raw.iter_raw(), started), raw.headers.get("content-encoding"))
            try:
                response.size = spool(pieces, max_bytes, response.payload)
            except BodyTooLarge as exc:
                response.size, response.truncated = exc.size, "length"
                response.failure = (f"body over {describe_size(max_bytes)}", False)
            except TruncatedBody:
                response.size, response.truncated = response.payload.tell(), "disconnect"
                response.failure = ("truncated gzip body", True)
            return response

    def _until(self, chunks: Iterable[bytes], started: float) -> Iterator[bytes]:
        """The raw chunks, stopping at the total timeout: a server dripping a byte a second never hits a read one."""
        for chunk in chunks:
            if time.monotonic() - started > self.settings.total_timeout:
                raise _TotalTimeout()
            yield chunk

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter, so retries from many crawlers do not arrive in lockstep."""
        return random.uniform(0.5, 1.0) * self.settings.backoff_base * 2 ** (attempt - 1)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _conditional(validators: tuple[str | None, str | None] | None) -> dict[str, str]:
    etag, modified = validators or (None, None)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers
