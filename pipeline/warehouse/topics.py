"""Configured topics: keyword matches kept per article text, entity and rubric rules redone whole in SQL."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.warehouse.core import delete_for, insert_frame, transaction


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
