"""Health checks on the warehouse: each is a query and a verdict, so a site that silently broke shows up red
instead of as a gap in the trend lines. The Dagster layer turns each into an asset check; the CLI can print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from statistics import median

import duckdb

MAX_PARSE_ERROR_RATE = 0.2
MAX_CLOSED_PAGE_SHARE = 0.2

# Per-source health. Volume is counted on complete UTC days only: the current day is still filling, so its count
# would look like a collapse every morning.
RECENT_DAYS = 3  # a three-day mean rides out one slow day (a Sunday, a holiday) without hiding a real collapse
BASELINE_DAYS = 28  # four weeks: every weekday four times, short enough to follow a site that grows or shrinks
MIN_BASELINE_DAYS = 7  # with less history than a week, a median says more about the weekday than about the source
MIN_VOLUME_RATIO = 0.25  # a source down to a quarter of its usual day lost a feed, a section or its parser
STOPPED_AFTER_DAYS = 3  # complete days without one new article, for a source that publishes on most days
MAX_QUIET_DAYS = 28  # even a source that publishes weekly has printed something within four weeks
RATE_WINDOW_DAYS = 7  # fill rates and HTTP errors over the last 7 days (today included): not diluted by years
MIN_RATE_SAMPLE = 10  # below ten articles or fetches, one odd page moves a rate by a tenth or more
# Every news article has a date and sits in a section: below half, the parser misses them.
MIN_FILL_RATES = {"dates": 0.5, "rubrics": 0.5}
# Outlets byline only some stories (agencies hardly any), so no floor fits every source: an author fill rate that fell
# below half its own level of the four weeks before means the byline selector broke.
MIN_AUTHOR_FILL_KEPT = 0.5
MAX_HTTP_ERROR_RATE = 0.2  # a site answering one page request in five with an error is blocking us or broken


@dataclass(frozen=True)
class Verdict:
    passed: bool
    summary: str
    details: dict[str, float | int | str] = field(default_factory=dict)


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    return con.execute(sql).fetchone()


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


@dataclass(frozen=True)
class FillRates:
    """Shares of one source's articles, first seen within a window, that carry a date, an author and a rubric."""

    articles: int
    dates: float
    authors: float
    rubrics: float


@dataclass(frozen=True)
class PageFetches:
    """First attempts at one source's article pages within a window, by how they failed."""

    pages: int
    client_errors: int
    server_errors: int
    no_response: int


@dataclass(frozen=True)
class SourceActivity:
    """What the warehouse holds about one source's recent weeks, in the shape `judge_source` needs.

    Days are the UTC day an article was first seen, not published: an article that lost its date still counts, and
    a crawl that stopped shows as empty days whatever dates the site prints.
    """

    source: str
    new_articles: dict[date, int]
    recent_fill: FillRates | None = None
    earlier_fill: FillRates | None = None
    fetches: PageFetches | None = None
    last_fetched: datetime | None = None


def judge_source(activity: SourceActivity, today: date) -> tuple[list[str], str]:
    """The reasons `activity`'s source is red (none when healthy) and a one-line account of its figures."""
    problems = _volume_problems(activity, today)
    account = [_volume_account(activity, today)]
    recent, earlier = activity.recent_fill, activity.earlier_fill
    if recent is not None and recent.articles >= MIN_RATE_SAMPLE:
        account.append(f"dates {recent.dates:.0%}, authors {recent.authors:.0%}, rubrics {recent.rubrics:.0%}")
        for name, floor in MIN_FILL_RATES.items():
            if (rate := getattr(recent, name)) < floor:
                problems.append(f"{name} filled on {rate:.0%} of the last {RATE_WINDOW_DAYS} days' articles")
        earlier_authors = earlier.authors if earlier is not None and earlier.articles >= MIN_RATE_SAMPLE else 0.0
        if recent.authors < MIN_AUTHOR_FILL_KEPT * earlier_authors:
            problems.append(
                f"authors filled on {recent.authors:.0%} in the last {RATE_WINDOW_DAYS} days, "
                f"{earlier_authors:.0%} in the {BASELINE_DAYS} days before"
            )
    fetches = activity.fetches
    if fetches is not None and fetches.pages >= MIN_RATE_SAMPLE:
        failed = fetches.client_errors + fetches.server_errors + fetches.no_response
        breakdown = (
            f"4xx {fetches.client_errors / fetches.pages:.0%}, 5xx {fetches.server_errors / fetches.pages:.0%}, "
            f"no response {fetches.no_response / fetches.pages:.0%} of {fetches.pages} page fetches"
        )
        account.append(breakdown)
        if failed > MAX_HTTP_ERROR_RATE * fetches.pages:
            problems.append(
                f"{failed / fetches.pages:.0%} of page fetches failed in the last {RATE_WINDOW_DAYS} days ({breakdown})"
            )
    return problems, "; ".join(account)


def _calendar(new_articles: dict[date, int], first_day: date, last_day: date, days: int) -> list[int]:
    """Articles per day for the `days` days ending on `last_day`, zeros included, none before the source existed."""
    return [new_articles.get(day, 0) for day in (last_day - timedelta(days=n) for n in range(days)) if day >= first_day]


