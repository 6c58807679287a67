"""An imported file's rows, staged chunk by chunk and written once, inside the file's one transaction.

Staging is what makes one transaction per file possible: an article whose URL comes back in a later chunk (an
updated copy) would otherwise be deleted and inserted again within the transaction, which DuckDB refuses once the
transaction's rows have spilled to disk ("duplicate key"). Staged tables have no keys; the final write sees each
article once, the newest copy.
"""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.warehouse.articles import replace_categories_from, upsert_articles_from, upsert_signatures_from
from pipeline.warehouse.core import insert_frame

STAGED = ("_staged_articles", "_staged_categories", "_staged_signatures")


def begin_staging(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE _staged_articles AS SELECT *, 0 AS chunk FROM articles LIMIT 0")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _staged_categories AS SELECT *, 0 AS chunk FROM article_categories LIMIT 0"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _staged_signatures AS SELECT *, 0 AS chunk FROM article_signatures LIMIT 0"
    )


def stage_chunk(
    con: duckdb.DuckDBPyConnection,
    chunk: int,
    articles: pl.DataFrame,
    article_categories: pl.DataFrame,
    signatures: pl.DataFrame,
    errors: pl.DataFrame,
) -> None:
    """One chunk's rows (later chunks win); its bad records go straight in, keyed by (file, record)."""
    for table, frame in zip(STAGED, (articles, article_categories, signatures), strict=True):
        insert_frame(con, table, frame.with_columns(pl.lit(chunk).alias("chunk")))
    insert_frame(con, "import_errors", errors, "INSERT OR REPLACE")


def load_staged(con: duckdb.DuckDBPyConnection) -> None:
    """Each staged article once, from the last chunk it appeared in, with the seen span of all its copies."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _newest AS
        SELECT article_id, max(chunk) AS chunk, min(first_seen) AS first_seen, max(last_seen) AS last_seen
        FROM _staged_articles GROUP BY article_id
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP VIEW _final_articles AS
        SELECT a.* EXCLUDE (chunk) REPLACE (n.first_seen AS first_seen, n.last_seen AS last_seen)
        FROM _staged_articles a JOIN _newest n USING (article_id, chunk)
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _final_categories AS "
        "SELECT c.article_id, c.category FROM _staged_categories c JOIN _newest n USING (article_id, chunk)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _final_signatures AS "
        "SELECT s.* EXCLUDE (chunk) FROM _staged_signatures s JOIN _newest n USING (article_id, chunk)"
    )
    upsert_articles_from(con, "_final_articles")
    replace_categories_from(con, "_newest", "_final_categories")
    upsert_signatures_from(con, "_final_signatures")
    for view in ("_final_articles", "_final_categories", "_final_signatures"):
        con.execute(f"DROP VIEW {view}")
    for table in (*STAGED, "_newest"):
        con.execute(f"DROP TABLE {table}")
