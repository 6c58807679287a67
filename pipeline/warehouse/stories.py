"""Near-duplicate signatures per article text, and the story clusters rebuilt from them whole."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.warehouse.articles import upsert_signatures
from pipeline.warehouse.core import transaction


def article_signatures(con: duckdb.DuckDBPyConnection, method: str) -> pl.DataFrame:
    """Every article with its current text's signature (null when it has none from `method` yet).

    The cast gives the schema's fixed-size array back on the lake, whose type system stores it as a list."""
    return con.execute(
        """
        SELECT a.article_id, a.content_hash, a.published_at, CAST(s.minhash AS UINTEGER[32]) AS minhash
        FROM articles a LEFT JOIN article_signatures s
          ON s.article_id = a.article_id AND s.content_hash = a.content_hash AND s.method = $m
        """,
        {"m": method},
    ).pl()


def texts_without_signature(con: duckdb.DuckDBPyConnection, method: str) -> pl.DataFrame:
    """Articles whose current text has no signature from `method` (a method change, or rows from older code)."""
    return con.execute(
        """
        SELECT a.article_id, a.content_hash, a.title, a.body
        FROM articles a LEFT JOIN article_signatures s
          ON s.article_id = a.article_id AND s.content_hash = a.content_hash AND s.method = $m
        WHERE s.article_id IS NULL
        """,
        {"m": method},
    ).pl()


def save_stories(con: duckdb.DuckDBPyConnection, signatures: pl.DataFrame, clusters: pl.DataFrame) -> None:
    """New signatures, and the clusters derived from all of them replacing the previous clustering: only rows that
    changed are written, so re-clustering a million articles after a small import stays cheap."""
    with transaction(con):
        upsert_signatures(con, signatures)
        con.register("_clusters", clusters)
        try:
            con.execute(
                """
                DELETE FROM story_clusters s USING (
                    SELECT * FROM story_clusters
                    EXCEPT SELECT article_id, story_id, duplicate, similarity FROM _clusters
                ) gone
                WHERE s.article_id = gone.article_id
                """
            )
            con.execute(
                "INSERT INTO story_clusters BY NAME SELECT * FROM _clusters ANTI JOIN story_clusters USING (article_id)"
            )
        finally:
            con.unregister("_clusters")