def _volume_problems(activity: SourceActivity, today: date) -> list[str]:
    """Only crawled sources are judged on volume: articles that came by `newsdesk import` (an archive, a corpus)
    stop arriving when the import is done, which is no fault of a site."""
    active_days = sorted(day for day, n in activity.new_articles.items() if n)
    if not active_days or activity.last_fetched is None:
        return []
    first_day, last_day = active_days[0], active_days[-1]
    yesterday = today - timedelta(days=1)
    quiet_days = (yesterday - last_day).days
    usual = median(_calendar(activity.new_articles, first_day, last_day, BASELINE_DAYS))
    if quiet_days >= MAX_QUIET_DAYS or (quiet_days >= STOPPED_AFTER_DAYS and usual >= 1):
        fetched = activity.last_fetched.date().isoformat() if activity.last_fetched else "never"
        return [
            f"stopped: no new article for {quiet_days} complete days since {last_day} (a median of {usual:g} a day "
            f"before), last fetched {fetched}"
        ]
    recent = _calendar(activity.new_articles, first_day, yesterday, RECENT_DAYS)
    baseline = _calendar(activity.new_articles, first_day, yesterday - timedelta(days=RECENT_DAYS), BASELINE_DAYS)
    if len(recent) < RECENT_DAYS or len(baseline) < MIN_BASELINE_DAYS:
        return []
    recent_mean, usual = sum(recent) / RECENT_DAYS, median(baseline)
    if recent_mean < MIN_VOLUME_RATIO * usual:
        return [
            f"volume collapsed: {recent_mean:.3g} new articles a day over the last {RECENT_DAYS} complete days "
            f"against a median of {usual:g} over the {len(baseline)} days before"
        ]
    return []


def _volume_account(activity: SourceActivity, today: date) -> str:
    days = [today - timedelta(days=n) for n in range(RECENT_DAYS, -1, -1)]
    counts = ", ".join(str(activity.new_articles.get(day, 0)) for day in days)
    return f"new articles {counts} on {days[0]}..{today} (today so far)"


def read_source_activity(con: duckdb.DuckDBPyConnection, today: date) -> list[SourceActivity]:
    """Each source's new articles per day, its fill rates this week and the four weeks before, its page fetches."""
    tomorrow = today + timedelta(days=1)
    week_start = today - timedelta(days=RATE_WINDOW_DAYS - 1)
    earlier_start = week_start - timedelta(days=BASELINE_DAYS)
    new_articles: dict[str, dict[date, int]] = {}
    for source, day, count in con.execute(
        "SELECT source, CAST(first_seen AS DATE) AS day, count(*) FROM articles WHERE first_seen < ? GROUP BY ALL",
        [tomorrow],
    ).fetchall():
        new_articles.setdefault(source, {})[day] = count
    fills: dict[tuple[str, bool], FillRates] = {
        (source, recent): FillRates(articles, dates, authors, rubrics)
        for source, recent, articles, dates, authors, rubrics in con.execute(
            """
            SELECT source, first_seen >= $week_start AS recent, count(*), avg((published_at IS NOT NULL)::INT),
                   avg((len(authors) > 0)::INT), avg((rubric IS NOT NULL)::INT)
            FROM articles WHERE first_seen >= $earlier_start AND first_seen < $tomorrow GROUP BY ALL
            """,
            {"week_start": week_start, "earlier_start": earlier_start, "tomorrow": tomorrow},
        ).fetchall()
    }
    fetches = {
        source: PageFetches(*counts)
        for source, *counts in con.execute(
            """
            SELECT source, count(*), count(*) FILTER (WHERE status BETWEEN 400 AND 499),
                   count(*) FILTER (WHERE status >= 500), count(*) FILTER (WHERE status IS NULL)
            FROM fetch_log WHERE kind = 'page' AND attempt = 1 AND fetched_at >= ? AND fetched_at < ?
              AND source IS NOT NULL
            GROUP BY source
            """,
            [week_start, tomorrow],
        ).fetchall()
    }
    last_fetched = dict(
        con.execute("SELECT source, max(fetched_at) FROM fetch_log WHERE source IS NOT NULL GROUP BY source").fetchall()
    )
    return [
        SourceActivity(
            source,
            new_articles.get(source, {}),
            fills.get((source, True)),
            fills.get((source, False)),
            fetches.get(source),
            last_fetched.get(source),
        )
        for source in sorted(new_articles.keys() | fetches.keys())
    ]


def source_health(con: duckdb.DuckDBPyConnection, now: datetime) -> Verdict:
    """Each source judged by `judge_source` against `now` (UTC), not against its own last day with data.

    Anchored to the data, a site that stopped altogether kept a normal-looking last day and passed; `now` is an
    argument so that tests can fix it.
    """
    today = (now.astimezone(UTC) if now.tzinfo else now).date()
    problems, details = [], {}
    for activity in read_source_activity(con, today):
        reasons, account = judge_source(activity, today)
        problems.extend(f"{activity.source}: {reason}" for reason in reasons)
        details[activity.source] = f"RED: {'; '.join(reasons)} ({account})" if reasons else f"healthy ({account})"
    return Verdict(not problems, "; ".join(problems) or f"{len(details)} sources healthy", details)


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
