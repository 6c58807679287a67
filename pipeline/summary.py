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


# A preview shows the newest rows first: by the table's own time, else its page's fetch or its article's publication;
# tables without a time show what matters most first. Any other table orders by its first NEWEST_FIRST column.
_BY_PAGE = "(SELECT fetched_at FROM pages p WHERE p.page_id = t.page_id) DESC"
_BY_ARTICLE = "(SELECT published_at FROM articles a WHERE a.article_id = t.article_id) DESC NULLS LAST"
PREVIEW_ORDER = {
    "sources": "source",
    "parsed_headlines": f"{_BY_PAGE}, page_id, position",
    "parse_errors": f"{_BY_PAGE}, page_id",
    "categories": "category",
    "article_categories": f"{_BY_ARTICLE}, article_id",
    "headlines": "last_seen DESC, times_seen DESC",
    "unknown_rubrics": "articles + headlines DESC, rubric",
    "article_signatures": f"{_BY_ARTICLE}, article_id",
    "story_clusters": f"{_BY_ARTICLE}, article_id",
    "entities": "(SELECT count(*) FROM article_entities ae WHERE ae.entity_id = t.entity_id) DESC, canonical",
    "article_entities": f"{_BY_ARTICLE}, article_id, mentions DESC",
    "entity_mentions": f"{_BY_ARTICLE}, article_id, start_offset",
    "entity_aliases": "mentions DESC, alias",
    "entity_runs": f"{_BY_ARTICLE}, article_id",
    "article_topics": f"{_BY_ARTICLE}, article_id, topic",
}
NEWEST_FIRST = ("fetched_at", "seen_at", "published_at", "last_seen", "day", "week")


def preview_order(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    if table in PREVIEW_ORDER:
        return PREVIEW_ORDER[table]
    columns = {
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = current_schema()",
            [table],
        ).fetchall()
    }
    return next((f"{column} DESC NULLS LAST" for column in NEWEST_FIRST if column in columns), None)


def markdown_preview(con: duckdb.DuckDBPyConnection, table: str, limit: int = 10) -> str:
    """A table's top rows (newest first, see PREVIEW_ORDER) as Markdown, for the Dagster UI's materialization
    metadata: the first rows in storage order are the oldest, which tell an analyst nothing about the last run."""
    order = preview_order(con, table)
    relation = con.sql(f'SELECT * FROM "{table}" t {f"ORDER BY {order} " if order else ""}LIMIT {limit}')
    rows = relation.fetchall()

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return (text[:60] + "…" if len(text) > 60 else text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(relation.columns) + " |", "|" + "---|" * len(relation.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
