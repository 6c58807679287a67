"""Parquet exports of every table and mart, for dashboards and other engines.

Tables with a `day` column are hive-partitioned by it (`day=2026-09-14/`), so a dashboard reading one month opens
one month of files; `schema.json` beside them lists each table's path, partitioning, rows, meaning and columns.
Each export replaces the previous one whole: a half-written folder is never left as the export.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from pipeline import catalog

INTERNAL_TABLES = frozenset(
    {
        "schema_version",
        "parsed_articles",
        "parsed_headlines",
        "entity_runs",
        "topic_runs",
        "model_builds",
        "day_fingerprints",
        "entity_fingerprints",
    }
)


def exportable_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
        ).fetchall()
    ]
    return [n for n in names if n not in INTERNAL_TABLES]


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, Path]:
    """Write every table into a fresh folder, then swap it in place of the old export."""
    out_dir = out_dir.resolve()
    staging = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    written = {}
    for table in exportable_tables(con):
        columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
        if "day" in columns:
            target = staging / table
            options = "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (day)"
        else:
            target = staging / f"{table}.parquet"
            options = "FORMAT parquet, COMPRESSION zstd"
        con.execute(f"COPY \"{table}\" TO '{target.as_posix()}' ({options})")
        written[table] = out_dir / target.name
    tables, columns = catalog.descriptions()
    schema = {
        table: describe(con, table, written[table].name, tables.get(table), columns.get(table, {})) for table in written
    }
    (staging / "schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    return written


def describe(
    con: duckdb.DuckDBPyConnection, table: str, path: str, description: str | None, meanings: dict[str, str]
) -> dict[str, object]:
    """What a dashboard tool needs to read one export without opening DuckDB: where, how split, which columns and
    what they mean (`pipeline.catalog`)."""
    columns = con.execute(f'DESCRIBE "{table}"').fetchall()
    comment = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()", [table]
    ).fetchone()[0]
    return {
        "path": path,
        "partitioned_by": ["day"] if any(name == "day" for name, *_ in columns) else [],
        "rows": con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0],
        "description": description or comment,
        "columns": [
            {"name": name, "type": kind, "description": meanings.get(name) or catalog.SHARED_COLUMNS.get(name)}
            for name, kind, *_ in columns
        ],
    }
