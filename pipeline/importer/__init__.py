"""`newsdesk import`: articles collected elsewhere, as JSON Lines, Parquet or WARC.

Each bad record is reported with its file and record (line) number and kept in `import_errors`; the rest load.
JSON Lines and Parquet records go straight to normalization, a chunk at a time (polars holds one chunk), and are
staged on disk; each file is then written in one transaction: a run killed midway leaves the warehouse as it was
before that file, and running the same import again completes it. WARC responses become archived pages and go
through the parser. On the lake, where importers run at once, a file whose commit lost a race is imported again, and
`unknown_rubrics` (counted over the whole warehouse) is left to the step that follows the shards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline import warehouse
from pipeline.archive import iter_responses
from pipeline.importer.records import Chunk, jsonl_chunks, parquet_chunks
from pipeline.importer.validate import given_categories, parse_rows
from pipeline.normalize import Taxonomy, article_categories, load_taxonomy, normalize_articles, signatures
from pipeline.urls import canonicalize_url, url_id


@dataclass(frozen=True)
class ImportIssue:
    file: str
    record: int
    error: str


@dataclass
class ImportReport:
    records: int = 0
    articles_added: int = 0
    pages: int = 0
    errors: list[ImportIssue] = field(default_factory=list)


def import_paths(
    con: duckdb.DuckDBPyConnection, paths: list[Path], taxonomy: Taxonomy | None = None, count_rubrics: bool = True
) -> ImportReport:
    """`count_rubrics=False` for a shard beside others: two shards recounting `unknown_rubrics` at once from an empty
    table each delete nothing, so DuckLake sees no conflict and keeps both inserts (every rubric twice)."""
    report = ImportReport()
    taxonomy = taxonomy or load_taxonomy()
    _import_all(con, paths, taxonomy, report)
    if count_rubrics:
        warehouse.retrying(lambda: _refresh_unknown_rubrics(con))
    return report


def _refresh_unknown_rubrics(con: duckdb.DuckDBPyConnection) -> None:
    with warehouse.transaction(con):
        warehouse.refresh_unknown_rubrics(con)


def _import_all(con: duckdb.DuckDBPyConnection, paths: list[Path], taxonomy: Taxonomy, report: ImportReport) -> None:
    for path in paths:
        if not path.is_file():
            report.errors.append(ImportIssue(str(path), 0, "no such file"))
            continue
        if path.name.endswith((".warc", ".warc.gz")):
            report.pages += _import_warc(con, path)
            continue
        attempt = warehouse.retrying(lambda path=path: _import_file(con, path, taxonomy))
        report.records += attempt.records
        report.errors += attempt.errors
        report.articles_added += attempt.articles_added


def _article_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def _import_file(con: duckdb.DuckDBPyConnection, path: Path, taxonomy: Taxonomy) -> ImportReport:
    """One attempt at one file, counted apart so that an attempt redone after a lost commit is not counted twice."""
    report = ImportReport()
    _import_records(con, path, taxonomy, report)
    return report


def _chunks(path: Path) -> Iterator[Chunk]:
    return parquet_chunks(path) if path.name.endswith(".parquet") else jsonl_chunks(path)


def _import_records(con: duckdb.DuckDBPyConnection, path: Path, taxonomy: Taxonomy, report: ImportReport) -> None:
    """The file's modification time stands for when its articles were seen, so importing the same file twice
    yields the same rows, first_seen and last_seen included."""
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    now = datetime.now(UTC)
    name, imported_at = str(path), now.replace(tzinfo=None)
    with warehouse.staging() as staged:
        for chunk in _chunks(path):
            rows, issues = parse_rows(chunk.frame, fetched_at, now)
            articles = normalize_articles(rows.drop("record", "categories"), taxonomy)
            categories = pl.concat([given_categories(rows, taxonomy), article_categories(articles)]).unique()
            unreadable = pl.DataFrame(chunk.unreadable, schema={"record": pl.Int64, "error": pl.String}, orient="row")
            errors = pl.concat([unreadable, issues]).sort("record")
            warehouse.stage_chunk(
                staged,
                articles,
                categories,
                signatures(articles),
                errors.select(pl.lit(name).alias("file"), "record", "error", pl.lit(imported_at).alias("imported_at")),
            )
            report.records += rows.height
            report.errors += [ImportIssue(name, record, error) for record, error in errors.iter_rows()]
        with warehouse.transaction(con):
            # Counted inside the transaction, which sees no other writer's rows (the lake has several).
            before = _article_count(con)
            warehouse.load_staged(con, staged)
            report.articles_added += _article_count(con) - before


def _import_warc(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Each HTML response becomes a page pointing into the given WARC file, to be parsed like a crawled one."""
    rows = []
    fetched_at = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    for offset, response in iter_responses(path):
        rows.append(
            {
                "page_id": url_id(f"{path.resolve()} {offset}"),
                "source": f"import:{path.name}",
                "url": response.url,
                "canonical_url": canonicalize_url(response.url),
                "final_url": response.url,
                "status": response.status,
                "content_type": response.headers.get("Content-Type"),
                "fetched_at": fetched_at,
                "warc_file": str(path.resolve()),
                "warc_offset": offset,
            }
        )
    frame = pl.DataFrame(rows, schema=warehouse.PAGES_SCHEMA)
    with warehouse.transaction(con):
        warehouse.delete_for(con, ("pages",), "page_id", frame)
        warehouse.insert_frame(con, "pages", frame)
    return frame.height
