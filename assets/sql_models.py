"""One asset per SQL file in `sql/`, its dependencies read from the SQL (sqlglot), never listed by hand."""

import dagster as dg

from assets.resources import WarehouseResource
from pipeline.sql_models import SqlModel, load_models, run_model
from pipeline.summary import markdown_preview

MODELS = "models"


def model_asset(model: SqlModel, known_tables: set[str]) -> dg.AssetsDefinition:
    unknown = sorted(model.reads - known_tables)
    if unknown:
        raise dg.DagsterInvalidDefinitionError(f"{model.path_hint} reads {', '.join(unknown)}, which no asset produces")

    @dg.asset(
        name=model.name,
        group_name=MODELS,
        deps=sorted(model.reads),
        kinds={"duckdb", "sql"},
        description=model.description or None,
        metadata={"sql": dg.MetadataValue.md(f"```sql\n{model.sql}\n```")},
    )
    def _model(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = run_model(con, model)
            preview = markdown_preview(con, model.name)
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.md(preview)})

    return _model


def model_assets(table_assets: set[str]) -> list[dg.AssetsDefinition]:
    models = load_models()
    known = table_assets | {m.name for m in models}
    return [model_asset(model, known) for model in models]
