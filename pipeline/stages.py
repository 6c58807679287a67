"""Each pipeline stage as one call against the warehouse: the edge where pure stages meet DuckDB and files.

The CLI and the Dagster assets both call these, so `newsdesk demo` and a materialization from the UI build the same
warehouse by the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import httpx
import polars as pl

from pipeline import warehouse
from pipeline.archive import WarcArchive, read_response
from pipeline.crawl import crawl_source
from pipeline.entities import MODEL_VERSION, EntityExtractor, article_text, entity_rows
from pipeline.fetch import Fetcher, FetchSettings
from pipeline.normalize import (
    article_categories,
    load_taxonomy,
    normalize_articles,
    normalize_headlines,
    unknown_rubrics,
)
from pipeline.pages import PageInput, parse_pages
from pipeline.parse import PARSER_VERSION
from pipeline.records import Source
from pipeline.sql_models import SqlModel, load_models, run_model
from pipeline.topics import article_topics, load_topics

Progress = Callable[[str, int, int], None]
BATCH = 500


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Workspace:
    """Where one warehouse keeps its files: the DuckDB file, the WARC archive and the Parquet exports beside it."""

    db_path: Path

    @property
    def archive_dir(self) -> Path:
        return self.db_path.with_name(self.db_path.stem + "-archive")

    @property
    def export_dir(self) -> Path:
        return self.db_path.with_name(self.db_path.stem + "-exports")


@dataclass
class ScrapeSummary:
    fetched: int = 0
    failed: int = 0
    skipped_known: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


def scrape(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    sources: list[Source],
    settings: FetchSettings | None = None,
    mounts: dict[str, httpx.BaseTransport] | None = None,
    max_pages: int | None = None,
    progress: Progress = _quiet,
) -> ScrapeSummary:
    """Crawl every source into the archive and the warehouse; each source is saved in its own transaction."""
    summary = ScrapeSummary()
    with Fetcher(settings, mounts=mounts) as fetcher, WarcArchive(workspace.archive_dir) as archive:
        for source in sources:
            result = crawl_source(
                source,
                fetcher,
                archive,
                warehouse.known_pages(con, source.name),
                max_pages,
                on_progress=lambda done, total, name=source.name: progress(f"fetch {name}", done, total),
            )
            warehouse.save_crawl(con, source, result.attempts, result.pages)
            final = {a.url: a for a in result.attempts}
            summary.fetched += len(result.pages)
            summary.skipped_known += result.skipped_known
            summary.attempts += len(result.attempts)
            summary.errors += [f"{a.url}: {a.error}" for a in final.values() if a.error]
            summary.failed += sum(1 for a in final.values() if a.error)
    return summary


def parse(con: duckdb.DuckDBPyConnection, workspace: Workspace, progress: Progress = _quiet) -> tuple[int, int]:
    """Parse archived pages not yet parsed by this parser version, reading bytes from WARC (no network)."""
    todo = warehouse.pages_to_parse(con, PARSER_VERSION)
    parsed = failed = 0
    for start in range(0, len(todo), BATCH):
        inputs = [
            PageInput(
                page_id,
                source,
                url,
                content_type,
                read_response(workspace.archive_dir / warc_file, offset).body,
            )
            for page_id, source, url, content_type, warc_file, offset in todo[start : start + BATCH]
        ]
        batch = parse_pages(inputs)
        warehouse.save_parsed(con, batch.articles, batch.headlines, batch.errors)
        parsed += batch.articles.height
        failed += batch.errors.height
        progress("parse", min(start + BATCH, len(todo)), len(todo))
    return parsed, failed


def normalize(con: duckdb.DuckDBPyConnection, taxonomy_path: Path | None = None) -> dict[str, int]:
    taxonomy = load_taxonomy(taxonomy_path)
    articles = normalize_articles(warehouse.parsed_articles_frame(con), taxonomy)
    headlines, sightings = normalize_headlines(warehouse.parsed_headlines_frame(con), taxonomy)
    warehouse.save_normalized(
        con,
        articles,
        taxonomy.frame(),
        article_categories(articles),
        headlines,
        sightings,
        unknown_rubrics(articles, headlines),
    )
    return {"articles": articles.height, "headlines": headlines.height}


def extract_entities(
    con: duckdb.DuckDBPyConnection, extractor: EntityExtractor | None = None, progress: Progress = _quiet
) -> int:
    """NER for articles whose text this model version has not read; returns how many were processed."""
    extractor = extractor or EntityExtractor()
    todo = warehouse.articles_without_entities(con, MODEL_VERSION)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        mentions = {}
        for done, (article_id, title, body, language, _) in enumerate(chunk, start=start + 1):
            title_length, text = article_text(title, body)
            mentions[article_id] = (title_length, extractor.mentions(text, language))
            progress("entities", done, len(todo))
        rows = entity_rows(mentions)
        runs = pl.DataFrame(
            [{"article_id": a, "content_hash": h, "model_version": MODEL_VERSION} for a, _, _, _, h in chunk]
        )
        warehouse.save_entities(con, runs, rows.entities, rows.article_entities, rows.mentions)
    return len(todo)


def match_topics(con: duckdb.DuckDBPyConnection, topics_path: Path | None = None) -> int:
    """Configured topics are re-matched over all articles, since the topic file may have changed."""
    articles = con.execute("SELECT article_id, title, lead, body FROM articles").pl()
    rows = article_topics(articles, load_topics(topics_path))
    with warehouse.transaction(con):
        con.execute("DELETE FROM article_topics")
        warehouse.insert_frame(con, "article_topics", rows)
    return rows.height


def build_models(
    con: duckdb.DuckDBPyConnection, models: list[SqlModel] | None = None, progress: Progress = _quiet
) -> dict[str, int]:
    models = models or load_models()
    counts = {}
    for done, model in enumerate(models, start=1):
        counts[model.name] = run_model(con, model)
        progress("models", done, len(models))
    return counts
