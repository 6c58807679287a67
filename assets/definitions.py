"""The one `Definitions` object: every asset, wired by table names, and the resources they share."""

import os
from pathlib import Path

import dagster as dg

from assets.checks import health_checks
from assets.exports import exports_asset, trends_report
from assets.ingest import (
    CRAWLED,
    crawl_by_source,
    first_fetch_day,
    parse_by_day,
    parsed_pages,
    raw_pages,
    reparse_day_job,
    scale_out_jobs,
)
from assets.owners import owned
from assets.resources import CrawlResource, WarehouseResource, configured_sources
from assets.sql_models import model_assets
from assets.warehouse import article_topics, entity_tables, normalized_tables
from pipeline.sources import load_sources, sources_by_schedule

table_assets = [raw_pages, parsed_pages, normalized_tables, entity_tables, article_topics]
produced = {key.path[-1] for asset in table_assets for key in asset.keys}
models = model_assets(produced)
all_assets = [
    *table_assets,
    *models,
    exports_asset([key for a in table_assets + models for key in a.keys]),
    trends_report,
]


def refresh_after_new_data(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Everything downstream of the crawl follows it: parse, normalize, entities, models, exports, report."""
    if spec.key.to_user_string() in CRAWLED:
        return spec
    return spec.replace_attributes(automation_condition=dg.AutomationCondition.eager())


all_assets = dg.map_asset_specs(owned, dg.map_asset_specs(refresh_after_new_data, all_assets))
everything = dg.define_asset_job("build_everything", selection=dg.AssetSelection.all())
crawl_job = dg.define_asset_job("crawl", selection=dg.AssetSelection.assets(*CRAWLED))

# Dagster's implicit default_automation_condition_sensor starts stopped, so a scheduled crawl would refresh nothing
# downstream. This one starts running. It targets every asset: the parse and warehouse steps between the crawl and the
# models carry eager conditions too, and any left out would fall back to the stopped default sensor.
refresh_sensor = dg.AutomationConditionSensorDefinition(
    "refresh_after_crawl",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Parse, normalize, rebuild the models and export once new crawl data lands; turn it off in the "
    "Automation page to refresh only by hand.",
)


def crawl_schedules() -> list[dg.ScheduleDefinition]:
    """One schedule per distinct `schedule` in the sources file (hourly by default), each crawling its sources.

    Schedules start stopped: turning crawls on is the user's decision, in the UI's Automation page.
    """
    sources_file = os.environ.get("NEWSDESK_SOURCES")
    groups = sources_by_schedule(load_sources(Path(sources_file))) if sources_file else {"0 * * * *": None}
    return [
        dg.ScheduleDefinition(
            name=f"crawl_{index}" if len(groups) > 1 else "crawl_sources",
            job=crawl_job,
            cron_schedule=cron,
            run_config={"resources": {"crawl": {"config": {"only": names}}}} if names else None,
            description=f"Crawl {', '.join(names) if names else 'the sources'} on '{cron}'; automation conditions "
            "then refresh everything downstream.",
        )
        for index, (cron, names) in enumerate(sorted(groups.items()), start=1)
    ]


defs = dg.Definitions(
    assets=all_assets,
    asset_checks=health_checks,
    jobs=[everything, crawl_job, reparse_day_job(first_fetch_day())],
    schedules=crawl_schedules(),
    sensors=[refresh_sensor],
    executor=dg.in_process_executor,
    resources={"warehouse": WarehouseResource(), "crawl": CrawlResource()},
)


def scale_out_definitions() -> dg.Definitions:
    """The scale-out profile's code location (deploy/postgres/workspace.yaml points here).

    The same graph with the crawl partitioned by source and parsing by day, steps in parallel processes, and runs
    tagged for the queue limits of deploy/postgres/dagster.yaml. A function, so `dg check defs` and the embedded
    profile see only `defs`.
    """
    sources = configured_sources()
    crawl = crawl_by_source([source.name for source in sources])
    parse = parse_by_day(first_fetch_day())
    ingest = dg.map_asset_specs(owned, dg.map_asset_specs(refresh_after_new_data, [crawl, parse]))
    replaced = {key for asset in ingest for key in asset.keys}
    graph = dg.Definitions(
        assets=[*ingest, *(asset for asset in all_assets if not replaced & set(asset.keys))],
        asset_checks=health_checks,
        # Each step forks from a server that imported the code location once, not from a fresh interpreter.
        executor=dg.multiprocess_executor.configured({"start_method": {"forkserver": {}}}),
        resources={"warehouse": WarehouseResource(), "crawl": CrawlResource()},
    )
    return dg.Definitions.merge(graph, scale_out_jobs(sources, *ingest))
