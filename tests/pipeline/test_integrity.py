from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline import integrity, warehouse
from pipeline.sql_models import run_models
from pipeline.warehouse.core import migrate
from pipeline.warehouse.lake import lake_ddl


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = warehouse.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


@pytest.fixture()
def keyless() -> duckdb.DuckDBPyConnection:
    """The schema without its keys, as the lake profile's DuckLake holds it: the only place a key can repeat."""
    connection = duckdb.connect()
    migrate(connection, lake_ddl)
    yield connection
    connection.close()


@pytest.mark.parametrize("table", integrity.KEYED_TABLES)
def test_a_repeated_key_fails_its_tables_check(keyless: duckdb.DuckDBPyConnection, table: str) -> None:
    check = integrity.unique_key(table)
    assert check.__doc__ and table in check.__doc__
    key = integrity.primary_keys()[table]
    # Only the key columns are filled (the keyless DDL keeps NOT NULL, so relax it for this planted row).
    for column, nullable in keyless.execute(
        "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall():
        if nullable == "NO" and column not in key:
            keyless.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL")
    insert = f"INSERT INTO {table} ({', '.join(key)}) VALUES ({', '.join('1' for _ in key)})"
    keyless.execute(insert)
    assert check(keyless).passed
    keyless.execute(insert)
    verdict = check(keyless)
    assert not verdict.passed and verdict.details == {"repeated_keys": 1}


def add(con: duckdb.DuckDBPyConnection, article_id: str, when: datetime, source: str, rubric: str) -> None:
    con.execute(
        "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
        "content_hash, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, [], [], ?, now(), now())",
        [article_id, source, article_id, article_id, when, rubric, article_id],
    )


@pytest.fixture()
def built(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Two sources over ten days (two ISO weeks), two rubrics: weeks and sources each sum several daily rows."""
    start = datetime(2026, 9, 3, 9)  # a Thursday
    for n in range(30):
        add(con, f"a{n}", start + timedelta(days=n % 10, hours=n % 5), ("s1", "s2")[n % 2], ("Мир", "Спорт")[n % 3 > 0])
    run_models(con)
    return con


def test_weekly_mart_agrees_with_daily_and_fails_when_a_day_is_missed(built: duckdb.DuckDBPyConnection) -> None:
    assert built.execute("SELECT max(articles) FROM mart_topic_weekly").fetchone()[0] > 5  # sums of several days
    assert integrity.weekly_matches_daily(built).passed
    built.execute("DELETE FROM mart_topic_daily WHERE day = DATE '2026-09-04' AND topic_kind = 'rubric'")
    verdict = integrity.weekly_matches_daily(built)
    assert not verdict.passed and verdict.details["example"].startswith("2026-08-31 rubric")


def test_weekly_stories_are_checked_too(built: duckdb.DuckDBPyConnection) -> None:
    built.execute("UPDATE mart_topic_weekly SET stories = stories - 1 WHERE week = DATE '2026-09-07'")
    assert not integrity.weekly_matches_daily(built).passed


def test_by_source_mart_sums_to_daily_and_fails_on_a_planted_row(built: duckdb.DuckDBPyConnection) -> None:
    assert built.execute("SELECT count(DISTINCT source) FROM mart_topic_daily_by_source").fetchone()[0] == 2
    assert integrity.by_source_matches_daily(built).passed
    built.execute(
        "INSERT INTO mart_topic_daily_by_source (day, source, topic_kind, topic, articles, source_day_articles, share) "
        "VALUES (DATE '2026-09-05', 's3', 'rubric', 'Мир', 1, 1, 1.0)"
    )
    verdict = integrity.by_source_matches_daily(built)
    assert not verdict.passed and verdict.summary.startswith("1 day × topic")
