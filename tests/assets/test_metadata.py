"""What the UI shows after each materialization: every table's size, columns and newest rows, and per table (never one
stage's counts copied onto all of its tables) the rows new in the run and its errors."""

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from assets.definitions import all_assets
from assets.resources import CrawlResource, WarehouseResource

NOT_TABLES = {"parquet_exports", "trends_report"}
TABLE_KEYS = {"dagster/row_count", "dagster/column_schema", "preview"}

Metadata = dict[str, dict[str, Any]]


def materialize_all(db: Path) -> Metadata:
    result = dg.materialize(
        all_assets,
        resources={"warehouse": WarehouseResource(db_path=str(db)), "crawl": CrawlResource(sources_file=None)},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    materializations = [event.materialization for event in result.get_asset_materialization_events()]
    return {
        m.asset_key.to_user_string(): {key: value.value for key, value in m.metadata.items()} for m in materializations
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Metadata, Metadata, Path]:
    """The whole graph materialized twice into one warehouse: the second run finds the sample site unchanged."""
    db = tmp_path_factory.mktemp("metadata") / "w.duckdb"
    return materialize_all(db), materialize_all(db), db


def preview_column(markdown: str, column: str) -> list[str]:
    header, _, *rows = markdown.splitlines()
    index = [cell.strip() for cell in header.strip("|").split("|")].index(column)
    return [row.strip("|").split("|")[index].strip() for row in rows]


def test_every_table_asset_has_its_row_count_schema_and_preview(runs: tuple[Metadata, Metadata, Path]) -> None:
    first, _, db = runs
    tables = {key: metadata for key, metadata in first.items() if key not in NOT_TABLES}
    assert len(tables) == len(first) - len(NOT_TABLES) > 30
    assert {key for key, metadata in tables.items() if not metadata.keys() >= TABLE_KEYS} == set()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for key in ("articles", "parsed_headlines", "categories", "mart_topic_daily"):
            assert tables[key]["dagster/row_count"] == con.execute(f"SELECT count(*) FROM {key}").fetchone()[0] > 0
    finally:
        con.close()


def test_new_rows_are_each_tables_own_and_none_on_an_unchanged_rerun(runs: tuple[Metadata, Metadata, Path]) -> None:
    first, second, _ = runs
    for key in ("pages", "fetch_log", "articles", "article_signatures", "story_clusters", "entity_runs"):
        assert first[key]["new_rows"] == first[key]["dagster/row_count"] > 0, key
    assert first["articles"]["new_rows"] == 74
    assert {key: second[key]["new_rows"] for key in ("pages", "articles", "story_clusters", "entity_runs")} == {
        "pages": 0,
        "articles": 0,
        "story_clusters": 0,
        "entity_runs": 0,
    }
    assert 0 < second["fetch_log"]["new_rows"] < first["fetch_log"]["new_rows"], "only feeds and sitemaps again"
    # Rebuilt tables carry no count of new rows, and no table carries another's (categories once showed articles).
    assert first["categories"].keys() == TABLE_KEYS
    assert "new_rows" not in first["headlines"] and "articles" not in first["headlines"]


def test_fetch_and_parse_errors_are_on_the_tables_that_hold_them(runs: tuple[Metadata, Metadata, Path]) -> None:
    first, _, _ = runs
    assert first["pages"]["fetch_errors"] == first["fetch_log"]["fetch_errors"] >= 0
    assert first["parsed_articles"]["rows_written"] == first["parsed_articles"]["dagster/row_count"]
    assert first["parsed_articles"]["parse_errors"] == first["parse_errors"]["rows_written"]
    assert first["parse_errors"]["rows_written"] == first["parse_errors"]["dagster/row_count"]
    assert first["parsed_headlines"]["pages_parsed"] == first["pages"]["dagster/row_count"]


def test_previews_show_the_newest_rows_first(runs: tuple[Metadata, Metadata, Path]) -> None:
    first, _, db = runs
    con = duckdb.connect(str(db), read_only=True)
    try:
        newest = str(con.execute("SELECT max(published_at) FROM articles").fetchone()[0])
        latest_day = str(con.execute("SELECT max(day) FROM mart_topic_daily").fetchone()[0])
    finally:
        con.close()
    published = preview_column(first["articles"]["preview"], "published_at")
    assert published[0] == newest and published == sorted(published, reverse=True)
    fetched = preview_column(first["fetch_log"]["preview"], "fetched_at")
    assert fetched == sorted(fetched, reverse=True)
    assert preview_column(first["mart_topic_daily"]["preview"], "day")[0] == latest_day
