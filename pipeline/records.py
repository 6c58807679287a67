"""The records that pass between pipeline stages.

Plain frozen dataclasses so every stage can be tested with hand-made values and nothing depends on Dagster or
on the warehouse schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Headline:
    """One item of a page's headline rail, in page order (position starts at 1)."""

    title: str
    url: str | None
    rubric: str | None
    position: int


@dataclass(frozen=True)
class Article:
    """What a news page says about its own article; times are timezone-aware when the page gave an offset."""

    url: str | None
    canonical_url: str | None = None
    title: str | None = None
    lead: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    updated_at: datetime | None = None
    authors: tuple[str, ...] = ()
    rubric: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None


class ParseError(ValueError):
    """A page that cannot yield an article; the message is the reason recorded in the warehouse."""


@dataclass(frozen=True)
class Source:
    """A news site as the user configured it."""

    name: str
    start_urls: tuple[str, ...]
    rate_limit: float = 2.0
    schedule: str = "0 * * * *"


@dataclass(frozen=True)
class FetchAttempt:
    """One row of `fetch_log`: every attempt, failed or not, so nothing discovered is lost silently."""

    url: str
    final_url: str | None
    status: int | None
    error: str | None
    attempt: int
    bytes: int
    elapsed_ms: float
    fetched_at: datetime
    content_type: str | None = None
    source: str | None = None
    kind: str = "page"
    warc_file: str | None = None
    warc_offset: int | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class ArchivedPage:
    """A fetched article page and where its raw response sits in the WARC archive."""

    page_id: str
    source: str
    url: str
    final_url: str
    status: int
    content_type: str | None
    fetched_at: datetime
    warc_file: str
    warc_offset: int
    body: bytes = field(repr=False, default=b"")
    canonical_url: str | None = None
