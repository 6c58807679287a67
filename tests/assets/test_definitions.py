"""The asset graph as the UI shows it, and a whole materialization into a temporary warehouse."""

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from assets.checks import health_checks
from assets.definitions import all_assets, crawl_schedules, defs
from assets.resources import CrawlResource, WarehouseResource
from pipeline import catalog
from pipeline.incremental import incremental_spec
from pipeline.sql_models import load_models

GROUPS = {
    "ingest": {"pages", "fetch_log", "sources"},
    "parse": {"parsed_articles", "parsed_headlines", "parse_errors"},
    "warehouse": {
        "articles",
        "categories",
        "article_categories",
        "headlines",
        "headline_sightings",
        "unknown_rubrics",
        "article_signatures",
        "story_clusters",
    },
    "entities": {"entities", "article_entities", "entity_mentions", "entity_aliases", "entity_runs", "article_topics"},
    "exports": {"parquet_exports", "trends_report"},
}


def specs() -> dict[str, dg.AssetSpec]:
    return {spec.key.to_user_string(): spec for spec in defs.resolve_all_asset_specs()}


def test_definitions_load_and_validate() -> None:
    dg.Definitions.validate_loadable(defs)


def test_every_asset_says_what_it_is_and_what_kind_of_thing_holds_it() -> None:
    """The UI's catalog shows descriptions and kind icons; an asset without them is a blank box to an analyst."""
    undescribed = {key for key, spec in specs().items() if not (spec.description or "").strip()}
    kindless = {key for key, spec in specs().items() if not spec.kinds}
    assert (undescribed, kindless) == (set(), set())


def test_loading_the_definitions_uses_no_deprecated_dagster_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deprecated calls turn into errors on the next Dagster upgrade; import every asset module afresh to see them."""
    for name in [name for name in sys.modules if name == "assets" or name.startswith("assets.")]:
        monkeypatch.delitem(sys.modules, name)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        fresh = importlib.import_module("assets.definitions")
        dg.Definitions.validate_loadable(fresh.defs)
        fresh.defs.resolve_all_asset_specs()


def test_every_check_says_what_it_guards() -> None:
    """The UI shows a check's description beside its red mark: without one, nobody knows what broke."""
    specs = [spec for check in health_checks for spec in check.check_specs]
    assert [f"{s.asset_key.to_user_string()}/{s.name}" for s in specs if not (s.description or "").strip()] == []
    keys = {s.asset_key.to_user_string() for s in specs if s.name == "unique_key"}
    assert {"articles", "headlines", "entities", "article_entities", "article_topics", "pages"} <= keys


def test_the_ui_and_the_exports_schema_describe_each_table_alike() -> None:
    """schema.json takes table meanings from pipeline.catalog; the UI must not tell an analyst something else."""
    described = {key: spec.description for key, spec in specs().items() if key in catalog.TABLES}
    assert described
    assert {key: text for key, text in described.items() if not text.startswith(catalog.TABLES[key])} == {}


def test_new_crawl_data_refreshes_everything_downstream_without_switching_anything_on() -> None:
    """Dagster's implicit automation sensor starts stopped; ours must run from the start and cover every condition."""
    repository = defs.get_repository_def()
    assert [sensor.name for sensor in repository.sensor_defs] == ["refresh_after_crawl"]
    sensor = repository.get_sensor_def("refresh_after_crawl")
    assert isinstance(sensor, dg.AutomationConditionSensorDefinition)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    automated = {spec.key for spec in defs.resolve_all_asset_specs() if spec.automation_condition is not None}
    assert {dg.AssetKey("mart_topic_daily"), dg.AssetKey("parquet_exports")} <= automated
    assert automated <= sensor.asset_selection.resolve(defs.resolve_asset_graph())


def test_every_asset_is_in_its_group_and_every_sql_file_is_a_model_asset() -> None:
    by_key = specs()
    expected = {**{key: group for group, keys in GROUPS.items() for key in keys}}
    expected.update({model.name: "models" for model in load_models()})
    assert {key: spec.group_name for key, spec in by_key.items()} == expected


def test_model_dependencies_are_the_tables_their_sql_reads() -> None:
    by_key = specs()
    for model in load_models():
        deps = {dep.asset_key.to_user_string() for dep in by_key[model.name].deps}
        assert deps == set(model.reads), model.name
    exports = {dep.asset_key.to_user_string() for dep in by_key["parquet_exports"].deps}
    assert {m.name for m in load_models()} <= exports


def test_materializing_everything_builds_the_same_warehouse_as_the_demo(tmp_path: Path) -> None:
    db = tmp_path / "ui.duckdb"
    result = dg.materialize(
        [*all_assets, *health_checks],
        resources={"warehouse": WarehouseResource(db_path=str(db)), "crawl": CrawlResource(sources_file=None)},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {
        c.check_specs_by_output_name[o].name: True for c in health_checks for o in c.check_specs_by_output_name
    }
    con = duckdb.connect(str(db), read_only=True)
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "headlines", "entities", "categories", "fetch_log", "mart_topic_daily")
    }
    assert all(counts.values()), counts
    assert counts["articles"] == 74
    assert (tmp_path / "ui-exports" / "articles.parquet").exists()
    con.close()

    again = dg.materialize(
        all_assets,
        selection=dg.AssetSelection.groups("models"),
        resources={"warehouse": WarehouseResource(db_path=str(db)), "crawl": CrawlResource(sources_file=None)},
        instance=dg.DagsterInstance.ephemeral(),
    )
    builds = {
        m.asset_key.to_user_string(): m.metadata["build"].value
        for m in again.asset_materializations_for_node("sql_models")
    }
    expected = {m.name: "unchanged" if incremental_spec(m.sql) else "full" for m in load_models()}
    assert builds == expected, "nothing changed: incremental models must not rewrite a row"
    assert "unchanged" in builds.values()
    assert again.asset_materializations_for_node("sql_models")[0].metadata["dagster/row_count"].value > 0


def test_dg_check_defs_accepts_the_project() -> None:
    """The `dg` CLI finds the definitions through pyproject.toml, as `dg dev` will."""
    dg_cli = Path(sys.executable).with_name("dg")
    result = subprocess.run(
        [str(dg_cli), "check", "defs"], cwd=Path(__file__).parents[2], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All definitions loaded successfully" in result.stdout + result.stderr


def test_each_distinct_source_schedule_becomes_a_crawl_schedule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "a"\nstart_urls = ["https://a.example/"]\n'
        '[[sources]]\nname = "b"\nstart_urls = ["https://b.example/"]\nschedule = "*/15 * * * *"\n'
    )
    monkeypatch.setenv("NEWSDESK_SOURCES", str(sources))
    schedules = {s.cron_schedule: s for s in crawl_schedules()}
    assert set(schedules) == {"0 * * * *", "*/15 * * * *"}
    request = schedules["*/15 * * * *"].evaluate_tick(dg.build_schedule_context()).run_requests[0]
    assert request.run_config == {"resources": {"crawl": {"config": {"only": ["b"]}}}}
    assert all(s.default_status == dg.DefaultScheduleStatus.STOPPED for s in schedules.values())
