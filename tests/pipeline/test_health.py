from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline import health, warehouse
from pipeline.sql_models import run_models


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = warehouse.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def add(con: duckdb.DuckDBPyConnection, article_id: str, when: datetime | None, source: str = "s") -> None:
    con.execute(
        "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
        "content_hash, first_seen, last_seen) VALUES (?, ?, 'u', 'u', ?, 'Мир', [], [], 'h', now(), now())",
        [article_id, source, when],
    )


def test_missing_and_future_dates_fail(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "a", datetime(2026, 9, 1))
    assert health.publication_times(con).passed
    add(con, "b", None)
    add(con, "c", datetime.now() + timedelta(days=30))
    verdict = health.publication_times(con)
    assert not verdict.passed and verdict.details == {"missing": 1, "future": 1}


def test_a_source_whose_volume_collapses_is_flagged(con: duckdb.DuckDBPyConnection) -> None:
    start = datetime(2026, 9, 1, 12)
    for day in range(20):
        for n in range(10 if day < 19 else 1):
            add(con, f"{day}-{n}", start + timedelta(days=day))
    verdict = health.source_health(con)
    assert not verdict.passed and "1 articles on its last day against a median of 10" in verdict.summary


def test_mart_consistency_and_parse_error_rate(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "a", datetime(2026, 9, 1))
    run_models(con)
    assert health.mart_matches_articles(con).passed
    con.execute("UPDATE mart_topic_daily SET articles = 5")
    assert not health.mart_matches_articles(con).passed
    con.execute("INSERT INTO parse_errors VALUES ('p', 's', 'u', '1', 'empty page')")
    assert not health.parse_error_rate(con).passed
