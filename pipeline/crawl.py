"""One crawl of many sources: read their feeds, sitemaps and listings, then fetch the article pages they name.

Concurrency is a thread pool fed by one dispatcher (the calling thread). The dispatcher keeps a queue per host and
hands a worker a URL only when that host has a free slot now (rate and concurrency, see `HostLimiter`), so a host
that must wait never holds up the others and a pool of N threads keeps N different hosts busy. Threads rather than
asyncio because the stages around the crawl are synchronous and httpx.Client is thread-safe; the work per request is
network waiting, which threads do well. Results come back to the dispatcher thread, which alone touches the crawl's
state and hands finished rows to `on_flush`, so the warehouse is written from one thread.

Every response is archived and every attempt logged; an article already fetched is skipped unless a feed or sitemap
says it changed since, and a feed or sitemap that answers 304 Not Modified is read from its archived copy, so a
scheduled crawl of an unchanged site costs a few conditional requests.
"""

from __future__ import annotations

import math
import re
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urljoin

from pipeline.archive import WarcArchive
from pipeline.crawler.responses import FetchOutcome, Response
from pipeline.discover import DiscoveryError, Link, discover
from pipeline.fetch import Fetcher
from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.urls import canonicalize_url, host_of, url_id

CANONICAL_HEAD_BYTES = 256 * 1024
_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(rb"\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class CrawlSettings:
    max_documents: int = 200
    flush_every: int = 200


@dataclass(frozen=True)
class ArchivedDocument:
    """The last good copy of a feed or sitemap: its validators for a conditional GET, and where it is archived."""

    etag: str | None
    last_modified: str | None
    warc_file: str
    warc_offset: int


@dataclass
class CrawlResult:
    attempts: list[FetchAttempt] = field(default_factory=list)
    pages: list[ArchivedPage] = field(default_factory=list)
    skipped_known: int = 0


Flush = Callable[[Source, list[FetchAttempt], list[ArchivedPage]], None]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _Task:
    source: str
    url: str
    kind: str


@dataclass
class _SourceRun:
    source: Source
    known: Mapping[str, datetime]
    result: CrawlResult = field(default_factory=CrawlResult)
    visited: set[str] = field(default_factory=set)
    candidates: dict[str, Link] = field(default_factory=dict)
    pending: int = 0
    pages_total: int | None = None
    pages_done: int = 0
    flushed: tuple[int, int] = (0, 0)

    @property
    def finished(self) -> bool:
        return self.pending == 0 and self.pages_total is not None and self.pages_done >= self.pages_total


class _Frontier:
    """URLs waiting, one queue per host, served round-robin to whichever host may be contacted now."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self._queues: dict[str, deque[_Task]] = {}
        self._probing: set[str] = set()

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def push(self, task: _Task) -> None:
        self._queues.setdefault(host_of(task.url), deque()).append(task)

    def pop_ready(self) -> tuple[_Task | None, float, str | None]:
        """A task whose host slot was just taken (or a refusal known without a request), else when to look again.

        A host whose robots.txt is not read yet gets one task at a time, so its Crawl-delay is known before the
        second request is timed.
        """
        wake = math.inf
        for host in list(self._queues):
            queue = self._queues[host]
            refusal = self.fetcher.refusal(queue[0].url)
            if refusal is None and (host in self._probing or not self.fetcher.limiter.try_acquire(host)):
                if host not in self._probing:
                    wake = min(wake, self.fetcher.limiter.ready_at(host))
                continue
            task = queue.popleft()
            del self._queues[host]
            if queue:
                self._queues[host] = queue
            if refusal is None and not self.fetcher.robots_known(task.url):
                self._probing.add(host)
            return task, time.monotonic(), refusal
        return None, wake, None

    def done(self, task: _Task) -> None:
        self._probing.discard(host_of(task.url))


def crawl(
    sources: list[Source],
    fetcher: Fetcher,
    archive: WarcArchive,
    known: Mapping[str, Mapping[str, datetime]] | None = None,
    documents: Mapping[str, ArchivedDocument] | None = None,
    max_pages: int | None = None,
    settings: CrawlSettings | None = None,
    on_flush: Flush | None = None,
    on_progress: Progress | None = None,
) -> dict[str, CrawlResult]:
    """Crawl every source at once; `known` maps each source's canonical URLs already fetched to when."""
    run = _Crawl(sources, fetcher, archive, known or {}, documents or {}, max_pages, settings or CrawlSettings())
    run.on_flush, run.on_progress = on_flush, on_progress
    return run.run()


class _Crawl:
    def __init__(
        self,
        sources: list[Source],
        fetcher: Fetcher,
        archive: WarcArchive,
        known: Mapping[str, Mapping[str, datetime]],
        documents: Mapping[str, ArchivedDocument],
        max_pages: int | None,
        settings: CrawlSettings,
    ) -> None:
        self.fetcher, self.archive, self.documents = fetcher, archive, documents
        self.max_pages, self.settings = max_pages, settings
        self.on_flush: Flush | None = None
        self.on_progress: Progress | None = None
        self.runs = {s.name: _SourceRun(s, known.get(s.name, {})) for s in sources}
        self.frontier = _Frontier(fetcher)

    def run(self) -> dict[str, CrawlResult]:
        for run in self.runs.values():
            for url in run.source.start_urls:
                self.fetcher.policy.allow(host_of(url))
                self.fetcher.set_rate_limit(url, run.source.rate_limit)
        for run in self.runs.values():
            for url in run.source.start_urls:
                self._discover_later(run, url)
            self._maybe_start_pages(run)
        workers = self.fetcher.settings.workers
        self._loop(workers)
        for run in self.runs.values():
            self._flush(run)
        return {name: run.result for name, run in self.runs.items()}

    def _loop(self, workers: int) -> None:
        with ThreadPoolExecutor(workers, thread_name_prefix="fetch") as pool:
            running: dict[Future[FetchOutcome], _Task] = {}
            while len(self.frontier) or running:
                wake = math.inf
                while len(running) < workers:
                    task, wake, refusal = self.frontier.pop_ready()
                    if task is None:
                        break
                    if refusal is not None:
                        self._handle(task, FetchOutcome([_refused(task, refusal)]))
                    else:
                        running[pool.submit(self._fetch, task)] = task
                if not running and not len(self.frontier):
                    break
                timeout = None if len(running) >= workers or wake == math.inf else max(0.0, wake - time.monotonic())
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    self.frontier.done(task)
                    self._handle(task, future.result())

    def _fetch(self, task: _Task) -> FetchOutcome:
        """Runs in a worker thread: the fetch only, with the host slot the dispatcher took."""
        cached = self.documents.get(task.url) if task.kind == "discovery" else None
        validators = (cached.etag, cached.last_modified) if cached else None
        try:
            return self.fetcher.fetch(task.url, task.kind, task.source, validators, slot_held=True)
        except Exception as exc:  # a crawler bug on one URL must not lose the rest of the run
            return FetchOutcome([_refused(task, f"crawler error: {type(exc).__name__}: {exc}")])

    def _handle(self, task: _Task, outcome: FetchOutcome) -> None:
        run = self.runs[task.source]
        try:
            if task.kind == "discovery":
                self._read_document(run, task, outcome)
                run.pending -= 1
                self._maybe_start_pages(run)
            else:
                self._keep_page(run, task, outcome)
                run.pages_done += 1
                if self.on_progress:
                    self.on_progress(run.source.name, run.pages_done, run.pages_total or 0)
        finally:
            outcome.close()
        run.result.attempts.extend(outcome.attempts)
        if run.finished or len(run.result.attempts) - run.flushed[0] >= self.settings.flush_every:
            self._flush(run)

    def _discover_later(self, run: _SourceRun, url: str) -> None:
        key = canonicalize_url(url)
        if key in run.visited:
            return
        if len(run.visited) >= self.settings.max_documents:
            reason = f"skipped: over {self.settings.max_documents} feeds, sitemaps and listing pages for one source"
            run.result.attempts.append(_refused(_Task(run.source.name, url, "discovery"), reason))
            return
        run.visited.add(key)
        run.pending += 1
        self.frontier.push(_Task(run.source.name, url, "discovery"))

    def _read_document(self, run: _SourceRun, task: _Task, outcome: FetchOutcome) -> None:
        response = outcome.response
        if not outcome.ok or response is None:
            return
        body, content_type = response.body, response.content_type
        cached = self.documents.get(task.url)
        if response.status == 304 and cached is not None:
            archived = self.archive.read(cached.warc_file, cached.warc_offset)
            body, content_type = archived.body, archived.headers.get("Content-Type")
        try:
            found = discover(response.url, body, content_type, self.fetcher.settings.max_bytes)
        except DiscoveryError as exc:
            outcome.attempts[-1] = replace(outcome.attempts[-1], error=str(exc))
            return
        for url in found.documents:
            self._discover_later(run, url)
        for link in found.articles:
            run.candidates.setdefault(canonicalize_url(link.url), link)

    def _maybe_start_pages(self, run: _SourceRun) -> None:
        """Once a source's discovery is over, queue its articles that are new or changed since they were fetched."""
        if run.pending or run.pages_total is not None:
            return
        todo = []
        for canonical, link in run.candidates.items():
            seen = run.known.get(canonical)
            if seen is not None and (link.modified_at is None or _naive_utc(link.modified_at) <= _naive_utc(seen)):
                run.result.skipped_known += 1
            else:
                todo.append(link)
        todo = todo[: self.max_pages] if self.max_pages is not None else todo
        run.pages_total = len(todo)
        for link in todo:
            self.frontier.push(_Task(run.source.name, link.url, "page"))

    def _keep_page(self, run: _SourceRun, task: _Task, outcome: FetchOutcome) -> None:
        response = outcome.response
        if not outcome.ok or response is None or response.status != 200 or response.warc_file is None:
            return
        fetched_at = outcome.attempts[-1].fetched_at
        run.result.pages.append(
            ArchivedPage(
                page_id=url_id(f"{response.url} {fetched_at.isoformat()}"),
                source=run.source.name,
                url=task.url,
                final_url=response.url,
                status=response.status,
                content_type=response.content_type,
                fetched_at=fetched_at,
                warc_file=response.warc_file,
                warc_offset=response.warc_offset or 0,
                canonical_url=page_canonical(response),
            )
        )

    def _flush(self, run: _SourceRun) -> None:
        attempts_done, pages_done = run.flushed
        attempts, pages = run.result.attempts[attempts_done:], run.result.pages[pages_done:]
        if self.on_flush and (attempts or pages):
            self.on_flush(run.source, attempts, pages)
        run.flushed = (len(run.result.attempts), len(run.result.pages))


def page_canonical(response: Response) -> str:
    """The page's own `<link rel=canonical>` when it stays on its host, else the canonical form of its URL.

    Only the head is read: the link lives there, and the body may be megabytes on disk.
    """
    own = canonicalize_url(response.url)
    for tag in _CANONICAL.finditer(response.read(CANONICAL_HEAD_BYTES)):
        href = _HREF.search(tag.group(0))
        if href:
            target = urljoin(response.url, href.group(1).decode("utf-8", "replace").strip())
            if target.startswith(("http://", "https://")) and host_of(target) == host_of(response.url):
                return canonicalize_url(target)
    return own


def _refused(task: _Task, reason: str) -> FetchAttempt:
    return FetchAttempt(task.url, None, None, reason, 1, 0, 0.0, datetime.now(UTC), source=task.source, kind=task.kind)


def _naive_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
