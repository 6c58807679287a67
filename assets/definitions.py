"""The one `Definitions` object: every asset, wired by table names, and the resources they share."""

import dagster as dg

from assets.exports import exports_asset
from assets.ingest import parsed_pages, raw_pages
from assets.resources import CrawlResource, WarehouseResource
from assets.sql_models import model_assets
from assets.warehouse import article_topics, entity_tables, normalized_tables

table_assets = [raw_pages, parsed_pages, normalized_tables, entity_tables, article_topics]
produced = {key.path[-1] for asset in table_assets for key in asset.keys}
models = model_assets(produced)
all_assets = [*table_assets, *models, exports_asset([key for a in table_assets + models for key in a.keys])]

everything = dg.define_asset_job("build_everything", selection=dg.AssetSelection.all())

defs = dg.Definitions(
    assets=all_assets,
    jobs=[everything],
    executor=dg.in_process_executor,
    resources={"warehouse": WarehouseResource(), "crawl": CrawlResource()},
)
