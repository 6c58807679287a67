"""Crawl and parse: from the sources' feeds, sitemaps and listings to archived pages and parse rows."""

import dagster as dg

from assets.resources import CrawlResource, WarehouseResource
from pipeline import stages

INGEST = "ingest"
PARSE = "parse"


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "pages",
            group_name=INGEST,
            kinds={"duckdb", "warc"},
            description="Every fetched article page, indexed into the WARC archive (file, offset).",
        ),
        dg.AssetSpec(
            "fetch_log",
            group_name=INGEST,
            kinds={"duckdb"},
            description="One row per HTTP attempt with its status or its failure in plain words.",
        ),
        dg.AssetSpec("sources", group_name=INGEST, kinds={"duckdb"}, description="The configured news sites."),
    ],
)
def raw_pages(context: dg.AssetExecutionContext, warehouse: WarehouseResource, crawl: CrawlResource):
    """Crawl every source politely; already-fetched articles are skipped unless a feed says they changed."""
    with warehouse.connect() as con, crawl.target() as target:
        summary = stages.scrape(
            con, warehouse.workspace, target.sources, target.settings, target.mounts, crawl.max_pages
        )
    for line in summary.errors:
        context.log.warning(line)
    yield dg.MaterializeResult(asset_key="pages", metadata={"new_pages": summary.fetched})
    yield dg.MaterializeResult(
        asset_key="fetch_log", metadata={"attempts": summary.attempts, "failed_urls": summary.failed}
    )
    yield dg.MaterializeResult(asset_key="sources", metadata={"sources": len(target.sources)})


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "parsed_articles",
            group_name=PARSE,
            deps=["pages"],
            kinds={"duckdb"},
            description="Each page's article as the parser read it, before normalization.",
        ),
        dg.AssetSpec(
            "parsed_headlines",
            group_name=PARSE,
            deps=["pages"],
            kinds={"duckdb"},
            description="Each page's headline rail: rubric, title, URL, position.",
        ),
        dg.AssetSpec(
            "parse_errors",
            group_name=PARSE,
            deps=["pages"],
            kinds={"duckdb"},
            description="Pages that yielded no article, with the reason.",
        ),
    ],
)
def parsed_pages(warehouse: WarehouseResource):
    """Parse the archived pages this parser version has not read yet, offline from the WARC files."""
    with warehouse.connect() as con:
        parsed, failed = stages.parse(con, warehouse.workspace)
    yield dg.MaterializeResult(asset_key="parsed_articles", metadata={"parsed": parsed})
    yield dg.MaterializeResult(asset_key="parsed_headlines")
    yield dg.MaterializeResult(asset_key="parse_errors", metadata={"new_errors": failed})
