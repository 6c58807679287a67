"""The one `Definitions` object: every asset, wired by table names, and the resources they share."""

import os

import dagster as dg

from assets.checks import health_checks
from assets.exports import exports_asset, trends_report
from assets.ingest import parsed_pages, raw_pages
from assets.resources import CrawlResource, WarehouseResource
from assets.sql_models import model_assets
from assets.warehouse import article_topics, entity_tables, normalized_tables

table_assets = [raw_pages, parsed_pages, normalized_tables, entity_tables, article_topics]
produced = {key.path[-1] for asset in table_assets for key in asset.keys}
models = model_assets(produced)
all_assets = [
    *table_assets,
    *models,
    exports_asset([key for a in table_assets + models for key in a.keys]),
    trends_report,
]

CRAWLED = {"pages", "fetch_log", "sources"}


def refresh_after_new_data(spec: dg.AssetSpec) -> dg.AssetSpec:
    """Everything downstream of the crawl follows it: parse, normalize, entities, models, exports, report."""
    if spec.key.to_user_string() in CRAWLED:
        return spec
    return spec.replace_attributes(automation_condition=dg.AutomationCondition.eager())


all_assets = dg.map_asset_specs(refresh_after_new_data, all_assets)
everything = dg.define_asset_job("build_everything", selection=dg.AssetSelection.all())
crawl_job = dg.define_asset_job("crawl", selection=dg.AssetSelection.assets(*CRAWLED))
hourly_crawl = dg.ScheduleDefinition(
    name="hourly_crawl",
    job=crawl_job,
    cron_schedule=os.environ.get("NEWSDESK_CRAWL_CRON", "0 * * * *"),
    description="Crawl the sources every hour; the automation conditions refresh everything downstream.",
)

defs = dg.Definitions(
    assets=all_assets,
    asset_checks=health_checks,
    jobs=[everything, crawl_job],
    schedules=[hourly_crawl],
    executor=dg.in_process_executor,
    resources={"warehouse": WarehouseResource(), "crawl": CrawlResource()},
)
