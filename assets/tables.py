"""What the UI shows about a table after each materialization: its size, its columns, its newest rows, and how many
rows the run added where that is known.

Row count and column schema go under Dagster's own metadata keys, so the catalog lists them without opening a run.
"""

from collections.abc import Iterable
from typing import Any

import dagster as dg
import duckdb

from pipeline.summary import markdown_preview


def row_counts(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, int]:
    return {table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, rows_before: int | None = None) -> dict[str, Any]:
    """`rows_before`, the count before the run, only for a table the run can add rows to or replace rows in key for
    key but never delete from: then growth is exactly the rows new in this run (`new_rows`)."""
    rows = row_counts(con, [table])[table]
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
        "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    ).fetchall()
    schema = dg.TableSchema(
        columns=[
            dg.TableColumn(name, kind, constraints=dg.TableColumnConstraints(nullable=nullable))
            for name, kind, nullable in columns
        ]
    )
    metadata: dict[str, Any] = {
        "dagster/row_count": rows,
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_preview(con, table)),
    }
    if rows_before is not None:
        metadata["new_rows"] = rows - rows_before
    return metadata
