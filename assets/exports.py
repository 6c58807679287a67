"""Parquet exports of every table and mart, for dashboards and other engines."""

from datetime import UTC, datetime

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.export import export_parquet
from pipeline.report import load_report_data, render_report


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


REPORT_INPUTS = ["mart_topic_daily_dense", "mart_spikes", "mart_topic_weekly", "mart_rail_headlines", "stg_articles"]


@dg.asset(group_name="exports", deps=REPORT_INPUTS, kinds={"html", "plotly"})
def trends_report(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One self-contained HTML page (works offline): topic trends with spikes, category shares, top entities with
    sparklines, and the headline-rail timeline."""
    with warehouse.connect() as con:
        data = load_report_data(con)
    path = warehouse.workspace.report_path
    path.write_text(render_report(data, datetime.now(UTC)), encoding="utf-8")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "open": dg.MetadataValue.url(path.resolve().as_uri()),
            "spikes": data.spikes.height,
        }
    )
