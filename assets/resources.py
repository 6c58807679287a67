"""Resources: where the warehouse is and what to crawl, set through Dagster config or the environment."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import dagster as dg
import duckdb
import httpx

from pipeline import warehouse
from pipeline.crawler.limits import SharedHostGate
from pipeline.fetch import USER_AGENT, FetchSettings
from pipeline.records import Source
from pipeline.sample_site import DEMO_FETCH_SETTINGS, SAMPLE_PUBLIC_URL, sample_source, serve_sample_site
from pipeline.sources import capped, load_sources
from pipeline.stages import Workspace


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file; its WARC archive and Parquet exports live beside it."""

    db_path: str = os.environ.get("NEWSDESK_DB", "newsdesk.duckdb")
    topics_file: str | None = os.environ.get("NEWSDESK_TOPICS")

    @property
    def topics_path(self) -> Path | None:
        return Path(self.topics_file) if self.topics_file else None

    @property
    def workspace(self) -> Workspace:
        return Workspace(Path(self.db_path))

    @contextmanager
    def connect(self, whole: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """`whole=False` for crawls and parses, which write disjoint shards beside each other on the lake."""
        with warehouse.writing(whole), warehouse.connect(self.db_path) as con:
            yield con


@dataclass(frozen=True)
class CrawlTarget:
    sources: list[Source]
    mounts: dict[str, httpx.BaseTransport] | None = None
    settings: FetchSettings | None = None


def configured_sources() -> list[Source]:
    """The sources in NEWSDESK_SOURCES, or the sample site alone: what the partitioned crawl has partitions for."""
    sources_file = os.environ.get("NEWSDESK_SOURCES")
    return load_sources(Path(sources_file)) if sources_file else [sample_source(SAMPLE_PUBLIC_URL)]


def _env_float(name: str) -> float | None:
    value = os.environ.get(name)
    return float(value) if value else None


class CrawlResource(dg.ConfigurableResource):
    """What to crawl: a sources TOML file, or (left empty) the bundled sample site served on loopback.

    `shared_limits_url` (a PostgreSQL URL or libpq string; the scale-out profile's NEWSDESK_POSTGRES_URL) makes
    per-host politeness hold across every process crawling at once, not only within one. `max_rate_limit` caps
    every source's requests per second and `host_concurrency` the requests in flight per host; the User-Agent
    should carry a contact URL so site operators can reach whoever runs the crawl.
    """

    sources_file: str | None = os.environ.get("NEWSDESK_SOURCES")
    max_pages: int | None = None
    only: list[str] | None = None
    shared_limits_url: str | None = os.environ.get("NEWSDESK_POSTGRES_URL")
    user_agent: str = os.environ.get("NEWSDESK_USER_AGENT") or USER_AGENT
    max_rate_limit: float | None = _env_float("NEWSDESK_MAX_RATE_LIMIT")
    host_concurrency: int = int(os.environ.get("NEWSDESK_HOST_CONCURRENCY") or FetchSettings.host_concurrency)

    @contextmanager
    def shared_limits(self) -> Iterator[SharedHostGate | None]:
        if not self.shared_limits_url:
            yield None
            return
        # psycopg comes with the `scale` extra; the embedded profile never needs it.
        from pipeline.crawler.shared_limits import PostgresHostGate

        with PostgresHostGate(self.shared_limits_url) as gate:
            yield gate

    @contextmanager
    def target(self, only: list[str] | None = None) -> Iterator[CrawlTarget]:
        """The sources (`only` these, when given), and how to reach them (the sample site is routed to loopback)."""
        only = only or self.only
        if self.sources_file:
            sources = capped(load_sources(Path(self.sources_file)), self.max_rate_limit)
            yield CrawlTarget([s for s in sources if only is None or s.name in only], settings=self._settings())
            return
        with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
            sources = capped([sample_source(site.public_url)], self.max_rate_limit)
            yield CrawlTarget(sources, site.mounts(), self._settings(DEMO_FETCH_SETTINGS))

    def _settings(self, base: FetchSettings | None = None) -> FetchSettings:
        return replace(base or FetchSettings(), user_agent=self.user_agent, host_concurrency=self.host_concurrency)
