"""Parquet exports of every table and mart, for dashboards and other engines."""

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.export import export_parquet


def exports_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(name="parquet_exports", group_name="exports", deps=upstream, kinds={"parquet"})
    def parquet_exports(warehouse: WarehouseResource) -> dg.MaterializeResult:
        """Every table and mart as zstd Parquet, hive-partitioned by day where a table has a day column."""
        with warehouse.connect() as con:
            written = export_parquet(con, warehouse.workspace.export_dir)
        return dg.MaterializeResult(
            metadata={
                "tables": len(written),
                "path": dg.MetadataValue.path(str(warehouse.workspace.export_dir)),
            }
        )

    return parquet_exports
