"""Asset checks: the warehouse's health as red and green marks in the UI, computed by `pipeline.health`."""

from collections.abc import Callable

import dagster as dg
import duckdb

from assets.resources import WarehouseResource
from pipeline import health

Check = Callable[[duckdb.DuckDBPyConnection], health.Verdict]


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
    health_check("articles", health.source_health, WARN),
    health_check("parsed_articles", health.page_access, WARN),
    health_check("parse_errors", health.parse_error_rate, WARN),
    health_check("mart_topic_daily", health.mart_matches_articles, ERROR),
]
