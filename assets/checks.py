"""Asset checks: the warehouse's health as red and green marks in the UI, computed by `pipeline.health` and
`pipeline.integrity`."""

import functools
from collections.abc import Callable
from datetime import UTC, datetime

import dagster as dg
import duckdb

from assets.resources import WarehouseResource
from pipeline import health, integrity

Check = Callable[[duckdb.DuckDBPyConnection], health.Verdict]


def on_the_clock(check: Callable[[duckdb.DuckDBPyConnection, datetime], health.Verdict]) -> Check:
    """A check judged against the time it runs: `pipeline.health` takes the time as an argument to stay testable."""

    @functools.wraps(check)
    def judged_now(con: duckdb.DuckDBPyConnection) -> health.Verdict:
        return check(con, datetime.now(UTC))

    return judged_now


def health_check(
    asset: str, check: Check, severity: dg.AssetCheckSeverity, description: str | None = None
) -> dg.AssetChecksDefinition:
    """One asset check from a `Verdict` function; its description is the function's docstring unless given."""

    @dg.asset_check(asset=asset, name=check.__name__, description=description or check.__doc__, blocking=False)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            verdict = check(con)
        return dg.AssetCheckResult(
            passed=verdict.passed,
            severity=severity,
            description=verdict.summary,
            metadata={key: str(value) for key, value in verdict.details.items()},
        )

    return _check


ERROR, WARN = dg.AssetCheckSeverity.ERROR, dg.AssetCheckSeverity.WARN

health_checks = [
    *(health_check(table, integrity.unique_key(table), ERROR) for table in integrity.KEYED_TABLES),
    health_check("articles", health.publication_times, WARN),
    health_check("articles", on_the_clock(health.source_health), WARN),
    health_check("parsed_articles", health.page_access, WARN),
    health_check(
        "parse_errors",
        health.parse_error_rate,
        WARN,
        f"At most {health.MAX_PARSE_ERROR_RATE:.0%} of fetched pages yield no article: more means the site changed "
        "its layout under the parser.",
    ),
    health_check("mart_topic_daily", health.mart_matches_articles, ERROR),
    health_check("mart_topic_weekly", integrity.weekly_matches_daily, ERROR),
    health_check("mart_topic_daily_by_source", integrity.by_source_matches_daily, ERROR),
]
