"""What the UI shows about a table after each materialization: its size, its columns and its first rows.

Row count and column schema go under Dagster's own metadata keys, so the catalog lists them without opening a run.
"""

from typing import Any

import dagster as dg
import duckdb

from pipeline.summary import markdown_preview


def table_metadata(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
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
    return {
        "dagster/row_count": rows,
        "dagster/column_schema": schema,
        "preview": dg.MetadataValue.md(markdown_preview(con, table)),
    }
