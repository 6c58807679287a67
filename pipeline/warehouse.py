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

from pipeline.crawl import ArchivedDocument
from pipeline.records import ArchivedPage, FetchAttempt, Source
from pipeline.schema import ARTICLE_COLUMNS, LATEST_VERSION, MIGRATIONS
from pipeline.urls import canonicalize_url

CORE_TABLES = ("articles", "headlines", "entities", "categories", "fetch_log")


class WarehouseError(RuntimeError):
    pass


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse and bring its schema up to date; a locked file gets a plain-words error."""
    try:
        # Row order is never relied on (queries that need one say ORDER BY), and keeping it costs memory and time.
        con = duckdb.connect(str(path), read_only=read_only, config={"preserve_insertion_order": False})
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


def pages_to_parse(con: duckdb.DuckDBPyConnection, parser_version: str, every_page: bool = False) -> list[tuple]:
    """Fetched HTML pages that have no parse result from this parser version yet (`every_page`: all of them)."""
    return con.execute(
        """
        SELECT p.page_id, p.source, p.final_url, p.content_type, p.warc_file, p.warc_offset
        FROM pages p
        WHERE p.status = 200 AND ($every OR (
              p.page_id NOT IN (SELECT page_id FROM parsed_articles WHERE parser_version = $v)
          AND p.page_id NOT IN (SELECT page_id FROM parse_errors WHERE parser_version = $v)))
        ORDER BY p.fetched_at, p.page_id
        """,
        {"v": parser_version, "every": every_page},
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


def known_entity_aliases(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The alias memory that maps names seen before to their entities (columns: entities.KNOWN_SCHEMA)."""
    return con.execute(
        """
        SELECT a.entity_id, e.canonical, e.type, a.alias, a.mentions
        FROM entity_aliases a JOIN entities e USING (entity_id)
        """
    ).pl()


def save_entities(
    con: duckdb.DuckDBPyConnection,
    runs: pl.DataFrame,
    entities: pl.DataFrame,
    mentions: pl.DataFrame,
    merges: pl.DataFrame,
) -> None:
    """Replace the processed articles' mentions and fold merged entities into their new ids.

    `entity_mentions` is the table everything else follows. The per-article counts are re-derived for the articles
    touched; the alias memory is kept up to date by difference (the replaced mentions' aliases out, the new ones
    in, merged entities' aliases moved), so a batch costs the same in a warehouse of any size."""
    with transaction(con):
        con.register("_entities", entities)
        con.register("_merges", merges)
        con.register("_runs", runs.select("article_id"))
        try:
            con.execute("INSERT OR IGNORE INTO entities BY NAME SELECT * FROM _entities")
            _count_aliases(con, "SELECT * FROM entity_mentions WHERE article_id IN (SELECT article_id FROM _runs)", -1)
            delete_for(con, ("article_entities", "entity_mentions", "entity_runs"), "article_id", runs)
            insert_frame(con, "entity_mentions", mentions)
            insert_frame(con, "entity_runs", runs)
            _count_aliases(con, "SELECT * FROM entity_mentions WHERE article_id IN (SELECT article_id FROM _runs)", 1)
            con.execute(
                """
                CREATE OR REPLACE TEMP TABLE _touched AS
                SELECT DISTINCT article_id FROM entity_mentions WHERE entity_id IN (SELECT old_id FROM _merges)
                """
            )
            con.execute("UPDATE entity_mentions m SET entity_id = g.new_id FROM _merges g WHERE m.entity_id = g.old_id")
            _move_aliases(con)
            con.execute("DELETE FROM entities WHERE entity_id IN (SELECT old_id FROM _merges)")
            con.execute("DELETE FROM article_entities WHERE article_id IN (SELECT article_id FROM _touched)")
            _derive_article_entities(con)
        finally:
            for name in ("_entities", "_merges", "_runs"):
                con.unregister(name)


