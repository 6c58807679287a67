"""Structural checks of the warehouse: keys held by one row each, and marts that add up to one another.

The DuckDB file enforces its primary keys, but the lake profile's DuckLake has none (several importers write it at
once), and the marts are rebuilt incrementally, a window of days at a time: a key written twice or a weekly mart that
missed a rebuilt day would skew every chart quietly. Each check returns a `health.Verdict`, as the health checks do.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from pipeline.health import Verdict
from pipeline.warehouse.lake import primary_keys

Check = Callable[[duckdb.DuckDBPyConnection], Verdict]

# The tables whose keys every mart and join relies on; the columns come from the schema's PRIMARY KEY clauses.
KEYED_TABLES = (
    "articles",
    "pages",
    "headlines",
    "headline_sightings",
    "categories",
    "article_categories",
    "story_clusters",
    "entities",
    "article_entities",
    "article_topics",
)


def unique_key(table: str) -> Check:
    """A check that no value of `table`'s primary key is held by two rows (NULL keys count as one value)."""
    key = primary_keys()[table]
    columns = ", ".join(key)

    def check(con: duckdb.DuckDBPyConnection) -> Verdict:
        keys, rows = con.execute(
            f"SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM {table} GROUP BY {columns} "
            "HAVING count(*) > 1)"
        ).fetchone()
        return Verdict(keys == 0, f"{keys} {table} keys ({columns}) held by {rows} rows", {"repeated_keys": keys})

    check.__name__ = "unique_key"
    check.__doc__ = f"Each ({columns}) is one row of {table}: a repeated key double-counts it in every mart."
    return check


def weekly_matches_daily(con: duckdb.DuckDBPyConnection) -> Verdict:
    """mart_topic_weekly's articles and stories per (ISO week, topic) equal the sums of mart_topic_daily's over the
    week's days: an article is published on one day, so a week's distinct articles are its days' distinct articles."""
    mismatched, example = con.execute(
        """
        WITH daily AS (
            SELECT CAST(date_trunc('week', day) AS DATE) AS week, topic_kind, topic,
                   sum(articles) AS articles, sum(stories) AS stories
            FROM mart_topic_daily GROUP BY ALL
        )
        SELECT count(*), any_value(concat_ws(' ', week, topic_kind, topic))
        FROM mart_topic_weekly AS w FULL JOIN daily AS d USING (week, topic_kind, topic)
        WHERE w.articles IS DISTINCT FROM d.articles OR w.stories IS DISTINCT FROM d.stories
        """
    ).fetchone()
    return Verdict(mismatched == 0, f"{mismatched} week × topic rows disagree with the daily mart", _example(example))


def by_source_matches_daily(con: duckdb.DuckDBPyConnection) -> Verdict:
    """mart_topic_daily_by_source's articles, summed over sources, equal mart_topic_daily's per (day, topic): each
    article has exactly one source, so splitting a day's topic by source neither loses nor repeats an article."""
    mismatched, example = con.execute(
        """
        WITH by_source AS (
            SELECT day, topic_kind, topic, sum(articles) AS articles
            FROM mart_topic_daily_by_source GROUP BY ALL
        )
        SELECT count(*), any_value(concat_ws(' ', day, topic_kind, topic))
        FROM mart_topic_daily AS d FULL JOIN by_source AS s USING (day, topic_kind, topic)
        WHERE d.articles IS DISTINCT FROM s.articles
        """
    ).fetchone()
    return Verdict(mismatched == 0, f"{mismatched} day × topic rows disagree with the daily mart", _example(example))


def _example(row: str | None) -> dict[str, float | int | str]:
    return {"example": row} if row else {}
