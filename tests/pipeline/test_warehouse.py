from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from pipeline import warehouse
from pipeline.schema import LATEST_VERSION


def article(article_id: str, seen: datetime, title: str) -> dict[str, object]:
    return {
        "article_id": article_id,
        "source": "s",
        "url": f"http://s.test/{article_id}",
        "canonical_url": f"http://s.test/{article_id}",
        "title": title,
        "lead": None,
        "body": "text",
        "published_at": datetime(2026, 9, 1),
        "published_offset_minutes": 0,
        "updated_at": None,
        "language": "en",
        "rubric": None,
        "category": None,
        "authors": [],
        "tags": [],
        "content_hash": title,
        "first_seen": seen,
        "last_seen": seen,
        "parser_version": "1",
    }


def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    warehouse.connect(path).close()
    con = warehouse.connect(path)
    assert con.execute("SELECT max(version), count(*) FROM schema_version").fetchone() == (
        LATEST_VERSION,
        LATEST_VERSION,
    )
    assert set(warehouse.CORE_TABLES) <= set(warehouse.table_counts(con))


def test_upsert_replaces_an_article_but_keeps_its_first_seen(tmp_path: Path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    with warehouse.transaction(con):
        warehouse.upsert_articles(con, pl.DataFrame([article("a", datetime(2026, 9, 1), "v1")]))
    with warehouse.transaction(con):
        warehouse.upsert_articles(con, pl.DataFrame([article("a", datetime(2026, 9, 5), "v2")]))
    assert con.execute("SELECT title, first_seen, last_seen FROM articles").fetchall() == [
        ("v2", datetime(2026, 9, 1), datetime(2026, 9, 5))
    ]


def test_a_failed_load_leaves_the_previous_state(tmp_path: Path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    with warehouse.transaction(con):
        warehouse.upsert_articles(con, pl.DataFrame([article("a", datetime(2026, 9, 1), "v1")]))
    with pytest.raises(RuntimeError), warehouse.transaction(con):
        con.execute("DELETE FROM articles")
        raise RuntimeError("crash mid-load")
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_memory_limit_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_MEMORY_LIMIT", "2GB")
    con = warehouse.connect(tmp_path / "bounded.duckdb")
    try:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == "1.8 GiB"
    finally:
        con.close()