def _count_aliases(con: duckdb.DuckDBPyConnection, mentions_sql: str, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) the surface forms and lemmas of some mentions in `entity_aliases`."""
    con.execute(
        f"""
        INSERT INTO entity_aliases
        SELECT entity_id, alias, {sign} * count(*) FROM (
            SELECT entity_id, text AS alias FROM ({mentions_sql})
            UNION ALL
            SELECT entity_id, lemma FROM ({mentions_sql}) WHERE lemma <> text
        ) GROUP BY entity_id, alias
        ON CONFLICT (entity_id, alias) DO UPDATE SET mentions = entity_aliases.mentions + excluded.mentions
        """
    )
    con.execute("DELETE FROM entity_aliases WHERE mentions <= 0")


def _move_aliases(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        INSERT INTO entity_aliases
        SELECT g.new_id, a.alias, sum(a.mentions) FROM entity_aliases a JOIN _merges g ON a.entity_id = g.old_id
        GROUP BY g.new_id, a.alias
        ON CONFLICT (entity_id, alias) DO UPDATE SET mentions = entity_aliases.mentions + excluded.mentions
        """
    )
    con.execute("DELETE FROM entity_aliases WHERE entity_id IN (SELECT old_id FROM _merges)")


def _derive_article_entities(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        INSERT INTO article_entities
        SELECT article_id, entity_id, count(*), min(start_offset), bool_or(in_title)
        FROM entity_mentions
        WHERE article_id IN (SELECT article_id FROM _runs UNION SELECT article_id FROM _touched)
        GROUP BY article_id, entity_id
        """
    )


def delete_for(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], key: str, keys: pl.DataFrame) -> None:
    con.register("_keys", keys.select(key).unique())
    try:
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM _keys)")
    finally:
        con.unregister("_keys")


def articles_without_topic_run(con: duckdb.DuckDBPyConnection, rules_version: str) -> pl.DataFrame:
    """Articles whose current text has not been matched against this version of the keyword rules."""
    return con.execute(
        """
        SELECT a.article_id, a.title, a.lead, a.body, a.content_hash
        FROM articles a LEFT JOIN topic_runs r
          ON r.article_id = a.article_id AND r.content_hash = a.content_hash AND r.rules_version = $v
        WHERE r.article_id IS NULL
        ORDER BY a.article_id
        """,
        {"v": rules_version},
    ).pl()


def save_keyword_matches(con: duckdb.DuckDBPyConnection, runs: pl.DataFrame, matches: pl.DataFrame) -> None:
    with transaction(con):
        delete_for(con, ("article_keyword_matches", "topic_runs"), "article_id", runs)
        insert_frame(con, "article_keyword_matches", matches)
        insert_frame(con, "topic_runs", runs)


# Matching keys in SQL, as normalize.matching_key makes them in Python: lower case, ё as е, single spaces.
SQL_MATCHING_KEY = "regexp_replace(trim(replace(lower({0}), 'ё', 'е')), '\\s+', ' ', 'g')"


def rebuild_article_topics(con: duckdb.DuckDBPyConnection, rules: pl.DataFrame) -> int:
    """article_topics from keyword matches plus entity and rubric rules, which are cheap enough to redo whole."""
    entity_key = SQL_MATCHING_KEY.format("e.canonical")
    rubric_key = SQL_MATCHING_KEY.format("a.rubric")
    category_key = SQL_MATCHING_KEY.format("a.category")
    with transaction(con):
        con.execute("DELETE FROM topic_rules")
        insert_frame(con, "topic_rules", rules)
        con.execute("DELETE FROM article_topics")
        con.execute(
            f"""
            INSERT INTO article_topics
            WITH matches AS (
                SELECT m.article_id, m.topic, 'keyword:' || m.keyword AS matched_by
                FROM article_keyword_matches m
                UNION ALL
                SELECT ae.article_id, r.topic, 'entity:' || e.canonical
                FROM article_entities ae
                JOIN entities e ON e.entity_id = ae.entity_id
                JOIN topic_rules r ON r.rule_kind = 'entity' AND r.match_key = {entity_key}
                UNION ALL
                SELECT a.article_id, r.topic, 'rubric:' || r.value
                FROM articles a
                JOIN topic_rules r ON r.rule_kind = 'rubric'
                 AND (r.match_key = {rubric_key} OR r.match_key = {category_key})
            )
            SELECT article_id, topic, list(DISTINCT matched_by ORDER BY matched_by)
            FROM matches
            GROUP BY article_id, topic
            """
        )
    return con.execute("SELECT count(*) FROM article_topics").fetchone()[0]
