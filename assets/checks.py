"""Asset checks: the warehouse's health as red and green marks in the UI, computed by `pipeline.health`."""

import functools
from collections.abc import Callable
from datetime import UTC, datetime

import dagster as dg
import duckdb

from assets.resources import WarehouseResource
from pipeline import health

Check = Callable[[duckdb.DuckDBPyConnection], health.Verdict]


def on_the_clock(check: Callable[[duckdb.DuckDBPyConnection, datetime], health.Verdict]) -> Check:
    """A check judged against the time it runs: `pipeline.health` takes the time as an argument to stay testable."""

    @functools.wraps(check)
    def judged_now(con: duckdb.DuckDBPyConnection) -> health.Verdict:
        return check(con, datetime.now(UTC))

    return judged_now


def health_check(asset: str, check: Check, severity: dg.AssetCheckSeverity) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=asset, name=check.__name__, description=check.__doc__ or None, blocking=False)
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
    health_check("articles", health.unique_article_ids, ERROR),
    health_check("articles", health.publication_times, WARN),
    health_check("articles", on_the_clock(health.source_health), WARN),
    health_check("parsed_articles", health.page_access, WARN),
    health_check("parse_errors", health.parse_error_rate, WARN),
    health_check("mart_topic_daily", health.mart_matches_articles, ERROR),
]
