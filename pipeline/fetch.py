"""Polite HTTP fetching: robots.txt, a per-host request interval, retries, a body size cap.

Each policy is a small piece with its settings in `FetchSettings`, so the crawler reads as a sequence of decisions
and every attempt, failed or not, comes back as a `FetchAttempt` for the fetch log.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from protego import Protego

from pipeline.records import FetchAttempt
from pipeline.urls import host_of

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_attempts: int = 3
    backoff_base: float = 1.0
    max_retry_after: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    default_rate_limit: float = 2.0


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        return None


@dataclass
class FetchOutcome:
    """The attempts made for one URL and the last response, if any arrived."""

    attempts: list[FetchAttempt] = field(default_factory=list)
    response: Response | None = None

    @property
    def ok(self) -> bool:
        return self.response is not None and self.response.status == 200 and self.attempts[-1].error is None


class BodyTooLarge(Exception):
    pass


class HostThrottle:
    """Spaces requests to one host by at least 1/rate seconds (or robots.txt's Crawl-delay when stricter)."""

    def __init__(self) -> None:
        self._next_slot: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> None:
        now = time.monotonic()
        slot = max(now, self._next_slot.get(host, now))
        if slot > now:
            time.sleep(slot - now)
        self._next_slot[host] = slot + interval


class Fetcher:
    """Fetches URLs one at a time with every politeness and robustness rule applied."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        mounts: dict[str, httpx.BaseTransport] | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        timeout = httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout)
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent},
            timeout=timeout,
            follow_redirects=True,
            max_redirects=self.settings.max_redirects,
            mounts=mounts,
        )
        self.throttle = HostThrottle()
        self._robots: dict[str, Protego | None] = {}
        self._rates: dict[str, float] = {}
        self.robots_attempts: list[FetchAttempt] = []

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def set_rate_limit(self, url: str, rate: float) -> None:
        self._rates[host_of(url)] = rate

    def fetch(self, url: str, kind: str = "page", source: str | None = None) -> FetchOutcome:
        outcome = FetchOutcome()
        if not url.startswith(("http://", "https://")):
            outcome.attempts.append(_failed(url, "only http and https URLs are fetched", 1, kind, source))
            return outcome
        if not self.allowed(url):
            outcome.attempts.append(_failed(url, "disallowed by robots.txt", 1, kind, source))
            return outcome
        for attempt in range(1, self.settings.max_attempts + 1):
            attempt_row, response, retry_after = self._attempt(url, attempt, kind, source)
            outcome.attempts.append(attempt_row)
            outcome.response = response
            if retry_after is None or attempt == self.settings.max_attempts:
                break
            time.sleep(retry_after)
        return outcome

    def allowed(self, url: str) -> bool:
        robots = self._robots_for(url)
        return robots is None or robots.can_fetch(url, self.settings.user_agent)

    def _interval(self, url: str) -> float:
        host = host_of(url)
        interval = 1.0 / self._rates.get(host, self.settings.default_rate_limit)
        robots = self._robots.get(host)
        delay = robots.crawl_delay(self.settings.user_agent) if robots else None
        return max(interval, float(delay or 0.0))

    def _robots_for(self, url: str) -> Protego | None:
        host = host_of(url)
        if host not in self._robots:
            robots_url = httpx.URL(url).copy_with(path="/robots.txt", query=None, fragment=None)
            row, response, _ = self._attempt(str(robots_url), 1, "robots", None)
            self.robots_attempts.append(row)
            ok = response is not None and response.status == 200
            self._robots[host] = Protego.parse(response.body.decode("utf-8", "replace")) if ok else None
        return self._robots[host]

    def _attempt(
        self, url: str, attempt: int, kind: str, source: str | None
    ) -> tuple[FetchAttempt, Response | None, float | None]:
        """One request; returns the log row, the response, and how long to wait before retrying (None: don't)."""
        self.throttle.wait(host_of(url), self._interval(url) if kind != "robots" else 0.0)
        started = time.monotonic()
        fetched_at = datetime.now(UTC)
        try:
            response = self._get(url)
        except (httpx.TimeoutException, httpx.TransportError, BodyTooLarge, httpx.TooManyRedirects) as exc:
            error = _describe(exc, self.settings)
            row = _failed(url, error, attempt, kind, source, fetched_at, time.monotonic() - started)
            retry = isinstance(exc, httpx.TimeoutException | httpx.TransportError)
            return row, None, self._backoff(attempt) if retry else None
        elapsed = time.monotonic() - started
        error = None if response.status < 400 else f"HTTP {response.status} {response.reason}".strip()
        row = FetchAttempt(
            url=url,
            final_url=response.final_url,
            status=response.status,
            error=error,
            attempt=attempt,
            bytes=len(response.body),
            elapsed_ms=elapsed * 1000,
            fetched_at=fetched_at,
            content_type=response.content_type,
            source=source,
            kind=kind,
        )
        retry_after = None
        if response.status in RETRY_STATUSES:
            retry_after = _retry_after(response) or self._backoff(attempt)
            retry_after = min(retry_after, self.settings.max_retry_after)
        return row, response, retry_after

    def _get(self, url: str) -> Response:
        with self.client.stream("GET", url) as raw:
            chunks: list[bytes] = []
            size = 0
            for chunk in raw.iter_bytes():
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise BodyTooLarge()
                chunks.append(chunk)
            return Response(
                url=url,
                final_url=str(raw.url),
                status=raw.status_code,
                reason=raw.reason_phrase,
                headers=list(raw.headers.multi_items()),
                body=b"".join(chunks),
            )

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter, so retries from many crawlers do not arrive in lockstep."""
        return random.uniform(0.5, 1.0) * self.settings.backoff_base * 2 ** (attempt - 1)


def _retry_after(response: Response) -> float | None:
    for name, value in response.headers:
        if name.lower() == "retry-after" and value.strip().isdigit():
            return float(value.strip())
    return None


def _describe(exc: Exception, settings: FetchSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timeout after {settings.connect_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout after {settings.read_timeout:g} s"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"redirect loop or more than {settings.max_redirects} redirects"
    if isinstance(exc, BodyTooLarge):
        return f"body over {_size(settings.max_bytes)}"
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or host unreachable"
    return f"transport error: {type(exc).__name__}: {exc}".strip()


def _size(count: int) -> str:
    return f"{count / 1_048_576:g} MB" if count >= 1_048_576 else f"{count / 1024:.0f} KB"


def _failed(
    url: str,
    error: str,
    attempt: int,
    kind: str,
    source: str | None,
    fetched_at: datetime | None = None,
    elapsed: float = 0.0,
) -> FetchAttempt:
    return FetchAttempt(
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
