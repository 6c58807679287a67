"""Each pipeline stage as one call against the warehouse: the edge where pure stages meet DuckDB and files.

The CLI and the Dagster assets both call these, so `newsdesk demo` and a materialization from the UI build the same
warehouse by the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import httpx
import polars as pl

from pipeline import warehouse
from pipeline.archive import WarcArchive, read_response
from pipeline.crawl import crawl
from pipeline.crawler.limits import SharedHostGate
from pipeline.entities import MODEL_VERSION, AliasIndex, EntityExtractor, Mention, article_text, entity_rows
from pipeline.fetch import Fetcher, FetchSettings
from pipeline.incremental import build_incrementally
from pipeline.normalize import (
    SIGNATURE_METHOD,
    article_categories,
    load_taxonomy,
    normalize_articles,
    normalize_headlines,
    signatures,
    story_clusters,
)
from pipeline.pages import PageInput, parse_pages
from pipeline.parse import PARSER_VERSION
from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.sql_models import SqlModel, load_models
from pipeline.topics import KeywordMatcher, keyword_matches, load_topics, rules_version, topic_rules

Progress = Callable[[str, int, int], None]
Connect = Callable[[], AbstractContextManager[duckdb.DuckDBPyConnection]]
BATCH = 500
NER_BATCH = 32
TOPIC_BATCH = 20_000


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

    @property
    def report_path(self) -> Path:
        return self.db_path.with_name(self.db_path.stem + "-report.html")


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
    """Crawl every source at once into the archive, saving each source's rows in batches as they come.

    Batches make the crawl resumable: a run killed midway keeps what it saved, and the next run skips those pages.
    """
    return scrape_alongside(lambda: nullcontext(con), workspace, sources, settings, mounts, max_pages, None, progress)


def scrape_alongside(
    connect: Connect,
    workspace: Workspace,
    sources: list[Source],
    settings: FetchSettings | None = None,
    mounts: dict[str, httpx.BaseTransport] | None = None,
    max_pages: int | None = None,
    shared: SharedHostGate | None = None,
    progress: Progress = _quiet,
) -> ScrapeSummary:
    """`scrape` for crawls running at once in several processes against one warehouse.

    `connect` opens the warehouse only to read what is known and to save each batch: DuckDB has one writer, and a
    crawl holding it while it waits on the network would stall every other crawler. `shared` makes the per-host
    limits hold across the processes.
    """
    with connect() as con:
        known = {source.name: warehouse.known_pages(con, source.name) for source in sources}
        documents = warehouse.archived_documents(con, workspace.archive_dir)

    def save(source: Source, attempts: list[FetchAttempt], pages: list[ArchivedPage]) -> None:
        with connect() as con:
            warehouse.save_crawl(con, source, attempts, pages)

    with WarcArchive(workspace.archive_dir) as archive, Fetcher(settings, mounts, archive) as fetcher:
        fetcher.limiter.shared = shared
        results = crawl(
            sources,
            fetcher,
            archive,
            known,
            documents,
            max_pages,
            on_flush=save,
            on_progress=lambda name, done, total: progress(f"fetch {name}", done, total),
        )
    summary = ScrapeSummary()
    for result in results.values():
        final = {a.url: a for a in result.attempts if a.kind != "robots"}
        summary.fetched += len(result.pages)
        summary.skipped_known += result.skipped_known
        summary.attempts += len(result.attempts)
        summary.errors += [f"{a.url}: {a.error}" for a in final.values() if a.error]
        summary.failed += sum(1 for a in final.values() if a.error)
    return summary


def parse(
    con: duckdb.DuckDBPyConnection,
    workspace: Workspace,
    progress: Progress = _quiet,
    every_page: bool = False,
    day: date | None = None,
) -> tuple[int, int]:
    """Parse archived pages not yet parsed by this parser version (`every_page`: all of them), from WARC only.

    `day` keeps to the pages fetched that UTC day, so one day can be re-parsed (a daily partition) on its own.
    """
    todo = warehouse.pages_to_parse(con, PARSER_VERSION, every_page, day)
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
    """Every parse row into articles and rail tables, then the story clusters over the whole warehouse."""
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
        signatures(articles),
    )
    return {"articles": articles.height, "headlines": headlines.height, "stories": deduplicate(con)}


def deduplicate(con: duckdb.DuckDBPyConnection) -> int:
    """Story clusters over every article (crawled or imported); returns how many distinct stories there are.

    Signatures are kept per article text, so only texts never sketched (or sketched by another method) are read."""
    fresh = signatures(warehouse.texts_without_signature(con, SIGNATURE_METHOD))
    known = warehouse.article_signatures(con, SIGNATURE_METHOD)
    if fresh.height:
        known = known.update(fresh.select("article_id", "minhash"), on="article_id")
    clusters = story_clusters(known)
    warehouse.save_stories(con, fresh, clusters)
    return clusters["story_id"].n_unique()


def extract_entities(
    con: duckdb.DuckDBPyConnection, extractor: EntityExtractor | None = None, progress: Progress = _quiet
) -> int:
    """NER for articles whose text this model version has not read; returns how many were processed.

    Each batch resolves its names against the alias memory of everything stored before it."""
    extractor = extractor or EntityExtractor()
    todo = warehouse.articles_without_entities(con, MODEL_VERSION)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        texts = [article_text(title, body) for _, title, body, _, _ in chunk]
        found: list[list[Mention]] = []
        for first in range(0, len(chunk), NER_BATCH):
            found += extractor.mentions_batch(
                [text for _, text in texts[first : first + NER_BATCH]],
                [language for _, _, _, language, _ in chunk[first : first + NER_BATCH]],
            )
            progress("entities", start + min(first + NER_BATCH, len(chunk)), len(todo))
        mentions = {row[0]: (title_length, m) for row, (title_length, _), m in zip(chunk, texts, found, strict=True)}
        rows = entity_rows(mentions, AliasIndex.from_frame(warehouse.known_entity_aliases(con)))
        runs = pl.DataFrame(
            [{"article_id": a, "content_hash": h, "model_version": MODEL_VERSION} for a, _, _, _, h in chunk]
        )
        warehouse.save_entities(con, runs, rows.entities, rows.mentions, rows.merges)
    return len(todo)


def match_topics(con: duckdb.DuckDBPyConnection, topics_path: Path | None = None, progress: Progress = _quiet) -> int:
    """Keyword matching for articles not yet matched against these keywords; entity and rubric rules in SQL."""
    topics = load_topics(topics_path)
    version = rules_version(topics)
    matcher = KeywordMatcher(topics)
    todo = warehouse.articles_without_topic_run(con, version)
    for start in range(0, todo.height, TOPIC_BATCH):
        batch = todo.slice(start, TOPIC_BATCH)
        runs = batch.select("article_id", "content_hash", pl.lit(version).alias("rules_version"))
        warehouse.save_keyword_matches(con, runs, keyword_matches(batch, matcher))
        progress("topics", min(start + TOPIC_BATCH, todo.height), todo.height)
    return warehouse.rebuild_article_topics(con, topic_rules(topics))


def build_models(
    con: duckdb.DuckDBPyConnection,
    models: list[SqlModel] | None = None,
    progress: Progress = _quiet,
    full: bool = False,
) -> dict[str, int]:
    """Every model, in dependency order; incremental models rebuild only the days whose facts changed."""
    report = build_incrementally(con, models or load_models(), full=full)
    progress("models", len(report), len(report))
    return {name: rows for name, (_, rows) in report.items()}
