"""The short report `newsdesk demo` prints: what was fetched, what the warehouse holds, and where it is."""

from __future__ import annotations

import duckdb

from pipeline.stages import ScrapeSummary, Workspace

TOP_LAST_WEEK = """
    SELECT topic, sum(articles) AS n
    FROM mart_topic_daily
    WHERE topic_kind = ? AND day > (SELECT max(day) FROM mart_topic_daily) - INTERVAL 7 DAYS
    GROUP BY topic ORDER BY n DESC, topic LIMIT 5
"""


def _top(con: duckdb.DuckDBPyConnection, kind: str) -> str:
    rows = con.execute(TOP_LAST_WEEK, [kind]).fetchall()
    return ", ".join(f"{topic} ({n})" for topic, n in rows) or "none"


def warehouse_summary(con: duckdb.DuckDBPyConnection, workspace: Workspace, scrape: ScrapeSummary) -> str:
    count = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("articles", "headlines", "entities", "parse_errors", "fetch_log", "mart_topic_daily")
    }
    first, last = con.execute("SELECT min(day), max(day) FROM stg_articles").fetchone()
    return "\n".join(
        [
            f"pages fetched: {scrape.fetched}, URLs failed: {scrape.failed}, parse errors: {count['parse_errors']}",
            f"articles: {count['articles']} ({first} .. {last}), rail headlines: {count['headlines']}, "
            f"entities: {count['entities']}",
            f"top rubrics, last 7 days: {_top(con, 'rubric')}",
            f"top entities, last 7 days: {_top(con, 'entity')}",
            f"warehouse: {workspace.db_path.resolve()}",
            f"raw archive (WARC): {workspace.archive_dir.resolve()}",
            f"Parquet exports: {workspace.export_dir.resolve()}",
            f"trends report (open in a browser): {workspace.report_path.resolve()}",
            f'try: newsdesk sql --db {workspace.db_path} "SELECT * FROM mart_topic_daily ORDER BY day DESC LIMIT 20"',
        ]
    )


def markdown_preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 10) -> str:
    """The first rows of a table as a Markdown table, for the Dagster UI's materialization metadata."""
    relation = con.sql(f'SELECT * FROM "{table}" LIMIT {limit}')
    rows = relation.fetchall()

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return (text[:60] + "…" if len(text) > 60 else text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(relation.columns) + " |", "|" + "---|" * len(relation.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
