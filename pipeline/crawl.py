"""One crawl of one source: read its feeds, sitemaps and listings, then fetch the article pages they name.

Every response is archived; every attempt is logged; an article already fetched is skipped unless a feed or sitemap
says it changed since, so a scheduled crawl costs a few requests when nothing is new.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pipeline.archive import WarcArchive, WarcLocation
from pipeline.discover import Link, discover
from pipeline.fetch import Fetcher, FetchOutcome
from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.urls import canonicalize_url, url_id

MAX_LISTING_PAGES = 50
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class CrawlResult:
    attempts: list[FetchAttempt] = field(default_factory=list)
    pages: list[ArchivedPage] = field(default_factory=list)
    skipped_known: int = 0


def crawl_source(
    source: Source,
    fetcher: Fetcher,
    archive: WarcArchive,
    known: Mapping[str, datetime] | None = None,
    max_pages: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> CrawlResult:
    """Crawl `source`; `known` maps canonical URLs already fetched to when, so they are not fetched again."""
    result = CrawlResult()
    for url in source.start_urls:
        fetcher.set_rate_limit(url, source.rate_limit)
    candidates = _discover_articles(source, fetcher, archive, result)
    known = known or {}
    todo = []
    for canonical, link in candidates.items():
        seen = known.get(canonical)
        if seen is not None and (link.modified_at is None or _naive_utc(link.modified_at) <= _naive_utc(seen)):
            result.skipped_known += 1
        else:
            todo.append(link)
    todo = todo[:max_pages] if max_pages is not None else todo
    for done, link in enumerate(todo, start=1):
        page = _fetch_article(source, fetcher, archive, link.url, result)
        if page is not None:
            result.pages.append(page)
        if on_progress:
            on_progress(done, len(todo))
    result.attempts[:0] = fetcher.robots_attempts
    fetcher.robots_attempts.clear()
    return result


def _discover_articles(source: Source, fetcher: Fetcher, archive: WarcArchive, result: CrawlResult) -> dict[str, Link]:
    """Breadth-first over discovery documents; article links keyed by canonical URL, first variant wins."""
    queue = list(source.start_urls)
    visited: set[str] = set()
    candidates: dict[str, Link] = {}
    while queue and len(visited) < MAX_LISTING_PAGES:
        url = queue.pop(0)
        if canonicalize_url(url) in visited:
            continue
        visited.add(canonicalize_url(url))
        outcome = fetcher.fetch(url, kind="discovery", source=source.name)
        _record(outcome, archive, result)
        if not outcome.ok or outcome.response is None:
            continue
        response = outcome.response
        found = discover(response.final_url, response.body, response.content_type)
        queue.extend(found.documents)
        for link in found.articles:
            candidates.setdefault(canonicalize_url(link.url), link)
    return candidates


def _fetch_article(
    source: Source, fetcher: Fetcher, archive: WarcArchive, url: str, result: CrawlResult
) -> ArchivedPage | None:
    outcome = fetcher.fetch(url, kind="page", source=source.name)
    location = _record(outcome, archive, result)
    response = outcome.response
    if not outcome.ok or response is None or location is None:
        return None
    content_type = (response.content_type or "").split(";")[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        last = outcome.attempts[-1]
        result.attempts[-1] = _with_error(last, f"skipped: not HTML ({content_type})")
        return None
    fetched_at = outcome.attempts[-1].fetched_at
    return ArchivedPage(
        page_id=url_id(f"{response.final_url} {fetched_at.isoformat()}"),
        source=source.name,
        url=url,
        final_url=response.final_url,
        status=response.status,
        content_type=response.content_type,
        fetched_at=fetched_at,
        warc_file=location.warc_file,
        warc_offset=location.offset,
        body=response.body,
    )


def _record(outcome: FetchOutcome, archive: WarcArchive, result: CrawlResult) -> WarcLocation | None:
    """Log every attempt and archive the response that arrived, errors included."""
    result.attempts.extend(outcome.attempts)
    response = outcome.response
    if response is None:
        return None
    return archive.write(response.final_url, response.status, response.reason, response.headers, response.body)


def _with_error(attempt: FetchAttempt, error: str) -> FetchAttempt:
    return FetchAttempt(**{**attempt.__dict__, "error": error})


def _naive_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
