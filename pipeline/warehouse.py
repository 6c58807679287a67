"""The DuckDB warehouse: opening it at the current schema, and each stage's load as one transaction.

Every write here is either an upsert on a primary key or a delete-then-insert of the rows it owns, inside one
transaction, so a re-run gives the same rows and a run killed mid-load leaves the previous state.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.schema import ARTICLE_COLUMNS, LATEST_VERSION, MIGRATIONS
from pipeline.urls import canonicalize_url

CORE_TABLES = ("articles", "headlines", "entities", "categories", "fetch_log")


class WarehouseError(RuntimeError):
    pass


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse and bring its schema up to date; a locked file gets a plain-words error."""
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise WarehouseError(f"cannot open {path}: {exc}. Is another newsdesk or Dagster run using it?") from exc
    if not read_only:
        migrate(con)
    return con


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    for version, ddl in MIGRATIONS:
        if version > current:
            with transaction(con):
                con.execute(ddl)
                con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [version])
    if current > LATEST_VERSION:
        raise WarehouseError(f"warehouse schema v{current} is newer than this newsdesk (v{LATEST_VERSION})")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_frame", frame)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
        finally:
            con.unregister("_frame")


def save_crawl(
    con: duckdb.DuckDBPyConnection, source: Source, attempts: list[FetchAttempt], pages: list[ArchivedPage]
) -> None:
    log = pl.DataFrame([_attempt_row(a) for a in attempts], schema=FETCH_LOG_SCHEMA)
    page_rows = pl.DataFrame([_page_row(p) for p in pages], schema=PAGES_SCHEMA)
    with transaction(con):
        con.execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
            [source.name, list(source.start_urls), source.rate_limit],
        )
        insert_frame(con, "fetch_log", log)
        insert_frame(con, "pages", page_rows)


def pages_to_parse(con: duckdb.DuckDBPyConnection, parser_version: str) -> list[tuple]:
    """Fetched HTML pages that have no parse result from this parser version yet."""
    return con.execute(
        """
        SELECT p.page_id, p.source, p.final_url, p.content_type, p.warc_file, p.warc_offset
        FROM pages p
        WHERE p.status = 200
          AND p.page_id NOT IN (SELECT page_id FROM parsed_articles WHERE parser_version = $v)
          AND p.page_id NOT IN (SELECT page_id FROM parse_errors WHERE parser_version = $v)
        ORDER BY p.fetched_at, p.page_id
        """,
        {"v": parser_version},
    ).fetchall()


def save_parsed(
    con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, headlines: pl.DataFrame, errors: pl.DataFrame
) -> None:
    """A page's parse result replaces its previous one, whichever way either went."""
    page_ids = pl.concat([articles.select("page_id"), errors.select("page_id")])
    with transaction(con):
        delete_for(con, ("parsed_articles", "parsed_headlines", "parse_errors"), "page_id", page_ids)
        insert_frame(con, "parsed_articles", articles)
        insert_frame(con, "parsed_headlines", headlines)
        insert_frame(con, "parse_errors", errors)


