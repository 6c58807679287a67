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
    con.execute("INSERT INTO parse_errors VALUES ('p', 's', 'u', '1', 'empty page', 'open')")
    assert not health.parse_error_rate(con).passed


def _page(con: duckdb.DuckDBPyConnection, page_id: str, source: str, access: str, parsed: bool = True) -> None:
    if parsed:
        con.execute(
            "INSERT INTO pages (page_id, source, url, canonical_url, final_url, status, fetched_at, warc_file, "
            "warc_offset) VALUES (?, ?, ?, ?, ?, 200, now(), 'f', 0)",
            [page_id, source, page_id, page_id, page_id],
        )
        con.execute(
            "INSERT INTO parsed_articles (page_id, parser_version, authors, tags, access) VALUES (?, '1', [], [], ?)",
            [page_id, access],
        )
    else:
        con.execute(
            "INSERT INTO parse_errors VALUES (?, ?, ?, '1', 'no article body found', ?)",
            [page_id, source, page_id, access],
        )


def test_sources_behind_paywalls_or_javascript_are_flagged(con: duckdb.DuckDBPyConnection) -> None:
    for n in range(10):
        _page(con, f"open-{n}", "open.example", "open")
        _page(con, f"wall-{n}", "wall.example", "paywalled" if n < 3 else "open")
        _page(con, f"app-{n}", "app.example", "needs_javascript" if n < 5 else "open", parsed=n >= 5)
    _page(con, "one-wall", "mostly-open.example", "paywalled")
    for n in range(9):
        _page(con, f"mostly-{n}", "mostly-open.example", "open")
    verdict = health.page_access(con)
    assert not verdict.passed
    assert verdict.summary == "app.example: 50% of pages need JavaScript; wall.example: 30% of pages paywalled"
    assert verdict.details["mostly-open.example"] == "10 pages: 1 paywalled, 0 need JavaScript"


def test_a_readable_warehouse_passes_the_access_check(con: duckdb.DuckDBPyConnection) -> None:
    _page(con, "a", "open.example", "open")
    assert health.page_access(con).passed
