"""`newsdesk import`: articles collected elsewhere, as JSON Lines, Parquet or WARC.

Each bad record is reported with its file and record number and kept in `import_errors`; the rest load. JSON Lines
and Parquet records go straight to normalization; WARC responses become archived pages and go through the parser.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipeline import warehouse
from pipeline.archive import iter_responses
from pipeline.normalize import load_taxonomy, matching_key, normalize_articles
from pipeline.pages import PARSED_ARTICLES_SCHEMA
from pipeline.parse.dates import parse_date
from pipeline.stages import Workspace
from pipeline.urls import canonicalize_url, url_id


@dataclass(frozen=True)
class ImportIssue:
    file: str
    record: int
    error: str


@dataclass
class ImportReport:
    articles: int = 0
    pages: int = 0
    errors: list[ImportIssue] = field(default_factory=list)


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(record number, record) pairs; a string record is the reason it could not be read."""
    if path.name.endswith(".parquet"):
        for number, row in enumerate(pl.read_parquet(path).iter_rows(named=True), start=1):
            yield number, row
        return
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield number, "invalid UTF-8"
                continue
            except json.JSONDecodeError as exc:
                yield number, f"invalid JSON: {exc.msg}"
                continue
            yield number, record if isinstance(record, dict) else "not a JSON object"


def validate(record: dict[str, Any]) -> dict[str, Any]:
    """A record as a parse row, or ValueError with the reason in plain words."""
    url = record.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError("no http(s) url")
    published = record.get("published_at")
    moment = parse_date(str(published)) if published not in (None, "") else None
    if published not in (None, "") and moment is None:
        raise ValueError(f"unparsable published_at {published!r}")
    categories = record.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ValueError("categories must be a list of strings")
    offset = moment.utcoffset() if moment else None
    return {
        "page_id": "import",
        "parser_version": None,
        "url": url,
        "canonical_url": url,
        "title": _text(record, "title"),
        "lead": _text(record, "lead"),
        "body": _text(record, "body"),
        "published_at": warehouse.utc_naive(moment) if moment else None,
        "published_offset_minutes": int(offset.total_seconds() // 60) if offset is not None else None,
        "updated_at": None,
        "authors": [],
        "rubric": _text(record, "rubric"),
        "tags": [],
        "language": _text(record, "language"),
        "source": _text(record, "source") or "import",
        "final_url": url,
        "categories": categories,
    }


def _text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def import_paths(con: duckdb.DuckDBPyConnection, workspace: Workspace, paths: list[Path]) -> ImportReport:
    report = ImportReport()
    for path in paths:
        if path.name.endswith((".warc", ".warc.gz")):
            report.pages += _import_warc(con, path)
        else:
            report.articles += _import_records(con, path, report)
    return report


def _import_records(con: duckdb.DuckDBPyConnection, path: Path, report: ImportReport) -> int:
    rows, issues = [], []
    for number, record in _records(path):
        try:
            if isinstance(record, str):
                raise ValueError(record)
            rows.append(validate(record))
        except ValueError as exc:
            issues.append(ImportIssue(str(path), number, str(exc)))
    now = datetime.now(UTC).replace(tzinfo=None)
    schema = {
        **PARSED_ARTICLES_SCHEMA,
        "source": pl.String,
        "final_url": pl.String,
        "categories": pl.List(pl.String),
    }
    frame = pl.DataFrame(rows, schema=schema).with_columns(pl.lit(now).alias("fetched_at"))
    taxonomy = load_taxonomy()
    articles = normalize_articles(frame.drop("categories"), taxonomy)
    given = (
        frame.select(
            pl.col("url")
            .map_elements(lambda u: url_id(canonicalize_url(u)), return_dtype=pl.String)
            .alias("article_id"),
            pl.col("categories").list.eval(
                pl.element().map_elements(lambda c: _category(c, taxonomy.rubric_to_category), return_dtype=pl.String)
            ),
        )
        .explode("categories")
        .drop_nulls()
        .rename({"categories": "category"})
    )
    categories = pl.concat([given, articles.drop_nulls("category").select("article_id", "category")]).unique()
    errors = pl.DataFrame(
        [{"file": i.file, "record": i.record, "error": i.error} for i in issues],
        schema={"file": pl.String, "record": pl.Int64, "error": pl.String},
    ).with_columns(pl.lit(now).alias("imported_at"))
    with warehouse.transaction(con):
        warehouse.upsert_articles(con, articles)
        warehouse.delete_for(con, ("article_categories",), "article_id", articles)
        warehouse.insert_frame(con, "article_categories", categories)
        warehouse.insert_frame(con, "import_errors", errors)
    report.errors += issues
    return articles.height


def _category(name: str, mapping: dict[str, str]) -> str:
    key = matching_key(name)
    return mapping.get(key, key)


def _import_warc(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Each HTML response becomes a page pointing into the given WARC file, to be parsed like a crawled one."""
    rows = []
    for offset, response in iter_responses(path):
        fetched_at = datetime.now(UTC).replace(tzinfo=None)
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
