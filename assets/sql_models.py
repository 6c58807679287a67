"""One asset per SQL file in `sql/`, its dependencies read from the SQL (sqlglot), never listed by hand.

The models materialize together in one step: incremental builds compare per-day fingerprints of the facts against
the last build of the whole set (pipeline.incremental), so building one model alone would leave that record wrong
for the others. Together, a refresh after a crawl rewrites only the days that changed, in seconds.
"""

import dagster as dg

from assets.resources import WarehouseResource
from assets.tables import table_metadata
from pipeline.incremental import build_incrementally
from pipeline.sql_models import SqlModel, load_models

MODELS = "models"


def model_spec(model: SqlModel) -> dg.AssetSpec:
    return dg.AssetSpec(
        model.name,
        group_name=MODELS,
        deps=sorted(model.reads),
        kinds={"duckdb", "sql"},
        description=model.description or None,
        metadata={"sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```")},
    )


def model_assets(table_assets: set[str]) -> list[dg.AssetsDefinition]:
    models = load_models()
    known = table_assets | {m.name for m in models}
    for model in models:
        if unknown := sorted(model.reads - known):
            raise dg.DagsterInvalidDefinitionError(
                f"{model.path_hint} reads {', '.join(unknown)}, which no asset produces"
            )

    @dg.multi_asset(name="sql_models", specs=[model_spec(model) for model in models])
    def sql_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Every model in dependency order; incremental ones rewrite only the days whose facts changed."""
        with warehouse.connect() as con:
            report = build_incrementally(con, models)
            tables = {model.name: table_metadata(con, model.name) for model in models}
        for name, (how, rows) in report.items():
            context.log.info(f"{name}: {how}, {rows} rows written")
            yield dg.MaterializeResult(asset_key=name, metadata={**tables[name], "build": how, "rows_written": rows})

    return [sql_models]
