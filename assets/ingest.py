"""Crawl and parse: from the sources' feeds, sitemaps and listings to archived pages and parse rows.

Each stage comes in two shapes with the same asset keys: unpartitioned (the embedded profile: `newsdesk demo`'s graph,
one run crawls everything) and partitioned (the scale-out profile, `assets.definitions.scale_out_definitions`): the
crawl by source, so each source can run on its own worker and be backfilled alone, and parsing by the UTC day the
pages were fetched, so one day can be re-parsed after a parser upgrade without touching the rest. The embedded profile
re-parses one day through the `reparse_day` job, on the same day partitions.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import dagster as dg
import duckdb

from assets.resources import CrawlResource, CrawlTarget, WarehouseResource
from assets.tables import table_metadata
from pipeline import catalog, stages
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
    "pages": ({"duckdb", "warc"}, catalog.TABLES["pages"]),
    "fetch_log": ({"duckdb"}, catalog.TABLES["fetch_log"]),
    "sources": ({"duckdb"}, catalog.TABLES["sources"]),
}
PARSED = {
    "parsed_articles": ({"duckdb"}, "Each page's article as the parser read it, before normalization."),
    "parsed_headlines": ({"duckdb"}, "Each page's headline rail: rubric, title, URL, position."),
    "parse_errors": ({"duckdb"}, catalog.TABLES["parse_errors"]),
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
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, summary: stages.ScrapeSummary, target: CrawlTarget
) -> Iterator[dg.MaterializeResult]:
    """New rows are the run's own counts, not the tables' growth: crawls of other sources may save at the same time.
    `fetch_errors` counts URLs whose last attempt failed (each is in the log)."""
    for line in summary.errors:
        context.log.warning(line)
    with warehouse.connect(whole=False) as con:
        tables = {name: table_metadata(con, name) for name in CRAWLED}
    errors = {"fetch_errors": summary.failed}
    yield dg.MaterializeResult(asset_key="pages", metadata={**tables["pages"], "new_rows": summary.fetched, **errors})
    yield dg.MaterializeResult(
        asset_key="fetch_log", metadata={**tables["fetch_log"], "new_rows": summary.attempts, **errors}
    )
    yield dg.MaterializeResult(
        asset_key="sources", metadata={**tables["sources"], "sources_crawled": len(target.sources)}
    )


def _parsed(con: duckdb.DuckDBPyConnection, parsed: int, failed: int) -> dict[str, dict[str, Any]]:
    """Each parse table's materialization metadata, for the parse assets and the `reparse_day` job alike.

    A page's parse rows replace its earlier ones, and a page can move between articles and errors, so the tables'
    growth is not their new rows: the run's own counts of rows written are given instead.
    """
    return {
        "parsed_articles": {**table_metadata(con, "parsed_articles"), "rows_written": parsed, "parse_errors": failed},
        "parsed_headlines": {**table_metadata(con, "parsed_headlines"), "pages_parsed": parsed + failed},
        "parse_errors": {**table_metadata(con, "parse_errors"), "rows_written": failed},
    }


def _parse_results(tables: dict[str, dict[str, Any]]) -> Iterator[dg.MaterializeResult]:
    for name, metadata in tables.items():
        yield dg.MaterializeResult(asset_key=name, metadata=metadata)


@dg.multi_asset(specs=crawl_specs())
def raw_pages(context: dg.AssetExecutionContext, warehouse: WarehouseResource, crawl: CrawlResource):
    """Crawl every source politely; already-fetched articles are skipped unless a feed says they changed."""
    with warehouse.connect(whole=False) as con, crawl.target() as target:
        summary = stages.scrape(
            con, warehouse.workspace, target.sources, target.settings, target.mounts, crawl.max_pages
        )
    yield from _crawled(context, warehouse, summary, target)


@dg.multi_asset(specs=parse_specs())
def parsed_pages(warehouse: WarehouseResource):
    """Parse the archived pages this parser version has not read yet, offline from the WARC files."""
    with warehouse.connect(whole=False) as con:
        parsed, failed = stages.parse(con, warehouse.workspace)
        tables = _parsed(con, parsed, failed)
    yield from _parse_results(tables)


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
        yield from _crawled(context, warehouse, summary, target)

    return crawl_source


def first_fetch_day() -> str:
    """The first day the day partitions offer (NEWSDESK_FIRST_DAY): earlier days are no rows, only clutter."""
    return os.environ.get("NEWSDESK_FIRST_DAY", "2024-01-01")


def fetch_days(first_day: str) -> dg.DailyPartitionsDefinition:
    """UTC days of fetching, up to and including today (a day's pages keep arriving until it ends)."""
    return dg.DailyPartitionsDefinition(start_date=first_day, end_offset=1)


def _reparse_day(
    context: dg.AssetExecutionContext | dg.OpExecutionContext, warehouse: WarehouseResource
) -> dict[str, dict[str, Any]]:
    """Every page fetched on the run's partition day through the current parser again, offline from the WARC files."""
    day = context.partition_time_window.start.date()
    with warehouse.connect(whole=False) as con:
        parsed, failed = stages.parse(con, warehouse.workspace, every_page=True, day=day)
        return _parsed(con, parsed, failed)


def parse_by_day(first_day: str) -> dg.AssetsDefinition:
    """Parsing with one partition per UTC day of fetching; a day's run re-parses every page fetched that day.

    A day's pages may come from any source, so each day depends on every partition of `pages`.
    """

    @dg.multi_asset(name="parsed_pages", specs=parse_specs(fetch_days(first_day), dg.AllPartitionMapping()))
    def parse_day(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        """Parse (again) the pages fetched on this partition's day, offline from the WARC files."""
        yield from _parse_results(_reparse_day(context, warehouse))

    return parse_day


def reparse_day_job(first_day: str) -> dg.JobDefinition:
    """Re-parse one UTC day of fetched pages from the embedded profile's UI, whose parse assets are unpartitioned.

    The graph there keeps `parsed_pages` whole so "Materialize all" needs no partition; this job picks a day (or a
    backfill of days) instead and records its results as materializations of the same parse tables, so the UI shows
    them and the automation sensor refreshes what follows (normalize, models, exports) as after any parse.
    """

    @dg.op(out={})
    def reparse_pages_of_day(context: dg.OpExecutionContext, warehouse: WarehouseResource):
        """Parse again every page fetched on the run's day."""
        for name, metadata in _reparse_day(context, warehouse).items():
            yield dg.AssetMaterialization(name, metadata=metadata)

    @dg.job(partitions_def=fetch_days(first_day))
    def reparse_day():
        """Parse again the pages fetched on one UTC day, offline from the WARC archive (after a parser upgrade)."""
        reparse_pages_of_day()

    return reparse_day


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
    # A partition's run writes one shard; the table-wide checks read the whole warehouse, so they run with the build,
    # not once per source or day beside other partitions' writers.
    crawl_job = dg.define_asset_job(
        "crawl",
        selection=dg.AssetSelection.assets(crawl).without_checks(),
        config=dg.PartitionedConfig(
            crawl.partitions_def,
            run_config_for_partition_key_fn=lambda _: {},
            tags_for_partition_key_fn=lambda key: crawl_tags(by_name[key]),
        ),
    )
    parse_job = dg.define_asset_job(
        "parse_day",
        selection=dg.AssetSelection.assets(parse).without_checks(),
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
