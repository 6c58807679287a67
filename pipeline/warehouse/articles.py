"""Normalized articles, rail headlines and categories: upserts that keep first_seen, rebuilt rail tables."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.schema import ARTICLE_COLUMNS
from pipeline.warehouse.core import insert_frame, transaction

# What a newer version of an article replaces: everything but the id and the first/last seen span.
ARTICLE_UPDATE_COLUMNS = tuple(c for c in ARTICLE_COLUMNS if c not in ("article_id", "first_seen", "last_seen"))


def upsert_articles(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame) -> None:
    """upsert_articles_from a frame."""
    if articles.height:
        con.register("_articles", articles)
        try:
            upsert_articles_from(con, "_articles")
        finally:
            con.unregister("_articles")


def upsert_articles_from(con: duckdb.DuckDBPyConnection, relation: str) -> None:
    """A newer version replaces the row but keeps the earliest first_seen; call inside a transaction.

    "Newer" is by last_seen, so loading an old export after a fresh crawl never rolls an article back. Rows that
    did not change only have their seen span widened: DuckDB's ON CONFLICT DO UPDATE rewrote every conflicting row
    whole (12 s per 100k re-imported articles), a delete and insert of just the changed ones costs a fraction."""
    unchanged = " AND ".join(f"i.{c} IS NOT DISTINCT FROM a.{c}" for c in ARTICLE_UPDATE_COLUMNS)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _span AS
        SELECT i.article_id,
               least(a.first_seen, i.first_seen) AS first_seen,
               greatest(a.last_seen, i.last_seen) AS last_seen,
               i.last_seen >= a.last_seen AND NOT ({unchanged}) AS replace
        FROM {relation} i JOIN articles a USING (article_id)
        """
    )
    con.execute(
        """
        UPDATE articles a SET first_seen = s.first_seen, last_seen = s.last_seen FROM _span s
        WHERE a.article_id = s.article_id AND NOT s.replace
          AND (a.first_seen <> s.first_seen OR a.last_seen <> s.last_seen)
        """
    )
    con.execute("DELETE FROM articles WHERE article_id IN (SELECT article_id FROM _span WHERE replace)")
    con.execute(
        f"""
        INSERT INTO articles BY NAME
        SELECT i.* REPLACE (coalesce(s.first_seen, i.first_seen) AS first_seen,
                            coalesce(s.last_seen, i.last_seen) AS last_seen)
        FROM {relation} i LEFT JOIN _span s USING (article_id)
        WHERE s.article_id IS NULL OR s.replace
        """
    )
    con.execute("DROP TABLE _span")


def save_normalized(
    con: duckdb.DuckDBPyConnection,
    articles: pl.DataFrame,
    categories: pl.DataFrame,
    article_categories: pl.DataFrame,
    headlines: pl.DataFrame,
    sightings: pl.DataFrame,
    signatures: pl.DataFrame,
) -> None:
    """Articles are upserted (imports live there too); rail tables are rebuilt whole from every parsed rail."""
    with transaction(con):
        upsert_articles(con, articles)
        con.execute("DELETE FROM categories")
        insert_frame(con, "categories", categories)
        replace_categories(con, articles, article_categories)
        upsert_signatures(con, signatures)
        for table, frame in (("headlines", headlines), ("headline_sightings", sightings)):
            con.execute(f"DELETE FROM {table}")
            insert_frame(con, table, frame)
        refresh_unknown_rubrics(con)


def replace_categories(con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, categories: pl.DataFrame) -> None:
    """replace_categories_from frames."""
    con.register("_category_articles", articles.select("article_id"))
    con.register("_categories", categories.select("article_id", "category"))
    try:
        replace_categories_from(con, "_category_articles", "_categories")
    finally:
        con.unregister("_category_articles")
        con.unregister("_categories")


def replace_categories_from(con: duckdb.DuckDBPyConnection, articles: str, categories: str) -> None:
    """The articles' categories become `categories`, writing only the difference: a re-import of a million
    articles whose categories did not change deletes and inserts nothing."""
    con.execute(
        f"""
        DELETE FROM article_categories c USING (
            SELECT article_id, category FROM article_categories SEMI JOIN {articles} USING (article_id)
            EXCEPT SELECT article_id, category FROM {categories}
        ) gone
        WHERE c.article_id = gone.article_id AND c.category = gone.category
        """
    )
    con.execute(
        f"INSERT INTO article_categories SELECT article_id, category "
        f"FROM (SELECT DISTINCT article_id, category FROM {categories}) "
        f"ANTI JOIN article_categories USING (article_id, category)"
    )


def upsert_signatures(con: duckdb.DuckDBPyConnection, signatures: pl.DataFrame) -> None:
    """upsert_signatures_from a frame."""
    con.register("_signatures", signatures)
    try:
        upsert_signatures_from(con, "_signatures")
    finally:
        con.unregister("_signatures")


def upsert_signatures_from(con: duckdb.DuckDBPyConnection, relation: str) -> None:
    """Only signatures of texts not sketched before by the same method are written.

    A delete and an insert rather than MERGE (which the lake needs instead of ON CONFLICT): MERGE took seconds per
    million new signatures where almost none replace an old one."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _fresh_signatures AS SELECT article_id, content_hash, method, minhash "
        f"FROM {relation} ANTI JOIN article_signatures USING (article_id, content_hash, method)"
    )
    con.execute("DELETE FROM article_signatures WHERE article_id IN (SELECT article_id FROM _fresh_signatures)")
    con.execute("INSERT INTO article_signatures BY NAME SELECT * FROM _fresh_signatures")
    con.execute("DROP TABLE _fresh_signatures")


def refresh_unknown_rubrics(con: duckdb.DuckDBPyConnection) -> None:
    """Counted over the whole warehouse, so rubrics that only imports brought in are reported too."""
    con.execute("DELETE FROM unknown_rubrics")
    con.execute(
        """
        INSERT INTO unknown_rubrics
        SELECT rubric, sum(articles), sum(headlines) FROM (
            SELECT rubric, count(*) AS articles, 0 AS headlines FROM articles
            WHERE rubric IS NOT NULL AND category IS NULL GROUP BY rubric
            UNION ALL
            SELECT rubric, 0, count(*) FROM headlines WHERE rubric IS NOT NULL AND category IS NULL GROUP BY rubric
        ) GROUP BY rubric
        """
    )
