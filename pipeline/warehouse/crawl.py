"""The crawl's rows: sources, the fetch log and the archive index of pages, and what earlier runs already fetched."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.crawl import ArchivedDocument
from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.urls import canonicalize_url
from pipeline.warehouse.core import insert_frame, merge_frame, retrying, transaction, utc_naive


def save_crawl(
    con: duckdb.DuckDBPyConnection, source: Source, attempts: list[FetchAttempt], pages: list[ArchivedPage]
) -> None:
    log = pl.DataFrame([_attempt_row(a) for a in attempts], schema=FETCH_LOG_SCHEMA)
    page_rows = pl.DataFrame([_page_row(p) for p in pages], schema=PAGES_SCHEMA)
    # Crawlers save at once on the lake: a batch whose commit lost a race is saved again.
    retrying(lambda: _save_crawl(con, source, log, page_rows))


def _save_crawl(con: duckdb.DuckDBPyConnection, source: Source, log: pl.DataFrame, page_rows: pl.DataFrame) -> None:
    with transaction(con):
        merge_frame(
            con,
            "sources",
            pl.DataFrame(
                {"source": [source.name], "start_urls": [list(source.start_urls)], "rate_limit": [source.rate_limit]},
                schema={"source": pl.String, "start_urls": pl.List(pl.String), "rate_limit": pl.Float64},
            ),
            ("source",),
        )
        insert_frame(con, "fetch_log", log)
        insert_frame(con, "pages", page_rows)


def pages_to_parse(
    con: duckdb.DuckDBPyConnection, parser_version: str, every_page: bool = False, day: date | None = None
) -> list[tuple]:
    """Fetched HTML pages that have no parse result from this parser version yet (`every_page`: all of them);
    `day` keeps to the pages fetched that UTC day."""
    return con.execute(
        """
        SELECT p.page_id, p.source, p.final_url, p.content_type, p.warc_file, p.warc_offset
        FROM pages p
        WHERE p.status = 200 AND ($every OR (
              p.page_id NOT IN (SELECT page_id FROM parsed_articles WHERE parser_version = $v)
          AND p.page_id NOT IN (SELECT page_id FROM parse_errors WHERE parser_version = $v)))
          AND ($day IS NULL OR CAST(p.fetched_at AS DATE) = $day)
        ORDER BY p.fetched_at, p.page_id
        """,
        {"v": parser_version, "every": every_page, "day": day},
    ).fetchall()


def known_pages(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, datetime]:
    """Canonical URLs fetched before, with when: each archived page under every name it went by (the link's URL,
    where it redirected to, its rel=canonical), and links skipped as not HTML."""
    archived = con.execute(
        """
        SELECT name, max(fetched_at) FROM (
            SELECT url AS name, fetched_at FROM pages WHERE source = $s AND status = 200
            UNION ALL SELECT final_url, fetched_at FROM pages WHERE source = $s AND status = 200
            UNION ALL SELECT canonical_url, fetched_at FROM pages WHERE source = $s AND status = 200
        ) GROUP BY 1
        """,
        {"s": source},
    ).fetchall()
    skipped = con.execute(
        "SELECT url, max(fetched_at) FROM fetch_log WHERE source = ? AND kind = 'page' AND error LIKE 'skipped:%' "
        "GROUP BY 1",
        [source],
    ).fetchall()
    known: dict[str, datetime] = {}
    for url, at in [*skipped, *archived]:
        key = canonicalize_url(url)
        known[key] = max(at, known.get(key, at))
    return known


def archived_documents(con: duckdb.DuckDBPyConnection, archive_dir: Path) -> dict[str, ArchivedDocument]:
    """The newest good copy of each feed, sitemap and listing still in the archive, for conditional GETs."""
    rows = con.execute(
        """
        SELECT url, etag, last_modified, warc_file, warc_offset FROM fetch_log
        WHERE kind = 'discovery' AND status = 200 AND error IS NULL AND warc_file IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1
        """
    ).fetchall()
    return {
        url: ArchivedDocument(etag, modified, warc_file, offset)
        for url, etag, modified, warc_file, offset in rows
        if (etag or modified) and (archive_dir / warc_file).exists()
    }


def _attempt_row(attempt: FetchAttempt) -> dict[str, object]:
    row = asdict(attempt)
    row["fetched_at"] = utc_naive(attempt.fetched_at)
    return row


def _page_row(page: ArchivedPage) -> dict[str, object]:
    row = asdict(page)
    del row["body"]
    row["fetched_at"] = utc_naive(page.fetched_at)
    row["canonical_url"] = page.canonical_url or canonicalize_url(page.final_url)
    return row


FETCH_LOG_SCHEMA = {
    "url": pl.String,
    "final_url": pl.String,
    "status": pl.Int32,
    "error": pl.String,
    "attempt": pl.Int32,
    "bytes": pl.Int64,
    "elapsed_ms": pl.Float64,
    "fetched_at": pl.Datetime("us"),
    "content_type": pl.String,
    "source": pl.String,
    "kind": pl.String,
    "warc_file": pl.String,
    "warc_offset": pl.Int64,
    "etag": pl.String,
    "last_modified": pl.String,
}
PAGES_SCHEMA = {
    "page_id": pl.String,
    "source": pl.String,
    "url": pl.String,
    "final_url": pl.String,
    "status": pl.Int32,
    "content_type": pl.String,
    "fetched_at": pl.Datetime("us"),
    "warc_file": pl.String,
    "warc_offset": pl.Int64,
    "canonical_url": pl.String,
}