def known_pages(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, datetime]:
    """Canonical URLs fetched before, with when: HTML pages archived, and links skipped as not HTML."""
    archived = con.execute(
        "SELECT canonical_url, max(fetched_at) FROM pages WHERE source = ? AND status = 200 GROUP BY 1", [source]
    ).fetchall()
    skipped = con.execute(
        "SELECT url, max(fetched_at) FROM fetch_log WHERE source = ? AND kind = 'page' AND error LIKE 'skipped:%' "
        "GROUP BY 1",
        [source],
    ).fetchall()
    known = {canonicalize_url(url): at for url, at in skipped}
    known.update(archived)
    return known


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def utc_naive(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP columns hold UTC wall time; aware datetimes are converted, naive ones taken as UTC."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def _attempt_row(attempt: FetchAttempt) -> dict[str, object]:
    row = asdict(attempt)
    row["fetched_at"] = utc_naive(attempt.fetched_at)
    return row


def _page_row(page: ArchivedPage) -> dict[str, object]:
    row = asdict(page)
    del row["body"]
    row["fetched_at"] = utc_naive(page.fetched_at)
    row["canonical_url"] = canonicalize_url(page.final_url)
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


def parsed_articles_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every parsed article with its page's source and fetch time: the input of normalization."""
    return con.execute(
        """
        SELECT a.*, p.source, p.final_url, p.fetched_at
        FROM parsed_articles a JOIN pages p USING (page_id)
        """
    ).pl()


def parsed_headlines_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.execute(
        """
        SELECT h.*, p.source, p.fetched_at
        FROM parsed_headlines h JOIN pages p USING (page_id)
        """
    ).pl()


# On an update the row takes the new version's values, except the id and the first/last seen span.
ARTICLE_UPDATE_COLUMNS = tuple(c for c in ARTICLE_COLUMNS if c not in ("article_id", "first_seen", "last_seen"))


def upsert_articles(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame) -> None:
    """A newer version replaces the row but keeps the earliest first_seen; call inside a transaction."""
    if not articles.height:
        return
    updates = ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_UPDATE_COLUMNS)
    con.register("_articles", articles)
    try:
        con.execute(
            f"""
            INSERT INTO articles BY NAME SELECT * FROM _articles
            ON CONFLICT (article_id) DO UPDATE SET {updates},
                first_seen = least(articles.first_seen, excluded.first_seen),
                last_seen = greatest(articles.last_seen, excluded.last_seen)
            """
        )
    finally:
        con.unregister("_articles")


def save_normalized(
    con: duckdb.DuckDBPyConnection,
    articles: pl.DataFrame,
    categories: pl.DataFrame,
    article_categories: pl.DataFrame,
    headlines: pl.DataFrame,
    sightings: pl.DataFrame,
    unknown_rubrics: pl.DataFrame,
) -> None:
    """Articles are upserted (imports live there too); rail tables are rebuilt whole from every parsed rail."""
    with transaction(con):
        upsert_articles(con, articles)
        con.execute("DELETE FROM categories")
        insert_frame(con, "categories", categories)
        delete_for(con, ("article_categories",), "article_id", articles)
        insert_frame(con, "article_categories", article_categories)
        for table, frame in (
            ("headlines", headlines),
            ("headline_sightings", sightings),
            ("unknown_rubrics", unknown_rubrics),
        ):
            con.execute(f"DELETE FROM {table}")
            insert_frame(con, table, frame)


def articles_without_entities(con: duckdb.DuckDBPyConnection, model_version: str) -> list[tuple]:
    """Articles whose current text has not been through this NER model version yet."""
    return con.execute(
        """
        SELECT a.article_id, a.title, a.body, a.language, a.content_hash
        FROM articles a LEFT JOIN entity_runs r
          ON r.article_id = a.article_id AND r.content_hash = a.content_hash AND r.model_version = $v
        WHERE r.article_id IS NULL
        ORDER BY a.article_id
        """,
        {"v": model_version},
    ).fetchall()


def save_entities(
    con: duckdb.DuckDBPyConnection,
    runs: pl.DataFrame,
    entities: pl.DataFrame,
    article_entities: pl.DataFrame,
    mentions: pl.DataFrame,
) -> None:
    """Replace the processed articles' entity rows; aliases are re-derived from all mentions."""
    with transaction(con):
        con.register("_entities", entities)
        try:
            con.execute("INSERT OR IGNORE INTO entities BY NAME SELECT * FROM _entities")
        finally:
            con.unregister("_entities")
        delete_for(con, ("article_entities", "entity_mentions", "entity_runs"), "article_id", runs)
        insert_frame(con, "article_entities", article_entities)
        insert_frame(con, "entity_mentions", mentions)
        insert_frame(con, "entity_runs", runs)
        con.execute("DELETE FROM entity_aliases")
        con.execute(
            """
            INSERT INTO entity_aliases
            SELECT entity_id, text, count(*) FROM entity_mentions GROUP BY entity_id, text
            """
        )


def delete_for(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], key: str, keys: pl.DataFrame) -> None:
    con.register("_keys", keys.select(key).unique())
    try:
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM _keys)")
    finally:
        con.unregister("_keys")
