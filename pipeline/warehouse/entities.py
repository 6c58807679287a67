"""Entity rows: mentions are the table everything follows; counts and the alias memory derive from them."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.warehouse.core import delete_for, insert_frame, transaction


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
            con.execute(
                "INSERT INTO entities BY NAME SELECT DISTINCT * FROM _entities ANTI JOIN entities USING (entity_id)"
            )
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


# MERGE rather than ON CONFLICT: the lake has no keys for ON CONFLICT to find; the embedded file runs both.
ADD_MENTIONS = (
    "WHEN MATCHED THEN UPDATE SET mentions = t.mentions + s.mentions "
    "WHEN NOT MATCHED THEN INSERT (entity_id, alias, mentions) VALUES (s.entity_id, s.alias, s.mentions)"
)


def _count_aliases(con: duckdb.DuckDBPyConnection, mentions_sql: str, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) the surface forms and lemmas of some mentions in `entity_aliases`."""
    con.execute(
        f"""
        MERGE INTO entity_aliases t USING (
            SELECT entity_id, alias, {sign} * count(*) AS mentions FROM (
                SELECT entity_id, text AS alias FROM ({mentions_sql})
                UNION ALL
                SELECT entity_id, lemma FROM ({mentions_sql}) WHERE lemma <> text
            ) GROUP BY entity_id, alias
        ) s ON t.entity_id = s.entity_id AND t.alias = s.alias
        {ADD_MENTIONS}
        """
    )
    con.execute("DELETE FROM entity_aliases WHERE mentions <= 0")


def _move_aliases(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        MERGE INTO entity_aliases t USING (
            SELECT g.new_id AS entity_id, a.alias, sum(a.mentions) AS mentions
            FROM entity_aliases a JOIN _merges g ON a.entity_id = g.old_id
            GROUP BY g.new_id, a.alias
        ) s ON t.entity_id = s.entity_id AND t.alias = s.alias
        {ADD_MENTIONS}
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
