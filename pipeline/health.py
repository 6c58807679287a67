"""Health checks on the warehouse: each is a query and a verdict, so a site that silently broke shows up red
instead of as a gap in the trend lines. The Dagster layer turns each into an asset check; the CLI can print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

MAX_PARSE_ERROR_RATE = 0.2
MIN_FILL_RATE = 0.5
MAX_HTTP_ERROR_RATE = 0.2
MIN_VOLUME_RATIO = 0.25
MAX_CLOSED_PAGE_SHARE = 0.2


@dataclass(frozen=True)
class Verdict:
    passed: bool
    summary: str
    details: dict[str, float | int | str] = field(default_factory=dict)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    return con.execute(sql).fetchone()


def unique_article_ids(con: duckdb.DuckDBPyConnection) -> Verdict:
    total, distinct = _one(con, "SELECT count(*), count(DISTINCT article_id) FROM articles")
    return Verdict(total == distinct, f"{total - distinct} duplicate article ids", {"articles": total})


def publication_times(con: duckdb.DuckDBPyConnection) -> Verdict:
    """Every article has a publication time, and none lies in the future (a parser that read the wrong date)."""
    missing, future = _one(
        con,
        "SELECT count(*) FILTER (WHERE published_at IS NULL), "
        "count(*) FILTER (WHERE published_at > now()::TIMESTAMP + INTERVAL 1 DAY) FROM articles",
    )
    return Verdict(
        missing == 0 and future == 0,
        f"{missing} without a date, {future} in the future",
        {"missing": missing, "future": future},
    )


def mart_matches_articles(con: duckdb.DuckDBPyConnection) -> Verdict:
    """Per day, the rubric counts in mart_topic_daily add up to the articles with a rubric that day."""
    mismatched = _one(
        con,
        """
        WITH mart AS (SELECT day, sum(articles) AS n FROM mart_topic_daily WHERE topic_kind = 'rubric' GROUP BY day),
             base AS (SELECT CAST(published_at AS DATE) AS day, count(*) AS n FROM articles
                      WHERE published_at IS NOT NULL AND rubric IS NOT NULL GROUP BY day)
        SELECT count(*) FROM mart FULL JOIN base USING (day) WHERE mart.n IS DISTINCT FROM base.n
        """,
    )[0]
    shares = _one(con, "SELECT count(*) FROM mart_topic_daily WHERE share > 1 OR share <= 0")[0]
    return Verdict(mismatched == 0 and shares == 0, f"{mismatched} days disagree, {shares} shares out of (0, 1]")


def parse_error_rate(con: duckdb.DuckDBPyConnection) -> Verdict:
    parsed, failed = _one(con, "SELECT (SELECT count(*) FROM parsed_articles), (SELECT count(*) FROM parse_errors)")
    rate = failed / (parsed + failed) if parsed + failed else 0.0
    return Verdict(
        rate <= MAX_PARSE_ERROR_RATE,
        f"{rate:.1%} of parsed pages failed",
        {"parsed": parsed, "failed": failed, "rate": round(rate, 4)},
    )


def source_health(con: duckdb.DuckDBPyConnection) -> Verdict:
    """Per source: volume on its last day against its own 28-day median, fill rates, and HTTP error share."""
    rows = con.execute(
        """
        WITH daily AS (
            SELECT source, CAST(published_at AS DATE) AS day, count(*) AS n
            FROM articles WHERE published_at IS NOT NULL GROUP BY ALL
        ),
        latest AS (SELECT source, max(day) AS day FROM daily GROUP BY source),
        volume AS (
            SELECT l.source, any_value(d.n) FILTER (WHERE d.day = l.day) AS last_n,
                   median(d.n) FILTER (WHERE d.day < l.day AND d.day >= l.day - 28) AS baseline
            FROM latest l JOIN daily d USING (source) GROUP BY l.source
        ),
        fill AS (
            SELECT source, avg((published_at IS NOT NULL)::INT) AS dates, avg((len(authors) > 0)::INT) AS authors,
                   avg((rubric IS NOT NULL)::INT) AS rubrics
            FROM articles GROUP BY source
        ),
        http AS (
            SELECT source, avg((status >= 400 OR status IS NULL)::INT) AS errors
            FROM fetch_log WHERE kind = 'page' AND attempt = 1 GROUP BY source
        )
        SELECT f.source, v.last_n, v.baseline, f.dates, f.authors, f.rubrics, coalesce(h.errors, 0)
        FROM fill f LEFT JOIN volume v USING (source) LEFT JOIN http h USING (source)
        ORDER BY f.source
        """
    ).fetchall()
    problems, details = [], {}
    for source, last_n, baseline, dates, authors, rubrics, errors in rows:
        details[source] = (
            f"last day {last_n} (median {baseline}), dates {dates:.0%}, rubrics {rubrics:.0%}, "
            f"authors {authors:.0%}, HTTP errors {errors:.0%}"
        )
        if baseline and last_n < MIN_VOLUME_RATIO * baseline:
            problems.append(f"{source}: {last_n} articles on its last day against a median of {baseline}")
        if dates < MIN_FILL_RATE or rubrics < MIN_FILL_RATE:
            problems.append(f"{source}: dates {dates:.0%}, rubrics {rubrics:.0%} filled")
        if errors > MAX_HTTP_ERROR_RATE:
            problems.append(f"{source}: {errors:.0%} of page fetches failed")
    return Verdict(not problems, "; ".join(problems) or f"{len(rows)} sources healthy", details)


def page_access(con: duckdb.DuckDBPyConnection) -> Verdict:
    """Per source: the share of parsed pages behind a paywall or drawn by JavaScript (pipeline.parse.access).

    Such pages give a teaser or nothing; past a fifth of a source's pages its trend lines undercount, and the fix is
    a login, a renderer or dropping the source, never a parser tweak.
    """
    rows = con.execute(
        """
        WITH parsed AS (
            SELECT p.source, a.access FROM parsed_articles a JOIN pages p USING (page_id)
            UNION ALL
            SELECT source, access FROM parse_errors WHERE source IS NOT NULL
        )
        SELECT source, count(*), count(*) FILTER (WHERE access = 'paywalled'),
               count(*) FILTER (WHERE access = 'needs_javascript')
        FROM parsed GROUP BY source ORDER BY source
        """
    ).fetchall()
    problems, details = [], {}
    for source, pages, paywalled, scripted in rows:
        details[source] = f"{pages} pages: {paywalled} paywalled, {scripted} need JavaScript"
        if paywalled > MAX_CLOSED_PAGE_SHARE * pages:
            problems.append(f"{source}: {paywalled / pages:.0%} of pages paywalled")
        if scripted > MAX_CLOSED_PAGE_SHARE * pages:
            problems.append(f"{source}: {scripted / pages:.0%} of pages need JavaScript")
    return Verdict(
        not problems, "; ".join(problems) or f"{len(rows)} sources readable without login or JavaScript", details
    )
