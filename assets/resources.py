"""Resources: where the warehouse is and what to crawl, set through Dagster config or the environment."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import httpx

from pipeline import warehouse
from pipeline.fetch import FetchSettings
from pipeline.records import Source
from pipeline.sample_site import DEMO_FETCH_SETTINGS, SAMPLE_PUBLIC_URL, sample_source, serve_sample_site
from pipeline.sources import load_sources
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
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = warehouse.connect(self.db_path)
        try:
            yield con
        finally:
            con.close()


@dataclass(frozen=True)
class CrawlTarget:
    sources: list[Source]
    mounts: dict[str, httpx.BaseTransport] | None = None
    settings: FetchSettings | None = None


class CrawlResource(dg.ConfigurableResource):
    """What to crawl: a sources TOML file, or (left empty) the bundled sample site served on loopback."""

    sources_file: str | None = os.environ.get("NEWSDESK_SOURCES")
    max_pages: int | None = None
    only: list[str] | None = None

    @contextmanager
    def target(self) -> Iterator[CrawlTarget]:
        """The sources, and how to reach them (the sample site is routed to its loopback server)."""
        if self.sources_file:
            sources = load_sources(Path(self.sources_file))
            yield CrawlTarget([s for s in sources if self.only is None or s.name in self.only])
            return
        with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
            yield CrawlTarget([sample_source(site.public_url)], site.mounts(), DEMO_FETCH_SETTINGS)
