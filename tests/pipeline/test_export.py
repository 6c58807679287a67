import json
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline import stages, warehouse
from pipeline.export import export_parquet


def test_exports_read_back_in_duckdb_polars_and_pyarrow(tmp_path: Path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    for i, day in enumerate((1, 1, 2)):
        con.execute(
            "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
            "content_hash, first_seen, last_seen) VALUES (?, 's', 'u', 'u', ?, 'Мир', [], [], ?, now(), now())",
            [f"a{i}", datetime(2026, 9, day, 10), f"h{i}"],
        )
    stages.build_models(con)
    out = tmp_path / "exports"
    written = export_parquet(con, out)
    export_parquet(con, out)  # a second export replaces the first whole

    daily = out / "mart_topic_daily"
    assert sorted(p.name for p in daily.iterdir()) == ["day=2026-09-01", "day=2026-09-02"]
    via_duckdb = duckdb.sql(
        f"SELECT sum(articles) FROM read_parquet('{daily}/**/*.parquet', hive_partitioning=1) "
        "WHERE topic_kind = 'rubric'"
    ).fetchone()[0]
    via_polars = (
        pl.read_parquet(f"{daily}/**/*.parquet", hive_partitioning=True)
        .filter(pl.col("topic_kind") == "rubric")["articles"]
        .sum()
    )
    via_arrow = ds.dataset(daily, format="parquet", partitioning="hive").to_table().num_rows
    assert via_duckdb == via_polars == 3
    assert via_arrow == con.execute("SELECT count(*) FROM mart_topic_daily").fetchone()[0]
    assert pl.read_parquet(out / "articles.parquet").height == 3

    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert set(schema) == set(written)
    assert schema["mart_topic_daily"]["partitioned_by"] == ["day"]
    assert schema["mart_topic_daily"]["description"].startswith("Grain:")
    assert {"name": "share", "type": "DOUBLE", "description": "articles / day_articles"} in schema["mart_topic_daily"][
        "columns"
    ]
    assert "schema_version" not in schema and not (tmp_path / "exports.tmp").exists()


def test_exports_are_zstd_and_every_table_and_main_column_says_what_it_means(tmp_path: Path) -> None:
    con = warehouse.connect(tmp_path / "w.duckdb")
    con.execute(
        "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
        "content_hash, first_seen, last_seen) VALUES ('a', 's', 'u', 'u', ?, 'Мир', [], [], 'h', now(), now())",
        [datetime(2026, 9, 1, 10)],
    )
    stages.build_models(con)
    out = tmp_path / "exports"
    export_parquet(con, out)

    files = [out / "articles.parquet", *(out / "mart_topic_daily").rglob("*.parquet")]
    codecs = {
        pq.ParquetFile(f).metadata.row_group(0).column(c).compression
        for f in files
        for c in range(pq.ParquetFile(f).metadata.num_columns)
    }
    assert codecs == {"ZSTD"}

    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    assert [t for t, entry in schema.items() if not entry["description"]] == []
    assert schema["headlines"]["description"].startswith("Each distinct headline")
    main = ["articles", "headlines", "entities", "article_entities", "categories"]
    main += [t for t in schema if t.startswith("mart_")]
    undescribed = [f"{t}.{c['name']}" for t in main for c in schema[t]["columns"] if not c["description"]]
    assert undescribed == []
    assert "entity_fingerprints" not in schema  # build bookkeeping, not data
