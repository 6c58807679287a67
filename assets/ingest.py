"""Crawl and parse: from the sources' feeds, sitemaps and listings to archived pages and parse rows.

Each stage comes in two shapes with the same asset keys: unpartitioned (the embedded profile: `newsdesk demo`'s graph,
one run crawls everything) and partitioned (the scale-out profile, `assets.definitions.scale_out_definitions`): the
crawl by source, so each source can run on its own worker and be backfilled alone, and parsing by the UTC day the
pages were fetched, so one day can be re-parsed after a parser upgrade without touching the rest.
"""

from collections.abc import Callable, Iterator
from functools import partial

import dagster as dg

from assets.resources import CrawlResource, CrawlTarget, WarehouseResource
from pipeline import stages
from pipeline.records import Source
from pipeline.sources import sources_by_schedule
from pipeline.urls import host_of

INGEST = "ingest"
PARSE = "parse"
CRAWL_POOL = "crawl"
# Run tags the scale-out instance's queue limits (deploy/postgres/dagster.yaml): crawls per host group, and one run
# at a time per part of the warehouse it rewrites.
HOST_GROUP_TAG = "newsdesk/host_group"
WRITES_TAG = "newsdesk/warehouse_partition"


CRAWLED = {
    "pages": ({"duckdb", "warc"}, "Every fetched article page, indexed into the WARC archive (file, offset)."),
    "fetch_log": ({"duckdb"}, "One row per HTTP attempt with its status or its failure in plain words."),
    "sources": ({"duckdb"}, "The configured news sites."),
}
PARSED = {
    "parsed_articles": ({"duckdb"}, "Each page's article as the parser read it, before normalization."),
    "parsed_headlines": ({"duckdb"}, "Each page's headline rail: rubric, title, URL, position."),
    "parse_errors": ({"duckdb"}, "Pages that yielded no article, with the reason."),
}


def _specs(
    tables: dict[str, tuple[set[str], str]],
    group: str,
    partitions: dg.PartitionsDefinition | None,
    deps: list[dg.AssetDep] | None = None,
) -> list[dg.AssetSpec]:
    return [
        dg.AssetSpec(name, group_name=group, deps=deps, kinds=kinds, partitions_def=partitions, description=text)
        for name, (kinds, text) in tables.items()
    ]


def crawl_specs(partitions: dg.PartitionsDefinition | None = None) -> list[dg.AssetSpec]:
    return _specs(CRAWLED, INGEST, partitions)


def parse_specs(
    partitions: dg.PartitionsDefinition | None = None, mapping: dg.PartitionMapping | None = None
) -> list[dg.AssetSpec]:
    return _specs(PARSED, PARSE, partitions, [dg.AssetDep("pages", partition_mapping=mapping)])


def _crawled(
    context: dg.AssetExecutionContext, summary: stages.ScrapeSummary, target: CrawlTarget
) -> Iterator[dg.MaterializeResult]:
    for line in summary.errors:
        context.log.warning(line)
    yield dg.MaterializeResult(asset_key="pages", metadata={"new_pages": summary.fetched})
    yield dg.MaterializeResult(
        asset_key="fetch_log", metadata={"attempts": summary.attempts, "failed_urls": summary.failed}
    )
    yield dg.MaterializeResult(asset_key="sources", metadata={"sources": len(target.sources)})


def _parsed(parsed: int, failed: int) -> Iterator[dg.MaterializeResult]:
    yield dg.MaterializeResult(asset_key="parsed_articles", metadata={"parsed": parsed})
    yield dg.MaterializeResult(asset_key="parsed_headlines")
    yield dg.MaterializeResult(asset_key="parse_errors", metadata={"new_errors": failed})


@dg.multi_asset(specs=crawl_specs())
def raw_pages(context: dg.AssetExecutionContext, warehouse: WarehouseResource, crawl: CrawlResource):
    """Crawl every source politely; already-fetched articles are skipped unless a feed says they changed."""
    with warehouse.connect(whole=False) as con, crawl.target() as target:
        summary = stages.scrape(
            con, warehouse.workspace, target.sources, target.settings, target.mounts, crawl.max_pages
        )
    yield from _crawled(context, summary, target)


@dg.multi_asset(specs=parse_specs())
def parsed_pages(warehouse: WarehouseResource):
    """Parse the archived pages this parser version has not read yet, offline from the WARC files."""
    with warehouse.connect(whole=False) as con:
        parsed, failed = stages.parse(con, warehouse.workspace)
    yield from _parsed(parsed, failed)


