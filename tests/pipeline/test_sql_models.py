from pathlib import Path

import duckdb
import pytest

from pipeline.sql_models import ModelError, load_models, run_models, tables_read


def test_tables_read_skips_cte_names_and_finds_joined_tables() -> None:
    sql = """
        WITH recent AS (SELECT * FROM articles WHERE day > DATE '2026-01-01')
        SELECT r.article_id FROM recent r JOIN article_entities ae USING (article_id)
        WHERE r.source IN (SELECT source FROM sources)
    """
    assert tables_read(sql) == {"articles", "article_entities", "sources"}


def test_unparsable_sql_is_an_error_not_an_empty_dependency_list() -> None:
    with pytest.raises(ModelError):
        tables_read("SELECT FROM WHERE (")


def test_models_come_in_dependency_order_and_cycles_are_refused(tmp_path: Path) -> None:
    (tmp_path / "mart_b.sql").write_text("SELECT * FROM int_a")
    (tmp_path / "int_a.sql").write_text("SELECT 1 AS x FROM stg_c")
    (tmp_path / "stg_c.sql").write_text("SELECT 1 AS y")
    assert [m.name for m in load_models(tmp_path)] == ["stg_c", "int_a", "mart_b"]
    (tmp_path / "stg_c.sql").write_text("SELECT * FROM mart_b")
    with pytest.raises(ModelError, match="cycle"):
        load_models(tmp_path)


def test_a_file_without_a_layer_prefix_is_refused(tmp_path: Path) -> None:
    (tmp_path / "topics.sql").write_text("SELECT 1")
    with pytest.raises(ModelError, match="start with"):
        load_models(tmp_path)


def test_run_models_materializes_tables(tmp_path: Path) -> None:
    (tmp_path / "stg_numbers.sql").write_text("-- Grain: one row per number.\nSELECT range AS n FROM range(5)")
    (tmp_path / "mart_total.sql").write_text("SELECT sum(n) AS total FROM stg_numbers")
    con = duckdb.connect()
    models = load_models(tmp_path)
    assert models[0].description == "Grain: one row per number."
    assert run_models(con, models) == {"stg_numbers": 5, "mart_total": 1}
    assert con.execute("SELECT total FROM mart_total").fetchone() == (10,)


def test_the_shipped_models_parse_and_read_known_tables() -> None:
    names = {m.name for m in load_models()}
    assert {"stg_articles", "int_article_topics", "mart_topic_daily", "mart_topic_weekly"} <= names