def crawl_by_source(sources: list[str]) -> dg.AssetsDefinition:
    """The crawl with one partition per source, in the `crawl` pool (the instance caps how many run at once).

    Crawlers in other processes hit the same hosts, so the per-host limits go through PostgreSQL when the crawl
    resource has a URL for it, and the warehouse is opened only to save each batch.
    """

    @dg.multi_asset(name="raw_pages", specs=crawl_specs(dg.StaticPartitionsDefinition(sources)), pool=CRAWL_POOL)
    def crawl_source(context: dg.AssetExecutionContext, warehouse: WarehouseResource, crawl: CrawlResource):
        """Crawl one source politely; already-fetched articles are skipped unless a feed says they changed."""
        with crawl.shared_limits() as shared, crawl.target(only=[context.partition_key]) as target:
            summary = stages.scrape_alongside(
                partial(warehouse.connect, whole=False),
                warehouse.workspace,
                target.sources,
                target.settings,
                target.mounts,
                crawl.max_pages,
                shared,
            )
        yield from _crawled(context, summary, target)

    return crawl_source


def parse_by_day(first_day: str) -> dg.AssetsDefinition:
    """Parsing with one partition per UTC day of fetching; a day's run re-parses every page fetched that day.

    A day's pages may come from any source, so each day depends on every partition of `pages`.
    """
    days = dg.DailyPartitionsDefinition(start_date=first_day, end_offset=1)

    @dg.multi_asset(name="parsed_pages", specs=parse_specs(days, dg.AllPartitionMapping()))
    def parse_day(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Parse (again) the pages fetched on this partition's day, offline from the WARC files."""
        day = context.partition_time_window.start.date()
        with warehouse.connect(whole=False) as con:
            parsed, failed = stages.parse(con, warehouse.workspace, every_page=True, day=day)
        yield from _parsed(parsed, failed)

    return parse_day


def host_group(source: Source) -> str:
    """Sources on one site share a group: more crawlers on it would only queue behind its politeness limits."""
    return host_of(source.start_urls[0]) or source.name


def crawl_tags(source: Source) -> dict[str, str]:
    return {HOST_GROUP_TAG: host_group(source), WRITES_TAG: f"source={source.name}"}


def scale_out_jobs(sources: list[Source], crawl: dg.AssetsDefinition, parse: dg.AssetsDefinition) -> dg.Definitions:
    """The partitioned jobs, each run tagged for the queue, and one crawl schedule per distinct cron.

    A schedule tick asks for one run per source, so the sources of one tick crawl on as many workers as the queue
    allows. Schedules start stopped, as in the embedded profile.
    """
    by_name = {source.name: source for source in sources}
    crawl_job = dg.define_asset_job(
        "crawl",
        selection=dg.AssetSelection.assets(crawl),
        config=dg.PartitionedConfig(
            crawl.partitions_def,
            run_config_for_partition_key_fn=lambda _: {},
            tags_for_partition_key_fn=lambda key: crawl_tags(by_name[key]),
        ),
    )
    parse_job = dg.define_asset_job(
        "parse_day",
        selection=dg.AssetSelection.assets(parse),
        config=dg.PartitionedConfig(
            parse.partitions_def,
            run_config_for_partition_key_fn=lambda _: {},
            tags_for_partition_key_fn=lambda key: {WRITES_TAG: f"day={key}"},
        ),
    )
    build_job = dg.define_asset_job(
        "build_everything",
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(crawl, parse),
        tags={WRITES_TAG: "all"},
    )

    def tick(names: list[str]) -> Callable[[dg.ScheduleEvaluationContext], list[dg.RunRequest]]:
        def requests(context: dg.ScheduleEvaluationContext) -> list[dg.RunRequest]:
            return [dg.RunRequest(partition_key=name, tags=crawl_tags(by_name[name])) for name in names]

        return requests

    groups = sorted(sources_by_schedule(sources).items())
    schedules = [
        dg.ScheduleDefinition(
            name=f"crawl_{index}" if len(groups) > 1 else "crawl_sources",
            job=crawl_job,
            cron_schedule=cron,
            execution_fn=tick(names),
            description=f"Crawl {', '.join(names)} on '{cron}', one run per source; automation conditions then "
            "refresh everything downstream.",
        )
        for index, (cron, names) in enumerate(groups, start=1)
    ]
    return dg.Definitions(jobs=[crawl_job, parse_job, build_job], schedules=schedules)
